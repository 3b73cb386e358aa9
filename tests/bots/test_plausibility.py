"""A small smoke test of what the sources lead us to expect of bot games
(the 1,000-game check is `wargame simulate ... --games 1000`, not a test).

* Russia refuses an unconditional or 30-day ceasefire before a framework
  while it holds the momentum (src-003).
* European troops without a US backstop do not end up in a signed treaty
  (src-002, src-001).
* The leverage lens (Russia stuck, src-002) makes peace likelier than the
  restraint lens (Russia advancing, src-000, src-001, src-003).
* Games do not all end the same way.
"""

from __future__ import annotations

from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, run_batch, summarize


def test_bot_games_are_plausible(scenario: Scenario) -> None:
    out = {}
    for lens in ("restraint", "leverage"):
        batch = Batch(games=10, seed=1, lens=lens)
        out[lens] = summarize(scenario, batch, run_batch(scenario, batch, jobs=2))
    restraint, leverage = out["restraint"], out["leverage"]
    # None: no bot tabled one (they know Russia's price); when one is voted, Russia refuses
    assert restraint["checks"]["russia_rejects_early_ceasefire_pct"] in (None, 100.0)
    for summary in out.values():
        assert summary["checks"]["troops_without_backstop_signed_in_games"] == 0
    assert leverage["outcomes_pct"]["peace"] > restraint["outcomes_pct"]["peace"]
    kinds = {k for s in out.values() for k, v in s["outcomes"].items() if v}
    assert len(kinds) >= 2
    assert restraint["outcomes_pct"] != leverage["outcomes_pct"]
