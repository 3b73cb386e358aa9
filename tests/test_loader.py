"""Loading scenarios: every kind of mistake is reported at its file, line and column."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, SCENARIO
from wargame.cli import main
from wargame.content.loader import ScenarioTexts, build, load_addendum, load_scenario, read_texts
from wargame.content.yamlfile import YamlDoc
from wargame.errors import ContentError
from wargame.model.scenario import Scenario

RULEBOOK = str(Path(SCENARIO).with_name("ukraine-2025.rules.yaml"))


def copy_bundled(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled scenario and every file it includes (the rulebook, decks),
    copied with the same layout to be broken; returns the scenario and the rulebook."""
    source = Path(SCENARIO).parent
    main_file = tmp_path / "scenarios" / "ukraine-2025.yaml"
    main_file.parent.mkdir()
    shutil.copy(SCENARIO, main_file)
    for included in YamlDoc(SCENARIO, Path(SCENARIO).read_text()).data.get("include", []):
        target = (main_file.parent / included).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy((source / included).resolve(), target)
    return main_file, main_file.with_name("ukraine-2025.rules.yaml")


def copy_mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    shutil.copy(MINI, path)
    return path


def edit_line(path: Path, pattern: str, old: str, new: str) -> tuple[int, int]:
    """In the first line matching `pattern`, replace `old` by `new`; return
    that line's number and the column of the change (both 1-based)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if re.search(pattern, line) and old in line:
            col = line.index(old) + 1
            lines[i] = line.replace(old, new, 1)
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1, col
    raise AssertionError(f"no line of {path} matches {pattern!r} and holds {old!r}")


def problems(path: Path) -> list[tuple[str, int, int, str]]:
    with pytest.raises(ContentError) as info:
        load_scenario(str(path))
    return [(Path(where.file).name, where.line, where.column, msg) for where, msg in info.value.problems]


def only_problem(path: Path) -> tuple[str, int, int, str]:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# ---- the bundled scenario -------------------------------------------------------


def test_bundled_scenario_loads_with_its_rulebook(bundled: tuple[Scenario, object]) -> None:
    scenario, _ = bundled
    assert scenario.id == "ukraine-2025"
    assert scenario.seat_ids == ["us", "russia", "ukraine", "europe"]
    assert set(scenario.sequences) == {"ceasefire_first", "framework_first"}
    assert {v.id for v in scenario.lenses} == {"restraint", "leverage"}
    rulebook = load_addendum(RULEBOOK)
    assert [r.id for r in scenario.rules] == [r.id for r in rulebook.rules]


def test_scenario_texts_hold_every_file_read_and_hash_them(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    texts = read_texts(str(main_file))
    assert {str(main_file), str(rules_file)} <= set(texts.texts)
    before = texts.sha256()
    assert before == read_texts(str(main_file)).sha256()
    rules_file.write_text(rules_file.read_text() + "\n# a comment\n")
    assert read_texts(str(main_file)).sha256() != before


def test_build_from_texts_gives_the_same_scenario(bundled: tuple[Scenario, ScenarioTexts]) -> None:
    """What a save relies on: the texts read give back the same scenario."""
    scenario, texts = bundled
    assert build(ScenarioTexts(main=texts.main, texts=dict(texts.texts))) == scenario


# ---- YAML ---------------------------------------------------------------------


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    main_file, _ = copy_bundled(tmp_path)
    line, col = edit_line(main_file, r"^max_rounds:", "max_rounds: ", "max_rounds: 12: ")
    name, at_line, _, msg = only_problem(main_file)
    assert (name, at_line) == ("ukraine-2025.yaml", line)
    assert "mapping values are not allowed" in msg


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    main_file, _ = copy_bundled(tmp_path)
    line, _ = edit_line(main_file, r"^days_per_round:", "days_per_round:", "max_rounds: 3\ndays_per_round:")
    first = next(i + 1 for i, text in enumerate(main_file.read_text().split("\n")) if text.startswith("max_rounds:"))
    second = max(i + 1 for i, text in enumerate(main_file.read_text().split("\n")) if text.startswith("max_rounds:"))
    assert first == line and second > first
    name, at_line, col, msg = only_problem(main_file)
    assert (name, at_line, col) == ("ukraine-2025.yaml", second, 1)
    assert f"line {first}" in msg
    assert "duplicate key 'max_rounds'" in msg


def test_duplicate_key_inside_a_rule_names_the_rulebook(tmp_path: Path) -> None:
    _, rules_file = copy_bundled(tmp_path)
    line, _ = edit_line(rules_file, r"^    kind: red_line", "kind: red_line", "kind: red_line\n    kind: event")
    name, at_line, col, msg = only_problem(rules_file.with_name("ukraine-2025.yaml"))
    assert (name, at_line, col) == ("ukraine-2025.rules.yaml", line + 1, 5)
    assert f"first given on line {line}" in msg


def test_yes_and_no_are_plain_yaml_1_1_booleans() -> None:
    doc = YamlDoc("f.yaml", "a: no\nb: yes\n")
    assert doc.data == {"a": False, "b": True}


def test_a_list_as_a_mapping_key_is_an_error_not_a_crash() -> None:
    with pytest.raises(ContentError) as info:
        YamlDoc("f.yaml", "a: 1\n? [1, 2]\n: 3\n")
    assert str(info.value).startswith("f.yaml:2:")


def test_merge_keys_work_as_in_safe_load() -> None:
    doc = YamlDoc("f.yaml", "base: &b {x: 1, y: 2}\nmine:\n  <<: *b\n  y: 3\n")
    assert doc.data == {"base": {"x": 1, "y": 2}, "mine": {"x": 1, "y": 3}}
    assert doc.locate(["mine", "y"]).line == 4, "the mapping's own key wins over the merged one"


def test_python_tags_are_refused() -> None:
    with pytest.raises(ContentError):
        YamlDoc("f.yaml", "a: !!python/object/apply:os.system ['true']\n")


def test_an_empty_file_is_no_data() -> None:
    assert YamlDoc("f.yaml", "").data is None
    assert YamlDoc("f.yaml", "# only a comment\n").data is None


def test_a_scenario_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    assert only_problem(path)[:3] == ("list.yaml", 1, 1)


# ---- the shape (pydantic) ----------------------------------------------------------


def test_unknown_field_points_at_the_key(tmp_path: Path) -> None:
    main_file, _ = copy_bundled(tmp_path)
    line, _ = edit_line(main_file, r"^days_per_round:", "days_per_round:", "max_round:\n  - 3\ndays_per_round:")
    name, at_line, col, msg = only_problem(main_file)
    assert (name, at_line, col) == ("ukraine-2025.yaml", line, 1)
    assert "unknown field 'max_round'" in msg


def test_unknown_field_in_a_rule_points_into_the_rulebook(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    line, col = edit_line(rules_file, r"^    explanation:", "explanation:", "explanaton:")
    found = problems(main_file)
    assert ("ukraine-2025.rules.yaml", line, col) in {f[:3] for f in found}
    assert any("unknown field 'explanaton'" in f[3] for f in found)
    assert any("missing field 'explanation'" in f[3] for f in found), "both problems, in one pass"


def test_wrong_type_names_the_value(tmp_path: Path) -> None:
    main_file, _ = copy_bundled(tmp_path)
    line, _ = edit_line(main_file, r"^max_rounds:", "max_rounds: ", "max_rounds: twelve #")
    name, at_line, col, msg = only_problem(main_file)
    assert (name, at_line, col) == ("ukraine-2025.yaml", line, len("max_rounds: ") + 1)
    assert msg.startswith("max_rounds:")
    assert "integer" in msg


def test_missing_field_names_the_item(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, col = edit_line(path, r"id: b, name: Seat B", "name: Seat B, ", "")
    name, at_line, at_col, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "missing field 'name'" in msg


def test_a_malformed_condition_in_the_rulebook_names_its_line(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    line, _ = edit_line(rules_file, r"^\s+- indicator: \{id: ", "- indicator:", "- indicatr:")
    found = problems(main_file)
    assert found, "a condition with an unknown key must be refused"
    assert all(f[0] == "ukraine-2025.rules.yaml" for f in found)
    assert line in {f[1] for f in found}
    assert any("exactly one of" in f[3] for f in found)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line1, _ = edit_line(path, r"^days_per_round:", "7", "seven")
    line2, _ = edit_line(path, r"^max_rounds:", "6", "six")
    assert {(f[1]) for f in problems(path)} == {line1, line2}


# ---- cross references (meaning) ------------------------------------------------------


def test_misspelled_option_in_a_rule_condition_points_into_the_rulebook(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    text = rules_file.read_text()
    m = re.search(r"term: \{issue: (\w+), in: \[(\w+)", text)
    assert m, "the rulebook has a term condition"
    issue, option = m.group(1), m.group(2)
    line, col = edit_line(rules_file, rf"term: \{{issue: {issue}, in: \[{option}", f"[{option}", f"[{option}x")
    name, at_line, at_col, msg = only_problem(main_file)
    assert (name, at_line, at_col) == ("ukraine-2025.rules.yaml", line, col + 1)
    assert f"unknown option of {issue} '{option}x'" in msg
    assert f"did you mean '{option}'?" in msg


def test_misspelled_option_in_the_middle_of_a_list(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    m = re.search(r"term: \{issue: (\w+), in: \[(\w+), (\w+)", rules_file.read_text())
    assert m, "the rulebook has a term condition with two options"
    issue, second = m.group(1), m.group(3)
    line, col = edit_line(rules_file, rf"issue: {issue}, in: \[\w+, {second}", f", {second}", f", {second}x")
    name, at_line, at_col, msg = only_problem(main_file)
    assert (name, at_line, at_col) == ("ukraine-2025.rules.yaml", line, col + 2)
    assert f"did you mean '{second}'?" in msg


def test_misspelled_indicator_in_the_rulebook(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    m = re.search(r"indicator: \{id: (\w+)", rules_file.read_text())
    assert m
    indicator = m.group(1)
    line, col = edit_line(rules_file, rf"indicator: \{{id: {indicator}", f"id: {indicator}", f"id: {indicator}x")
    name, at_line, at_col, msg = only_problem(main_file)
    assert (name, at_line, at_col) == ("ukraine-2025.rules.yaml", line, col + len("id: "))
    assert f"unknown indicator '{indicator}x'; did you mean '{indicator}'?" in msg


def test_misspelled_indicator_in_effects(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, col = edit_line(path, r"indicators: \{tension: \$rise\}", "tension: $rise", "tenson: $rise")
    name, at_line, at_col, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "unknown indicator 'tenson'; did you mean 'tension'?" in msg


def test_unknown_parameter_in_effects(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, col = edit_line(path, r"indicators: \{tension: \$rise\}", "$rise", "$raise")
    name, at_line, at_col, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "unknown parameter 'raise'" in msg


def test_lens_overriding_an_unknown_indicator(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, col = edit_line(path, r"id: tense", "{tension: 80}", "{tensions: 80}")
    name, at_line, at_col, msg = only_problem(path)
    assert (name, at_line, at_col) == ("mini.yaml", line, col + len("{tensions: "))
    assert "unknown indicator 'tensions'; did you mean 'tension'?" in msg


def test_lens_overriding_an_unknown_rule_parameter(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, _ = edit_line(path, r"id: tense", "{rise: 4}", "{rize: 4}")
    name, at_line, _, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "unknown parameter of mini.tension_rises 'rize'; did you mean 'rise'?" in msg


def test_lens_overriding_an_unknown_rule(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, _ = edit_line(path, r"id: tense", "mini.tension_rises:", "mini.tension_rise:")
    name, at_line, _, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "unknown rule 'mini.tension_rise'; did you mean 'mini.tension_rises'?" in msg


def test_bundled_lens_overriding_an_unknown_parameter(tmp_path: Path) -> None:
    main_file, _ = copy_bundled(tmp_path)
    m = re.search(r"^\s+([\w.]+): \{params: \{(\w+):", main_file.read_text(), re.M)
    assert m, "a lens of the bundled scenario overrides a rule parameter"
    rule, param = m.group(1), m.group(2)
    line, _ = edit_line(main_file, rf"{re.escape(rule)}: \{{params: \{{{param}:", f"{{{param}:", f"{{{param}x:")
    name, at_line, _, msg = only_problem(main_file)
    assert (name, at_line) == ("ukraine-2025.yaml", line)
    assert f"unknown parameter of {rule} '{param}x'; did you mean '{param}'?" in msg


def test_unknown_seat_in_signatories(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, col = edit_line(path, r"id: truce", "signatories: [a, b]", "signatories: [a, bb]")
    name, at_line, at_col, msg = only_problem(path)
    assert (name, at_line, at_col) == ("mini.yaml", line, col + len("signatories: [a, "))
    assert "unknown seat 'bb'; did you mean 'b'?" in msg


def test_unknown_phase_in_a_sequence(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, _ = edit_line(path, r"^  frame_first:", "truce,", "truse,")
    name, at_line, _, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "unknown phase 'truse'; did you mean 'truce'?" in msg


def test_an_id_defined_twice(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, _ = edit_line(path, r"id: a_calm", "id: a_calm", "id: a_push")
    name, at_line, _, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "lever id 'a_push' is defined twice" in msg


def test_indicator_start_outside_its_range(tmp_path: Path) -> None:
    path = copy_mini(tmp_path)
    line, _ = edit_line(path, r"id: tension", "start: 40", "start: 140")
    name, at_line, _, msg = only_problem(path)
    assert (name, at_line) == ("mini.yaml", line)
    assert "outside 0.0..100.0" in msg


def test_missing_included_file(tmp_path: Path) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    rules_file.unlink()
    text = main_file.read_text().split("\n")
    line = next(i + 1 for i, t in enumerate(text) if t.startswith("include:"))
    name, at_line, col, msg = only_problem(main_file)
    assert (name, at_line) == ("ukraine-2025.yaml", line)
    assert col == text[line - 1].index("ukraine-2025.rules.yaml") + 1
    assert "included file 'ukraine-2025.rules.yaml' not found" in msg


def test_a_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_scenario(str(tmp_path / "nowhere.yaml"))
    assert "file not found" in str(info.value)


def test_an_empty_deck_adds_nothing(tmp_path: Path, mini: Scenario) -> None:
    deck = tmp_path / "empty.yaml"
    deck.write_text("# nothing yet\n")
    scenario, texts = load_scenario(MINI, [str(deck)])
    assert scenario.injects == mini.injects
    assert str(deck) in texts.texts


def test_a_deck_with_a_misspelled_option_points_into_the_deck(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "injects:\n  - id: offer\n    title: An offer\n    text: Someone offers money.\n    set_terms: {money: funds}\n"
    )
    with pytest.raises(ContentError) as info:
        load_scenario(MINI, [str(deck)])
    [(where, msg)] = info.value.problems
    assert (where.file, where.line, where.column) == (str(deck), 5, len("    set_terms: {money: ") + 1)
    assert "did you mean 'fund'?" in msg


# ---- the commands ------------------------------------------------------------------


def test_validate_exits_0_on_the_bundled_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", SCENARIO]) == 0
    assert "ok (scenario ukraine-2025" in capsys.readouterr().out


def test_validate_exits_2_with_file_line_col_on_a_broken_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_file, rules_file = copy_bundled(tmp_path)
    m = re.search(r"term: \{issue: (\w+), in: \[(\w+)", rules_file.read_text())
    assert m
    line, col = edit_line(rules_file, rf"in: \[{m.group(2)}", f"[{m.group(2)}", f"[{m.group(2)}x")
    assert main(["validate", str(main_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{rules_file}:{line}:{col + 1}: ")
    assert "Traceback" not in err


def test_validate_checks_every_file_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = copy_mini(tmp_path)
    edit_line(broken, r"^max_rounds:", "6", "six")
    assert main(["validate", SCENARIO, str(broken)]) == 2
    out = capsys.readouterr()
    assert "ok (scenario ukraine-2025" in out.out
    assert re.match(rf"{re.escape(str(broken))}:\d+:\d+: ", out.err)


def test_validate_a_rulebook_on_its_own(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # checked against the bundled scenario's ids; a relative path, as a user types it
    monkeypatch.chdir(ROOT)
    assert main(["validate", os.path.relpath(RULEBOOK, ROOT)]) == 0
    assert "rules" in capsys.readouterr().out


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "properties" in schema
    assert {"seats", "issues", "phases", "rules"} <= set(schema["properties"])
    assert "id" in schema["required"]
