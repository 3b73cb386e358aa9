"""The scenarios and inject decks that ship with wargame, and naming one by its id.

Authors edit one copy: the repo's `scenarios/` and `facilitator/`. A wheel
carries them inside the package (`setup.py` maps them to `wargame/scenarios`
and `wargame/facilitator`), found here with `importlib.resources`; a source
checkout (an editable install, the tests) reads the repo's folders directly.
The include `../facilitator/...` in a bundled scenario resolves the same way
in both layouts.

A bundled scenario's file is named after its id (`ukraine-2025.yaml` holds
`id: ukraine-2025`), so `wargame run ukraine-2025` finds it from any folder.
Loading the files and checking them is `content.loader`'s work, not this one's.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

SCENARIOS, DECKS = "scenarios", "facilitator"
"""The two folders of bundled content, the same names in the repo and in the package."""

SUFFIXES = (".yaml", ".yml")


def root() -> Path:
    """The folder that holds the bundled `scenarios/` and `facilitator/`."""
    package = Path(str(resources.files("wargame")))
    if (package / SCENARIOS).is_dir():
        return package  # installed from a wheel: the content is package data
    return package.parent  # a source checkout: the repo's own folders


def folder(kind: str = SCENARIOS) -> Path:
    return root() / kind


def is_scenario(path: str | os.PathLike[str]) -> bool:
    """A scenario, not a rulebook or a deck: it has top-level `seats:` or `id:`."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    keys = {line.split(":", 1)[0] for line in head.splitlines() if ":" in line and not line.startswith((" ", "#"))}
    return "seats" in keys or "id" in keys


def scenarios() -> dict[str, str]:
    """The bundled scenarios, by id, in name order."""
    try:
        names = sorted(os.listdir(folder()))
    except OSError:
        return {}
    found: dict[str, str] = {}
    for name in names:
        path = folder() / name
        if name.endswith(SUFFIXES) and is_scenario(path):
            found[name.rsplit(".", 1)[0]] = _shown(path)
    return found


def default_scenario() -> str:
    """The bundled scenario a command uses when none is named: the first by name."""
    found = scenarios()
    if found:
        return next(iter(found.values()))
    return str(folder() / "scenario.yaml")  # nothing bundled: the loader says the file is missing


def resolve(name: str, kind: str = SCENARIOS) -> str:
    """A file's path as given, or the bundled scenario (or deck) with that id.

    An existing file always wins; a name with a folder or a `.yaml` suffix is a
    path, never an id. Anything else that names no bundled file is returned
    unchanged, so the loader reports it as a missing file.
    """
    if os.path.exists(name) or os.sep in name or "/" in name or name.endswith(SUFFIXES):
        return name
    if kind == SCENARIOS:
        return scenarios().get(name, name)
    for suffix in SUFFIXES:
        path = folder(kind) / (name + suffix)
        if path.is_file():
            return _shown(path)
    return name


def _shown(path: Path) -> str:
    """The path relative to the working folder when it lies inside it (as an
    author would type it, and as saves made in the repo have always named it)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
