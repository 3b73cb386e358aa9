"""The bots make no reference cycles, so the collector has nothing to free.

A search, a context and a seat's judge each point at what they use and
never back at their owner (a judge holds its context weakly, a finder's
search is handed the finder instead of keeping it): garbage they leave is
freed as soon as it is dropped, not by a collection that walks the heap in
the middle of a deal search (the tails of `wargame bench-bots`). Played
with the context cache at work, evicting as it goes, and through the
framework talks, where the finder climbs.
"""

from __future__ import annotations

from tests.test_engine_gc import cycles_left_by
from wargame.bots.deals import find_deals
from wargame.bots.judge import CONTEXTS
from wargame.bots.memo import SHARED
from wargame.bots.tables import SPACES
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, play_game


def test_bot_games_and_their_searches_make_no_reference_cycles(scenario: Scenario) -> None:
    play_game(scenario, Batch(games=1, sequence="framework_first"), 0)  # builds the scenario's tables
    # evict often: an evicted context, seat core or space must go without a collection
    sizes = CONTEXTS.size, SHARED.size, SPACES.size
    CONTEXTS.size, SHARED.size, SPACES.size = 8, 4, 8
    try:

        def games() -> None:
            for sequence in scenario.sequences:
                game = play_game(scenario, Batch(games=2, sequence=sequence), 1)
                assert game.over
            fresh = play_game(scenario, Batch(games=1, sequence="framework_first"), 5)
            find_deals(scenario, fresh.state)

        assert cycles_left_by(games) == 0
    finally:
        CONTEXTS.size, SHARED.size, SPACES.size = sizes


def test_the_deal_finder_during_the_framework_talks_makes_no_cycles(scenario: Scenario) -> None:
    from wargame.bots.player import Bot
    from wargame.engine.game import Game, Setup
    from wargame.engine.play import act

    def calls() -> None:
        game = Game.start(
            scenario, Setup(seed=3, sequence="framework_first", seats={s: "bot" for s in scenario.seat_ids})
        )
        bots = {s: Bot(s) for s in scenario.seat_ids}
        for _ in range(12):
            seat = game.to_act()
            if seat is None or game.over:
                break
            if game.state.step == "turns":
                report = find_deals(scenario, game.state)
                assert report.method == "local search" or game.state.status != "framework"
            act(game, bots[seat])

    assert cycles_left_by(calls) == 0
