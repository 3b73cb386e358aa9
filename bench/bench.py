"""Run the benchmark: python bench/bench.py [SCENARIO] [EVENTS]"""

import sys

from wargame.benches.play import bench

if __name__ == "__main__":
    scenario = sys.argv[1] if len(sys.argv) > 1 else "scenarios/ukraine-2025.yaml"
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    print(bench(scenario, events))
