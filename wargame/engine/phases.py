"""The phase machine: which talks come next, declared as a transitions table.

Built with `transitions` from the scenario's sequence, so another scenario
with other phases gets its own machine. It only sequences phases; the work
(signing, voiding agreements) is done by the pure engine, and the callbacks
stay trivial, because transitions does not roll back a state change when a
callback fails (see PITFALLS.md). The model is a plain class, not a pydantic
one, which transitions cannot use as its model.

Triggers:
    sign        a phase agreement was signed: on to the first phase of the
                sequence with no agreement in force, or `peace` after the last
    break_down  the ceasefire broke down: back to the ceasefire talks
    collapse    the talks collapse
    resume      a facilitator resumes collapsed talks where they stopped
    expire      the last round passed with no treaty
    force       a facilitator moves the talks to any state
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from transitions import Machine

from wargame.model.state import TERMINAL


def _named(name: str, fn: Callable[[], bool]) -> Callable[[], bool]:
    fn.__name__ = name  # the diagram shows conditions by name
    return fn


class PhaseFlow:
    """The talks' state, and the legal moves between phases."""

    state: str

    def __init__(self, sequence: list[str], ceasefire: str | None, initial: str, graph: bool = False) -> None:
        self.sequence = list(sequence)
        self._target: str | None = None
        states = [*self.sequence, *TERMINAL]
        transitions: list[dict[str, Any]] = []

        def target_is(dest: str) -> Callable[[], bool]:
            return _named(f"next_is_{dest}", lambda: self._target == dest)

        for i, src in enumerate(self.sequence):
            for dest in [*self.sequence[i + 1 :], "peace"]:
                transitions.append({"trigger": "sign", "source": src, "dest": dest, "conditions": [target_is(dest)]})
        if ceasefire in self.sequence:
            later = [p for p in self.sequence if p != ceasefire]
            if later:
                transitions.append({"trigger": "break_down", "source": later, "dest": ceasefire})
        transitions.append({"trigger": "collapse", "source": self.sequence, "dest": "collapse"})
        for dest in self.sequence:
            transitions.append(
                {"trigger": "resume", "source": "collapse", "dest": dest, "conditions": [target_is(dest)]}
            )
        transitions.append({"trigger": "expire", "source": self.sequence, "dest": "expired"})
        for dest in states if not graph else []:  # the facilitator's override; not drawn
            transitions.append(
                {
                    "trigger": "force",
                    "source": [s for s in states if s != dest],
                    "dest": dest,
                    "conditions": [target_is(dest)],
                }
            )
        kwargs: dict[str, Any] = dict(
            model=self, states=states, transitions=transitions, initial=initial, auto_transitions=False
        )
        if graph:
            from transitions.extensions import GraphMachine

            self.machine: Machine = GraphMachine(graph_engine="mermaid", title="The phases of the talks", **kwargs)
        else:
            self.machine = Machine(**kwargs)

    def _fire(self, trigger: str, target: str | None = None) -> str:
        self._target = target
        ok = self.trigger(trigger)  # type: ignore[attr-defined]
        if not ok:
            raise ValueError(f"cannot {trigger} from {self.state} to {target}")
        return self.state

    def after_signing(self, in_force: set[str]) -> str:
        """Where the talks go once the current phase's agreement is signed: the
        next phase of the sequence with no agreement in force, or peace."""
        later = self.sequence[self.sequence.index(self.state) + 1 :]
        target = next((p for p in later if p not in in_force), "peace")
        return self._fire("sign", target)

    def break_down(self) -> str:
        return self._fire("break_down")

    def collapse(self) -> str:
        return self._fire("collapse")

    def resume(self, phase: str) -> str:
        return self._fire("resume", phase)

    def expire(self) -> str:
        return self._fire("expire")

    def force(self, dest: str) -> str:
        return self._fire("force", dest)

    def can(self, trigger: str) -> bool:
        """Could this trigger fire from here (ignoring conditions)?"""
        return bool(self.machine.get_transitions(trigger=trigger, source=self.state))


_flows = threading.local()


def flow_at(sequence: list[str], ceasefire: str | None, state: str) -> PhaseFlow:
    """A phase machine for this sequence, standing at `state`.

    Building a transitions machine costs far more than moving it (it was half
    of the engine's time per round), so each thread keeps one machine per
    sequence and sets its state; callers use it for one decision at a time.
    """
    flows: dict[tuple[tuple[str, ...], str | None], PhaseFlow] = _flows.__dict__.setdefault("flows", {})
    key = (tuple(sequence), ceasefire)
    flow = flows.get(key)
    if flow is None:
        flow = flows[key] = PhaseFlow(list(sequence), ceasefire, state)
    else:
        flow.machine.set_state(state, model=flow)
    return flow


def mermaid(sequence: list[str], ceasefire: str | None) -> str:
    """The machine drawn as a mermaid state diagram, generated, never hand-drawn."""
    flow = PhaseFlow(sequence, ceasefire, sequence[0], graph=True)
    return str(flow.get_graph().draw(None))  # type: ignore[attr-defined]
