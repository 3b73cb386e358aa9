"""Fuzzing the readers: forged saves (any field of any event changed, events
dropped, doubled or swapped, the chain recomputed) and arbitrary YAML. A
reader may accept or refuse, but only ever with a `WargameError` (exit 2 and
a message), never another exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.reliability.conftest import FUZZ, FUZZ_FILES
from tests.reliability.hostile import bodies, rechained
from wargame.content.loader import ScenarioTexts, build
from wargame.errors import WargameError
from wargame.session.moves import LoadedMoves

V1 = Path(ROOT, "tests", "data", "v1-save.jsonl")
LINES = bodies(V1)
EVENTS: list[dict[str, Any]] = [json.loads(b) for b in LINES[1:]]

IDS = ["a", "b", "c", "nobody", "a_push", "b_push", "guns", "silent", "truce", "frame", "deal", "peace", "collapse"]
VALUES = st.one_of(
    st.sampled_from(IDS),
    st.integers(-5, 100),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.text(max_size=8),
    st.none(),
    st.booleans(),
    st.lists(st.sampled_from(IDS), max_size=3),
    st.dictionaries(st.sampled_from(IDS), st.sampled_from(IDS), max_size=2),
)


@st.composite
def forgeries(draw: st.DrawFn) -> list[dict[str, Any]]:
    events = [dict(ev) for ev in EVENTS]
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["field", "field", "field", "drop", "double", "swap"]))
        i = draw(st.integers(0, len(events) - 1))
        if how == "field":
            key = draw(st.sampled_from(sorted(events[i])))
            events[i][key] = draw(VALUES)
        elif how == "drop" and len(events) > 1:
            del events[i]
        elif how == "double":
            events.insert(i, dict(events[i]))
        else:
            j = draw(st.integers(0, len(events) - 1))
            events[i], events[j] = events[j], events[i]
    return events


@FUZZ_FILES
@given(events=forgeries())
def test_a_forged_save_is_read_or_refused_never_crashes(events: list[dict[str, Any]]) -> None:
    from wargame.review.report import build as report
    from wargame.review.report import csv_text, markdown
    from wargame.store.savefile import load_save

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "forged.jsonl"
        rechained(path, [LINES[0], *(json.dumps(ev) for ev in events)])
        try:
            loaded = load_save(str(path))
        except WargameError:
            event("refused")
            return
        event("accepted (a change the rules allow)")
        loaded.replay()
        data = report(loaded)
        markdown(data)
        csv_text(data)


YAML_BITS = st.sampled_from(
    [
        "id: x\n",
        "title: t\n",
        "seats:\n",
        "  - ",
        "{",
        "}",
        "[",
        "]",
        ": ",
        ", ",
        "&a ",
        "*a",
        "&b ",
        "*b",
        "<<: *a\n",
        "!!python/object:os.system ",
        "'",
        '"',
        "\t",
        "\n",
        "- ",
        "? ",
        "|\n",
        ">\n",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        ".nan",
        ".inf",
        "-.inf",
        "1e999",
        "0x1F",
        "~",
        "null",
        "yes",
        "no",
        "rules:\n",
        "injects:\n",
        "condition:",
        " all: ",
        "include: [/dev/zero]\n",
        "\x00",
        "\ufeff",
        "é",
    ]
)


@FUZZ
@given(text=st.lists(YAML_BITS, max_size=40).map("".join))
def test_any_yaml_is_loaded_or_refused_with_a_located_message(text: str) -> None:
    try:
        build(ScenarioTexts(main="f.yaml", texts={"f.yaml": text}))
    except WargameError as exc:
        assert str(exc).startswith("f.yaml")
    try:
        LoadedMoves("m.yaml", text)
    except WargameError as exc:
        assert str(exc).startswith("m.yaml")
