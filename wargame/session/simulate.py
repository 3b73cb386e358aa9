"""Batch simulation: many bot-against-bot games, and what usually happens.

`wargame simulate` plays N games of a scenario with a bot in every seat, in
parallel on all cores, and sums them up: how the games end (peace, collapse,
expired), when each phase's agreement is signed, how often each option ends
up in a signed treaty, each seat's mean score, the rules that fire most, and
a few checks of plausibility taken from the sources (Russia refusing early
ceasefires, src-003; European troops without a US backstop, src-002).

Each game is a pure function of the scenario, its settings and its own seed
(derived from the batch's seed and the game's number), and the results are
summed in the games' order, so the same seed gives the same numbers whatever
the number of processes. Games are not saved.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wargame.bots.personas import persona as find_persona
from wargame.bots.player import Bot
from wargame.engine.game import Game, Setup
from wargame.engine.play import play_until
from wargame.model import events as e
from wargame.model import players
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL
from wargame.rules.conditions import compiled
from wargame.rules.engine import rule_index
from wargame.rules.rng import draw
from wargame.rules.scoring import scores
from wargame.session.collector import THRESHOLDS

Progress = Callable[[int, int], None]
"""Called with (games done, games in all) as results come in."""


@dataclass(frozen=True)
class Batch:
    """What to simulate."""

    games: int
    seed: int = 0
    lens: str | None = None
    sequence: str | None = None
    personas: dict[str, str] = field(default_factory=dict)
    """Seat -> persona id; the others play their default persona."""


def game_seed(seed: int, index: int) -> int:
    """The seed of game `index` of a batch: a stable draw, not `seed + index`,
    so that batches with neighbouring seeds do not share games."""
    return int(draw(seed, "simulate", index) * 2**31)


def play(scenario: Scenario, batch: Batch, index: int) -> dict[str, Any]:
    """Play game `index` of the batch to its end; return what it came to."""
    return outcome(scenario, play_game(scenario, batch, index))


def setup_of(scenario: Scenario, batch: Batch, index: int) -> Setup:
    """The setup of game `index` of the batch: its seed, and a bot in every seat."""
    seats = {s: str(players.Bot(batch.personas.get(s))) for s in scenario.seat_ids}
    return Setup(seed=game_seed(batch.seed, index), lens=batch.lens, sequence=batch.sequence, seats=seats)


def play_game(scenario: Scenario, batch: Batch, index: int) -> Game:
    """Game `index` of the batch, played to its end."""
    game = Game.start(scenario, setup_of(scenario, batch, index))
    bots = {s: Bot(seat=s, persona=find_persona(scenario, s, batch.personas.get(s))) for s in scenario.seat_ids}
    play_until(game, bots)
    return game


_COUNTED: frozenset[type[e.Event]] = frozenset(
    {e.RoundStarted, e.RoundEnded, e.AgreementSigned, e.AgreementVoided, e.VotingOpened, e.VoteCast, e.RuleFired}
)
"""The kinds of event `outcome` reads (no kind has subclasses)."""


def outcome(scenario: Scenario, game: Game) -> dict[str, Any]:
    """The facts of one finished game that the summary counts."""
    st = game.state
    signed: dict[str, int] = {}
    early_votes: list[str] = []
    troops_voted = False
    agreements: set[str] = set()
    pending: dict[str, str] = {}
    rnd = 0
    rules: set[str] = set()
    rounds = 0
    for ev in game.events:
        if type(ev) not in _COUNTED:
            continue  # most events (turns, messages, proposals) are none of these
        if isinstance(ev, e.RoundEnded):
            rounds += 1
        elif isinstance(ev, e.RoundStarted):
            rnd = ev.round
        elif isinstance(ev, e.AgreementSigned):
            signed.setdefault(ev.phase, rnd)
            agreements.add(ev.phase)
        elif isinstance(ev, e.AgreementVoided):
            agreements.discard(ev.phase)
        elif isinstance(ev, e.VotingOpened):
            pending = dict(ev.terms)
            troops_voted = troops_voted or _troops_without_backstop(pending)
        elif isinstance(ev, e.VoteCast) and ev.seat == "russia":
            early = pending.get("ceasefire") in ("unconditional", "thirty_day") and "framework" not in agreements
            if early:
                early_votes.append(ev.response)
        elif isinstance(ev, e.RuleFired) and ev.outcome == "fired":
            rules.add(ev.rule)
    deal = st.agreed_terms() if st.status == "peace" else {}
    return {
        "status": st.status,
        "rounds": rounds,
        "signed": signed,
        "deal": deal,
        "scores": {s: sc.total for s, sc in scores(scenario, st).items()},
        "rules": sorted(rules),
        "levers": [lv for _, _, lv in st.levers_used],
        "early_ceasefire_votes": early_votes,
        "troops_without_backstop": {"voted": troops_voted, "signed": _troops_without_backstop(deal)},
    }


def _troops_without_backstop(terms: dict[str, str]) -> bool:
    forces = terms.get("foreign_forces") in ("european_peacekeepers", "european_tripwire", "training_contingent")
    return forces and terms.get("us_backstop", "none") == "none"


# ---- running in parallel ---------------------------------------------------

_WORKER: tuple[Scenario, Batch] | None = None

GC_THRESHOLDS = THRESHOLDS
"""The collector's thresholds while a batch plays (`session.collector`)."""


def warm(scenario: Scenario) -> None:
    """Build the tables a game reads (the rulebook's index and its compiled
    conditions) before workers are forked, so that every worker starts with
    them, and move everything loaded so far out of the collector's sight
    (`gc.freeze`): the scenario lives as long as the batch."""
    rule_index(scenario)
    for inject in scenario.injects:
        if inject.trigger.when is not None:
            compiled(scenario, inject.trigger.when)
    gc.collect()
    gc.freeze()


def _init(scenario: Scenario, batch: Batch) -> None:
    global _WORKER
    _WORKER = (scenario, batch)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _play_chunk(indices: list[int]) -> list[tuple[int, dict[str, Any]]]:
    assert _WORKER is not None
    scenario, batch = _WORKER
    return [(i, played(scenario, batch, i)) for i in indices]


def played(scenario: Scenario, batch: Batch, index: int) -> dict[str, Any]:
    """`play`, then what outlives the game (the bots' shared tables: spaces,
    judgements, contexts) frozen out of the collector's sight, as what was
    loaded is (`warm`). A game leaves no cyclic garbage
    (`tests/test_engine_gc.py`, `tests/bots/test_no_cycles.py`), so a
    collection during the batch could only walk those tables again and
    again: freezing also restarts the count of the young generation, so
    one seldom comes (a batch of 200 games: 2 collections, not 9, 28 ms
    instead of 170 ms). What a frozen table lets go of is freed as ever,
    by its count; the batch unfreezes all at its end (`run_batch`)."""
    result = play(scenario, batch, index)
    gc.freeze()
    return result


def _chunks(n: int, size: int) -> Iterator[list[int]]:
    for start in range(0, n, size):
        yield list(range(start, min(n, start + size)))


def run_batch(
    scenario: Scenario, batch: Batch, jobs: int | None = None, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """Every game's outcome, in the games' order. `jobs` processes (all cores
    by default; 1 plays in this process)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: dict[int, dict[str, Any]] = {}
    thresholds = gc.get_threshold()
    warm(scenario)
    try:
        if jobs == 1 or batch.games <= 1:
            _init(scenario, batch)
            for i in range(batch.games):
                results[i] = played(scenario, batch, i)
                if progress:
                    progress(len(results), batch.games)
        else:
            # forked workers start warm (the tables above); small chunks keep
            # both cores busy to the end of the batch
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            size = max(1, min(8, batch.games // (jobs * 8)))
            ctx = mp.get_context(method)
            with ctx.Pool(jobs, initializer=_init, initargs=(scenario, batch)) as pool:
                for chunk in pool.imap_unordered(_play_chunk, _chunks(batch.games, size)):
                    for i, result in chunk:
                        results[i] = result
                    if progress:
                        progress(len(results), batch.games)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    return [results[i] for i in range(batch.games)]


# ---- the summary -------------------------------------------------------------


def summarize(scenario: Scenario, batch: Batch, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The distribution of outcomes and the rest, as plain JSON data."""
    n = len(results) or 1
    outcomes = Counter(r["status"] for r in results)
    phases: dict[str, Any] = {}
    for phase in scenario.phases:
        rounds = [r["signed"][phase.id] for r in results if phase.id in r["signed"]]
        phases[phase.id] = {
            "signed_in": round(100 * len(rounds) / n, 1),
            "mean_round": round(statistics.fmean(rounds), 2) if rounds else None,
            "median_round": statistics.median(rounds) if rounds else None,
        }
    peace = [r for r in results if r["status"] == "peace"]
    options: dict[str, dict[str, float]] = {}
    for issue in scenario.issues:
        counts = Counter(r["deal"].get(issue.id) for r in peace)
        if peace:
            options[issue.id] = {(opt or "(silent)"): round(100 * k / len(peace), 1) for opt, k in counts.most_common()}
    seats = scenario.seat_ids
    score = {s: round(statistics.fmean(r["scores"][s] for r in results), 2) for s in seats} if results else {}
    rules = Counter(rule for r in results for rule in r["rules"])
    levers = Counter(lv for r in results for lv in r["levers"])
    early = [v for r in results for v in r["early_ceasefire_votes"]]
    voted = sum(1 for r in results if r["troops_without_backstop"]["voted"])
    signed = sum(1 for r in results if r["troops_without_backstop"]["signed"])
    return {
        "scenario": scenario.id,
        "lens": batch.lens if batch.lens is not None else scenario.default_lens,
        "sequence": batch.sequence or scenario.default_sequence,
        "personas": dict(batch.personas),
        "seed": batch.seed,
        "games": len(results),
        "outcomes": {k: outcomes.get(k, 0) for k in TERMINAL},
        "outcomes_pct": {k: round(100 * outcomes.get(k, 0) / n, 1) for k in TERMINAL},
        "rounds": {
            "mean": round(statistics.fmean(r["rounds"] for r in results), 2) if results else None,
            "by_outcome": {
                k: round(statistics.fmean(r["rounds"] for r in results if r["status"] == k), 2)
                for k in TERMINAL
                if outcomes.get(k)
            },
        },
        "phases": phases,
        "treaty_options_pct": options,
        "mean_scores": score,
        "rules_fired_pct": {rule: round(100 * k / n, 1) for rule, k in rules.most_common(12)},
        "levers_per_game": {lv: round(k / n, 2) for lv, k in levers.most_common()},
        "checks": {
            "russia_early_ceasefire_votes": len(early),
            "russia_rejects_early_ceasefire_pct": round(100 * early.count("reject") / len(early), 1) if early else None,
            "troops_without_backstop_voted_in_games": voted,
            "troops_without_backstop_signed_in_games": signed,
        },
    }
