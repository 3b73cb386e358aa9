"""The collector's policy while games play: raised, frozen, and put back."""

from __future__ import annotations

import gc

import pytest

from wargame.session.collector import THRESHOLDS, playing


def test_playing_raises_the_thresholds_and_freezes_then_puts_both_back() -> None:
    before = gc.get_threshold()
    with playing():
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_thresholds_are_put_back_after_an_error() -> None:
    before = gc.get_threshold()
    try:
        with playing():
            raise ValueError("a user's mistake")
    except ValueError:
        pass
    assert gc.get_threshold() == before


def test_the_command_line_plays_under_the_policy(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from wargame import cli

    seen: list[tuple[int, ...]] = []

    def command(args: argparse.Namespace) -> int:
        seen.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", lambda self, argv=None: argparse.Namespace(fn=command))
    assert cli.main([]) == 0
    assert seen == [THRESHOLDS]


def test_the_command_line_ends_with_the_heap_frozen_and_the_command_s_exit_code(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The last walk of the heap at shutdown is skipped (session.collector.exit_now)."""
    from wargame import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as ended:
            cli.entry()
        assert ended.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
