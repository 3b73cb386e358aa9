"""Bots sharing the process's memos from several threads (the app's workers:
a bot's move and the deal finder's hint) play exactly as they do alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from wargame.bots.judge import CONTEXTS
from wargame.bots.memo import SHARED
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, play


def test_games_played_in_threads_at_once_are_the_games_played_alone(scenario: Scenario) -> None:
    batch = Batch(games=4, seed=11)
    SHARED.clear()
    CONTEXTS.clear()
    alone = [play(scenario, batch, i) for i in range(batch.games)]
    SHARED.clear()
    CONTEXTS.clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda i: play(scenario, batch, i), range(batch.games)))
    assert together == alone
