"""The moves file: a scripted session; every mistake in it is reported at the
move (`FILE:line:col:`), exit code 2, no traceback."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SCENARIO
from wargame.cli import main
from wargame.content.loader import ScenarioTexts
from wargame.errors import ContentError
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.session.moves import read_moves
from wargame.session.runner import RunOptions, run


def moves_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "moves.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run_moves(tmp_path: Path, path: Path, *extra: str) -> tuple[int, str, str, Path]:
    save = tmp_path / f"game-{len(list(tmp_path.glob('*.jsonl')))}.jsonl"
    code = main(["run", SCENARIO, "--moves", str(path), "--json", "--save", str(save), *extra])
    out, err = _capsys.readouterr()
    return code, out, err, save


_capsys: pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _capture(capsys: pytest.CaptureFixture[str]) -> None:
    global _capsys
    _capsys = capsys


def refused(bundled: tuple[Scenario, ScenarioTexts], path: Path) -> str:
    """The error of a run of the moves file, in process and unsaved (as the CLI prints it)."""
    with pytest.raises(ContentError) as info:
        run(*bundled, RunOptions(), read_moves(str(path)))
    return str(info.value)


def where(path: Path, line: int, col: int) -> str:
    return f"{path}:{line}:{col}: "


def col_of(path: Path, line: int, needle: str) -> int:
    return path.read_text().split("\n")[line - 1].index(needle) + 1


def assert_at(err: str, prefix: str, message: str) -> None:
    assert err.startswith(prefix), err
    assert message in err


def assert_refused(code: int, out: str, err: str, prefix: str, message: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith(prefix), err
    assert message in err
    assert "Traceback" not in err


# ---- each mistake, at its move ------------------------------------------------------------------


def test_an_unknown_seat_in_a_move(tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        seed: 3
        rounds:
          - moves:
              - {seat: us, propose: {ceasefire: thirty_day}}
              - {seat: usa, say: hello}
        """,
    )
    code, out, err, save = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 5, col_of(path, 5, "usa")), "unknown seat 'usa'")
    assert "the seats are: us, russia, ukraine, europe" in err
    assert not save.exists(), "found before the game starts: no save is left"


def test_an_unknown_seat_in_the_seats_mapping(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        seats: {us: script, eu: bot}
        rounds: []
        """,
    )
    err = refused(bundled, path)
    assert_at(err, f"{path}:1:", "unknown seat 'eu'")


def test_a_bad_seat_mode(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(tmp_path, "seats: {us: robot}\n")
    err = refused(bundled, path)
    assert_at(err, where(path, 1, col_of(path, 1, "robot")), "use script, bot or bot:<persona>")


def test_an_off_agenda_issue(tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, say: "Let us start."}
              - {seat: us, propose: {ceasefire: thirty_day, territory: de_facto_control}}
        """,
    )
    code, out, err, _ = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 4, 9), "territory is not on the agenda of the ceasefire talks")


def test_an_off_agenda_issue_in_a_later_round(tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, propose: {ceasefire: thirty_day, dmz: international_monitoring}}
              - {seat: russia, respond: accept}
              - {seat: ukraine, respond: accept}
          - moves:
              - {seat: us, propose: {ceasefire: unconditional}}
        """,
    )
    code, out, err, save = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 7, 9), "ceasefire is not on the agenda of the framework talks")
    assert save.exists(), "what was played before the mistake is saved"


def test_an_unknown_option(tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, propose: {ceasefire: thirty_days}}
        """,
    )
    code, out, err, _ = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 3, 9), "unknown option 'thirty_days' for ceasefire")


def test_an_unknown_lever_and_another_seats_lever(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, lever: pause_aids}
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 3, 9), "unknown lever 'pause_aids'")
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, lever: offensive}
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 3, 9), "offensive is russia's lever, not us's")


def test_a_second_lever_in_a_round(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, lever: pause_aid}
              - {seat: us, lever: sign_minerals_deal}
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 4, 9), "already pulled a lever this round")


def test_a_message_to_an_unknown_seat(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: russia, say: "No NATO troops.", to: nato}
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 3, 9), "unknown seat 'nato'")


def test_an_unknown_inject(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - injects: [alien_landing]
            moves: []
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 2, col_of(path, 2, "alien_landing")), "unknown inject 'alien_landing'")


def test_a_move_with_two_verbs_is_refused(tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, propose: {ceasefire: thirty_day}, lever: pause_aid}
        """,
    )
    code, out, err, _ = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 3, 9), "a move does exactly one of propose, lever, say, respond")
    assert "['propose', 'lever']" in err


def test_a_move_with_no_verb_is_refused(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, to: russia}
        """,
    )
    err = refused(bundled, path)
    assert_at(err, where(path, 3, 9), "a move does exactly one of")


def test_a_misspelled_verb(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: us, propse: {ceasefire: thirty_day}}
        """,
    )
    err = refused(bundled, path)
    assert where(path, 3, col_of(path, 3, "propse")) in err
    assert "unknown field 'propse'" in err


def test_a_bad_vote(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: russia, respond: maybe}
        """,
    )
    err = refused(bundled, path)
    assert where(path, 3, col_of(path, 3, "maybe")) in err


def test_an_unknown_lens_in_the_moves_file(tmp_path: Path) -> None:
    path = moves_file(tmp_path, "lens: levrage\nrounds: []\n")
    code, out, err, save = run_moves(tmp_path, path)
    assert_refused(code, out, err, where(path, 1, 7), "unknown lens 'levrage'")
    assert not save.exists()


def test_the_command_line_lens_wins_over_the_file(tmp_path: Path) -> None:
    path = moves_file(tmp_path, "lens: levrage\nsequence: framework_first\nrounds: []\n")
    code, out, err, _ = run_moves(tmp_path, path, "--lens", "leverage", "--rounds", "1")
    assert code == 0, err
    result = json.loads(out)
    assert result["lens"] == "leverage"
    assert result["sequence"] == "framework_first"


def test_an_unknown_lens_on_the_command_line_leaves_no_save(tmp_path: Path) -> None:
    save = tmp_path / "game.jsonl"
    assert main(["run", SCENARIO, "--lens", "levrage", "--save", str(save)]) == 2
    assert "unknown lens 'levrage'" in _capsys.readouterr().err
    assert not save.exists()


def test_a_yaml_error_in_the_moves_file(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(tmp_path, "rounds:\n  - moves: [{seat: us, say: hi}\n")
    err = refused(bundled, path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", err)


def test_a_missing_moves_file(tmp_path: Path) -> None:
    code, out, err, _ = run_moves(tmp_path, tmp_path / "nope.yaml")
    assert code == 2
    assert "cannot read the moves file" in err


def test_errors_from_the_runner_carry_the_location(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        rounds:
          - moves:
              - {seat: ukraine, propose: {dmz: no_zone}}
        """,
    )
    with pytest.raises(ContentError) as info:
        run(*bundled, RunOptions(), read_moves(str(path)))
    [(located, message)] = info.value.problems
    assert (located.file, located.line, located.column) == (str(path), 3, 9)
    assert "unknown option 'no_zone' for dmz" in message


# ---- a good moves file ----------------------------------------------------------------------------


def test_a_scripted_round(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        seed: 7
        rounds:
          - moves:
              - {seat: us, propose: {ceasefire: thirty_day, dmz: international_monitoring}, why: a first text}
              - {seat: us, say: "Thirty days to talk.", to: all}
              - {seat: russia, say: "No NATO troops.", to: us}
              - {seat: ukraine, respond: accept}
        """,
    )
    session = run(*bundled, RunOptions(), read_moves(str(path)))
    game = session.game
    st = game.state
    assert st.seed == 7
    assert st.seats == {"us": "script", "russia": "script", "ukraine": "script", "europe": "bot"}
    proposed = [ev for ev in game.events if isinstance(ev, e.Proposed)]
    assert proposed[0].seat == "us" and proposed[0].why == "a first text"
    scripted = [(m.seat, m.to, m.text) for m in st.messages if st.seats.get(m.seat) == "script"]
    assert scripted == [("us", "all", "Thirty days to talk."), ("russia", "us", "No NATO troops.")]
    votes = {(v.seat, v.response) for v in st.votes}
    assert ("ukraine", "accept") in votes
    assert ("russia", "reject") in votes, "a scripted seat with no vote in the file votes no"
    assert sum(1 for ev in game.events if isinstance(ev, e.RoundEnded)) == 1, "the run stops after the file"


def test_seats_modes_from_the_file(bundled: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = moves_file(
        tmp_path,
        """
        seats: {us: script, russia: "bot:hardliner"}
        rounds:
          - moves: []
        """,
    )
    session = run(*bundled, RunOptions(), read_moves(str(path)))
    assert session.game.state.seats["us"] == "script"
    assert session.game.state.seats["russia"] == "bot:hardliner"
    assert session.game.state.seats["ukraine"] == "bot"
