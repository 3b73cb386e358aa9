"""A quick version of the calibration benchmark (bench/calibration.py): a few
bot games a cell, so a rule change that breaks the world model's shape is
caught in the suite. The full benchmark (200 games a cell) prints every band;
here only the bands that a handful of games can judge are held, loosely."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


def _bench() -> ModuleType:
    path = os.path.join(ROOT, "bench", "calibration.py")
    spec = importlib.util.spec_from_file_location("calibration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibration"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measured() -> tuple[ModuleType, dict[str, Any]]:
    bench = _bench()
    return bench, bench.measure(games=6, front_games=3)


def test_the_quick_calibration_has_every_band_of_the_docs(measured: tuple[ModuleType, dict[str, Any]]) -> None:
    bench, m = measured
    with open(os.path.join(ROOT, "docs", "world.md"), encoding="utf-8") as fh:
        docs = fh.read()
    judged = bench.judge(m)
    assert {b.id for b, _, _ in judged} == {b.id for b in bench.BANDS}
    for band in bench.BANDS:
        assert f"`{band.id}`" in docs, f"band {band.id} is not in docs/world.md"


def test_the_quick_calibration_keeps_the_shape_of_the_world(measured: tuple[ModuleType, dict[str, Any]]) -> None:
    _, m = measured
    cells, front = m["cells"], m["front"]
    # the front moves in slivers, not sweeping gains (src-002)
    assert 0.1 <= front["territory_mean"] <= 2.0
    # no loophole past a red line in any bot-signed treaty
    assert sum(c["forbidden"] for c in cells.values()) == 0
    # framework first does better than ceasefire first under restraint (src-003)
    assert cells["restraint/framework_first"]["peace"] > cells["restraint/ceasefire_first"]["peace"]
    assert cells["restraint/framework_first"]["collapse"] <= cells["restraint/ceasefire_first"]["collapse"] + 34
    # under leverage Kyiv refuses formal neutrality (src-002)
    for cell in ("leverage/ceasefire_first", "leverage/framework_first"):
        assert cells[cell]["neutral"] in (None, 0.0)
