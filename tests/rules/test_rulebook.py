"""The bundled rulebook against its contract (`../shared/domain/rules.md`):
the same rule ids, each with sources, an explanation in the project's own
words, the red lines' seats and costs, a test that it fires and one that it
does not; and a misspelled id fails validation with its line."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO
from wargame.content.loader import load_scenario
from wargame.errors import ContentError
from wargame.model.scenario import Scenario

SHARED = Path(ROOT).parent / "shared"
RULES_MD = SHARED / "domain" / "rules.md"
SOURCES = SHARED / "sources"
RULEBOOK = Path(ROOT) / "scenarios" / "ukraine-2025.rules.yaml"

needs_shared = pytest.mark.skipif(
    not RULES_MD.exists(), reason="../shared (the domain contract) is not beside the clone"
)


def contract() -> dict[str, str | None]:
    """Rule id -> seat (for a red line) from rules.md's tables."""
    out: dict[str, str | None] = {}
    section = ""
    for line in RULES_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
        m = re.match(r"^\|\s*`([a-z_]+\.[a-z0-9_]+)`\s*\|([^|]*)\|", line)
        if m:
            seat = m.group(2).strip() if section.startswith("## Red lines") else None
            out[m.group(1)] = seat
    return out


def slug(rule_id: str) -> str:
    return rule_id.replace(".", "_")


def rule_test_names() -> list[str]:
    names = []
    for path in Path(__file__).parent.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    return names


# ---- the contract ---------------------------------------------------------------


@needs_shared
def test_the_rulebook_has_every_rule_id_of_rules_md_and_documents_the_others(scenario: Scenario) -> None:
    """Every id of the contract exists; the rulebook's own additions are listed
    in docs/world.md (rules.md allows additions, listed in the docs)."""
    wanted = contract()
    assert len(wanted) == 40
    ids = {r.id for r in scenario.rules}
    assert set(wanted) <= ids, sorted(set(wanted) - ids)
    docs = (Path(ROOT) / "docs" / "world.md").read_text(encoding="utf-8")
    undocumented = sorted(i for i in ids - set(wanted) if f"`{i}`" not in docs)
    assert not undocumented, f"rules added to the rulebook but not listed in docs/world.md: {undocumented}"


@needs_shared
def test_red_lines_belong_to_the_seats_rules_md_names(scenario: Scenario) -> None:
    for rule_id, seat in contract().items():
        rule = scenario.rule(rule_id)
        assert (rule.kind == "red_line") == (seat is not None), rule_id
        if seat is not None:
            assert rule.seat == seat, rule_id


def test_every_rule_cites_known_sources_and_explains_itself(scenario: Scenario) -> None:
    for rule in scenario.rules:
        assert rule.sources, rule.id
        for key in rule.sources:
            assert key in scenario.sources, f"{rule.id} cites {key}, which the scenario does not list"
        words = rule.explanation.split()
        assert len(words) >= 25, f"{rule.id}: the explanation is too thin to teach anything"
        assert not re.search(r"\$[a-z_]", rule.explanation) and rule.title.strip(), rule.id


def test_every_red_line_costs_standing_and_durability(scenario: Scenario) -> None:
    for rule in scenario.rules:
        if rule.kind != "red_line":
            continue
        assert rule.effects, rule.id
        for block in rule.effects:
            assert rule.seat in block.standing, rule.id
            assert "deal_durability" in block.indicators, rule.id


@needs_shared
def test_every_rule_has_a_test_that_it_fires_and_one_that_it_does_not() -> None:
    names = rule_test_names()
    missing = []
    for rule_id in sorted({*contract(), *(r.id for r in load_scenario(SCENARIO)[0].rules)}):
        mine = [n for n in names if n.startswith(f"test_{slug(rule_id)}_")]
        positive = [n for n in mine if "does_not" not in n]
        negative = [n for n in mine if "does_not" in n]
        if not positive or not negative:
            missing.append(rule_id)
    assert not missing, f"rules without a positive and a negative test: {missing}"


@needs_shared
def test_no_explanation_pastes_source_text(scenario: Scenario) -> None:
    """Explanations are the project's own sentences: no run of six words
    (punctuation aside) is taken from a source document."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9$%']+", text.lower().replace("\u2019", "'"))

    n = 6
    seen: set[tuple[str, ...]] = set()
    for path in SOURCES.glob("*.txt"):
        w = words(path.read_text(encoding="utf-8"))
        seen |= {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}
    for rule in scenario.rules:
        text = " ".join([rule.explanation, *(b.note for b in rule.effects)])
        w = words(text)
        copied = [" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if tuple(w[i : i + n]) in seen]
        assert not copied, f"{rule.id} repeats a source word for word: {copied}"


def test_every_parameter_is_used_somewhere(scenario: Scenario) -> None:
    """A parameter nothing reads would mislead a facilitator who tunes it."""
    text = RULEBOOK.read_text(encoding="utf-8")
    for rule in scenario.rules:
        for name in rule.params:
            assert re.search(rf"\${name}\b", text), f"{rule.id}: parameter {name} is never used"


def test_lens_overrides_name_real_parameters(scenario: Scenario) -> None:
    leverage = scenario.lens("leverage")
    clock = leverage.rules["attrition.clock"].params
    assert clock["economy_decay"] == 2, "russia_economy -2 a round under leverage (rules.md)"
    assert clock.get("casualties_per_day", 1.5) == 1.5, "casualties 1.5k a day (src-002)"
    for lens in scenario.lenses:
        for rule_id, override in lens.rules.items():
            assert set(override.params) <= set(scenario.rule(rule_id).params), (lens.id, rule_id)


# ---- validation with the line ------------------------------------------------------


def _scenario_with(tmp_path: Path, rulebook: str) -> Path:
    """A copy of the bundled scenario whose rulebook is `rulebook`."""
    text = Path(SCENARIO).read_text(encoding="utf-8")
    deck = os.path.join(ROOT, "facilitator", "ukraine-2025-deck.yaml")
    includes = "include: [ukraine-2025.rules.yaml" + (f", {deck}]" if os.path.exists(deck) else "]")
    text = re.sub(r"^include: \[.*\]$", includes, text, count=1, flags=re.M)
    (tmp_path / "ukraine-2025.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "ukraine-2025.rules.yaml").write_text(rulebook, encoding="utf-8")
    return tmp_path / "ukraine-2025.yaml"


def _misspell(old: str, new: str) -> tuple[str, int, int]:
    """The rulebook with its first `old` replaced, and the (line, column) of it."""
    text = RULEBOOK.read_text(encoding="utf-8")
    at = text.index(old)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return text[:at] + new + text[at + len(old) :], line, col


def test_a_misspelled_indicator_in_an_effect_fails_validation_with_its_line(tmp_path: Path) -> None:
    bad, line, _ = _misspell("transatlantic_cohesion: -$cohesion_cost", "transatlantic_cohesoin: -$cohesion_cost")
    path = _scenario_with(tmp_path, bad)
    with pytest.raises(ContentError) as exc:
        load_scenario(str(path))
    where = f"{tmp_path / 'ukraine-2025.rules.yaml'}:{line}:"
    message = str(exc.value)
    assert message.startswith(where)
    assert "unknown indicator 'transatlantic_cohesoin'; did you mean 'transatlantic_cohesion'?" in message
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(where) and "unknown indicator 'transatlantic_cohesoin'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_misspelled_indicator_in_a_condition_fails_validation_with_its_line(tmp_path: Path) -> None:
    bad, line, _ = _misspell("{id: momentum, above: 10}", "{id: momentun, above: 10}")
    path = _scenario_with(tmp_path, bad)
    with pytest.raises(ContentError) as exc:
        load_scenario(str(path))
    assert f"ukraine-2025.rules.yaml:{line}:" in str(exc.value)
    assert "unknown indicator 'momentun'; did you mean 'momentum'?" in str(exc.value)


def test_a_misspelled_option_and_parameter_fail_validation_with_their_lines(tmp_path: Path) -> None:
    bad, line, _ = _misspell("in: [coalition_with_russian_veto]}", "in: [coalition_with_russian_vetoo]}")
    bad = bad.replace(
        "-$standing_cost}\n        indicators: {deal_durability: -$durability_cost}",
        "-$standing_cots}\n        indicators: {deal_durability: -$durability_cost}",
        1,
    )
    path = _scenario_with(tmp_path, bad)
    with pytest.raises(ContentError) as exc:
        load_scenario(str(path))
    message = str(exc.value)
    assert f"ukraine-2025.rules.yaml:{line}:" in message and "coalition_with_russian_vetoo" in message
    assert "unknown parameter 'standing_cots'; did you mean 'standing_cost'?" in message


def test_the_bundled_rulebook_validates_alone_and_with_its_scenario() -> None:
    rulebook = os.path.join("scenarios", "ukraine-2025.rules.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "validate", SCENARIO, rulebook], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr


# ---- numbers that read the indicators (the front) ------------------------------------


def test_a_number_can_be_a_sum_of_products_reading_an_indicator() -> None:
    from wargame.rules.engine import number

    params = {"pull": 0.25, "anchor": 30.0, "@momentum": 50.0}
    assert number("$pull*$anchor - $pull*@momentum", params) == pytest.approx(-5.0)
    assert number("-$pull*@momentum + 2", params) == pytest.approx(-10.5)
    assert number("$pull", params) == 0.25 and number(3, params) == 3


def test_a_misspelled_indicator_in_a_number_fails_validation_with_its_line(tmp_path: Path) -> None:
    bad, line, _ = _misspell("$sliver*@momentum", "$sliver*@momentun")
    path = _scenario_with(tmp_path, bad)
    with pytest.raises(ContentError) as exc:
        load_scenario(str(path))
    assert f"ukraine-2025.rules.yaml:{line}:" in str(exc.value)
    assert "unknown indicator 'momentun'" in str(exc.value)


def test_a_modifier_that_reads_an_indicator_fails_validation(tmp_path: Path) -> None:
    """Bots memoize modifiers per state signature, so a modifier must not read an indicator."""
    bad, line, _ = _misspell("reservation: {ukraine: -$willingness}", "reservation: {ukraine: -$willingness*@momentum}")
    path = _scenario_with(tmp_path, bad)
    with pytest.raises(ContentError) as exc:
        load_scenario(str(path))
    assert f"ukraine-2025.rules.yaml:{line}:" in str(exc.value) and "cannot read an indicator" in str(exc.value)
