"""What every format of the class report is made from (`ReportData`), kept
apart from the formats so the debrief and the AAR build on it without
importing the report that includes them."""

from __future__ import annotations

from dataclasses import dataclass

from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.review.baseline import Baseline
from wargame.review.branch import ParentCheck, check_parent
from wargame.review.describe import DEBRIEF
from wargame.review.outcome import Outcome, ScoreStep, outcome, score_history
from wargame.review.timeline import Timeline
from wargame.store.savefile import LoadedSave

SKIP = (e.TurnEnded, e.RoundEnded)
"""Events left out of the report's timeline (their content is shown elsewhere)."""


@dataclass
class ReportData:
    loaded: LoadedSave
    timeline: Timeline
    outcome: Outcome
    history: dict[str, list[ScoreStep]]
    view: str = DEBRIEF
    baseline: Baseline | None = None
    parent: ParentCheck | None = None

    @property
    def scenario(self) -> Scenario:
        return self.timeline.scenario


def build(loaded: LoadedSave, view: str = DEBRIEF, baseline: Baseline | None = None) -> ReportData:
    timeline = Timeline.of(loaded)
    return ReportData(
        loaded=loaded,
        timeline=timeline,
        outcome=outcome(timeline),
        history=score_history(timeline),
        view=view,
        baseline=baseline,
        parent=check_parent(loaded),
    )
