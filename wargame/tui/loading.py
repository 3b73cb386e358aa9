"""Loading scenarios off the UI thread, once each, and finding them on disk."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from wargame.content.bundled import is_scenario

if TYPE_CHECKING:
    from wargame.content.loader import ScenarioTexts
    from wargame.model.scenario import Scenario

_cache: dict[str, tuple[Scenario, ScenarioTexts]] = {}
_lock = threading.Lock()


def _key(path: str, decks: tuple[str, ...]) -> str:
    return "|".join(os.path.abspath(p) for p in (path, *decks))


def load(path: str, decks: tuple[str, ...] = ()) -> tuple[Scenario, ScenarioTexts]:
    """Load and validate a scenario (with extra inject decks), once: a second
    caller waits for the first."""
    from wargame.content.loader import load_scenario

    key = _key(path, decks)
    with _lock:
        if key not in _cache:
            _cache[key] = load_scenario(path, list(decks))
        return _cache[key]


def loaded(path: str, decks: tuple[str, ...] = ()) -> tuple[Scenario, ScenarioTexts] | None:
    """The scenario if it is already loaded, without waiting."""
    return _cache.get(_key(path, decks))


def facilitator_files(kind: str) -> list[str]:
    """Inject decks (`kind="deck"`) or prepared openings (`"moves"`) in ./facilitator,
    to suggest in the setup form."""
    folder, found = "facilitator", []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(root, name)
            is_moves = os.path.basename(root) == "sessions" or name.endswith(".moves.yaml")
            if is_moves == (kind == "moves"):
                found.append(path)
    return sorted(found)


def bundled_scenario() -> str:
    from wargame.content.bundled import default_scenario

    return default_scenario()


def scenario_files(extra: str | None = None) -> list[str]:
    """Scenario files in ./scenarios and the bundled ones (not rulebooks or decks)."""
    from wargame.content.bundled import folder as bundled_folder

    folders = ["scenarios", str(bundled_folder())]
    found: list[str] = [extra] if extra else []
    seen = {os.path.abspath(p) for p in found}
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if not name.endswith((".yaml", ".yml")) or os.path.abspath(path) in seen:
                continue
            if is_scenario(path):
                found.append(os.path.relpath(path) if not os.path.isabs(folder) else path)
                seen.add(os.path.abspath(path))
    return found
