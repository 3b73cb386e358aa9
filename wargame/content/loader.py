"""Loading a scenario (with its included rulebook and decks) and validating it.

A scenario may `include:` other YAML files that hold `rules:` and `injects:`
(the rulebook, an inject deck). They are merged into one `Scenario`. Every
problem, in any of the files, comes back as `file:line:col: message`; all of
them at once, so an author fixes a file in one pass.

`ScenarioTexts` keeps the text of every file read, so a save can embed them
and replay even if the files change later.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from wargame.content.bundled import DECKS, resolve
from wargame.content.checks import check
from wargame.content.questions import check_questions
from wargame.content.yamlfile import YamlDoc, describe_errors, parse, read_text
from wargame.errors import ContentError, Located
from wargame.model.debrief import Question
from wargame.model.scenario import Inject, Rule, Scenario


class Addendum(BaseModel):
    """An included file: a rulebook, an inject deck, or both."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    title: str = ""
    description: str = ""
    rules: list[Rule] = []
    injects: list[Inject] = []
    questions: list[Question] = []
    """Discussion questions for the debrief, per rule (`wargame.review.questions`)."""


@dataclass
class ScenarioTexts:
    """The text of a scenario and of every file it pulled in, by name."""

    main: str
    texts: dict[str, str] = field(default_factory=dict)
    parsed: dict[str, YamlDoc] = field(default_factory=dict, repr=False, compare=False)
    """Documents `read_texts` already parsed (to find the includes), each
    handed to `build` once so that the main file is parsed once, not twice."""

    def sha256(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.texts):
            h.update(name.encode() + b"\0" + self.texts[name].encode() + b"\0")
        return h.hexdigest()


def read_texts(path: str, decks: list[str] | None = None) -> ScenarioTexts:
    """Read a scenario file, the files it includes, and extra decks (each a
    path, or the id of a bundled scenario or deck)."""
    path = resolve(path)
    texts = ScenarioTexts(main=path)
    texts.texts[path] = _read(path)
    doc = texts.parsed[path] = YamlDoc(path, texts.texts[path])
    includes = doc.data.get("include", []) if isinstance(doc.data, dict) else []
    base = os.path.dirname(path)
    for i, inc in enumerate(includes if isinstance(includes, list) else []):
        inc_path = os.path.normpath(os.path.join(base, str(inc)))
        if not os.path.exists(inc_path):
            raise ContentError(
                [(doc.locate(["include", i]), f"included file {inc!r} not found (looked at {inc_path})")]
            )
        try:
            texts.texts[inc_path] = _read(inc_path)
        except ContentError as exc:
            # point at the `include:` line, and say what is wrong with the file
            raise ContentError(
                [(doc.locate(["include", i]), f"included file {inc!r}: {msg}") for _, msg in exc.problems]
            ) from None
    seen = {os.path.realpath(name) for name in texts.texts}
    for deck in (resolve(d, DECKS) for d in decks or []):
        if os.path.realpath(deck) in seen:
            continue  # already included by the scenario: read once, not twice
        seen.add(os.path.realpath(deck))
        texts.texts[deck] = _read(deck)
    return texts


def _parsed(texts: ScenarioTexts, name: str) -> YamlDoc:
    """The document `read_texts` parsed, once (build may change what it
    reads from it), or a new parse."""
    doc = texts.parsed.pop(name, None)
    if doc is None or doc.text != texts.texts[name]:
        doc = YamlDoc(name, texts.texts[name])
    return doc


def _read(path: str) -> str:
    return read_text(path, "scenario or deck (YAML)")


def load_scenario(path: str, decks: list[str] | None = None) -> tuple[Scenario, ScenarioTexts]:
    texts = read_texts(path, decks)
    return build(texts), texts


def build(texts: ScenarioTexts) -> Scenario:
    """Parse, merge and cross-check the files of a scenario."""
    main = _parsed(texts, texts.main)
    if not isinstance(main.data, dict):
        raise ContentError([(Located(texts.main, 1, 1), "a scenario is a YAML mapping (id:, title:, seats:, ...)")])
    data: dict[str, Any] = dict(main.data)
    # Where each merged rule and inject came from: (doc, its location there).
    origin: dict[tuple[str, int], tuple[YamlDoc, tuple[Any, ...]]] = {}
    for key in ("rules", "injects"):
        items = list(data.get(key) or [])
        for i in range(len(items)):
            origin[(key, i)] = (main, (key, i))
        data[key] = items
    problems: list[tuple[Located, str]] = []
    with_questions: list[tuple[YamlDoc, Addendum]] = []
    for name, text in texts.texts.items():
        if name == texts.main:
            continue
        doc = YamlDoc(name, text)
        try:
            addendum = parse(doc, Addendum)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if addendum.questions:
            with_questions.append((doc, addendum))
        for key in ("rules", "injects"):
            for i, item in enumerate((doc.data or {}).get(key) or []):
                origin[(key, len(data[key]))] = (doc, (key, i))
                data[key].append(item)

    def locate(loc: Sequence[Any]) -> Located:
        if len(loc) >= 2 and (loc[0], loc[1]) in origin:
            doc, base = origin[(loc[0], loc[1])]
            return doc.locate([*base, *loc[2:]])
        return main.locate(loc)

    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ContentError(problems + describe_errors(locate, exc).problems) from None
    if problems:
        raise ContentError(problems)
    found = [(locate(loc), msg) for loc, msg in check(scenario)]
    for doc, addendum in with_questions:
        found += [(doc.locate(loc), msg) for loc, msg in check_questions(scenario, addendum.questions)]
    if found:
        raise ContentError(found)
    return scenario


def load_addendum(path: str) -> Addendum:
    """Validate a rulebook or deck file on its own (shape only)."""
    doc = YamlDoc(path, _read(path))
    if not isinstance(doc.data, dict) or not any(doc.data.get(k) for k in ("rules", "injects", "questions")):
        what = "empty file" if doc.data is None else "no `rules:`, `injects:` or `questions:` here"
        raise ContentError(
            [(doc.locate([]), f"{what}; a deck or rulebook lists `injects:` or `rules:`, a debrief file `questions:`")]
        )
    return parse(doc, Addendum)
