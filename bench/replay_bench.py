"""Run the replay benchmark: python bench/replay_bench.py [SAVE] [EVENTS]

Without SAVE it makes a save of EVENTS events (10,000 by default) and times
opening it for review and stepping through it (see wargame/benches/replay.py).
"""

import sys

from wargame.benches.replay import replay_bench

if __name__ == "__main__":
    save = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else None
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    print(replay_bench(save, events))
