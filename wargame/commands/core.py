"""The core commands: run, validate, schema, verify, rules, explain, diagram, bench."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from wargame.content.bundled import default_scenario
from wargame.errors import WargameError


def at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `low` (so --rounds 0 is refused)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is too small: give {low} or more")
        return value

    return parse


def cmd_run(args: argparse.Namespace) -> int:
    from wargame.content.loader import load_scenario
    from wargame.session.moves import read_moves
    from wargame.session.runner import RunOptions, default_save_path, run
    from wargame.session.summary import summary

    scenario, texts = load_scenario(args.scenario, args.deck)
    moves = read_moves(args.moves) if args.moves else None
    save = args.save or default_save_path(scenario.id)
    options = RunOptions(
        seed=args.seed,
        lens=args.lens,
        sequence=args.sequence,
        rounds=args.rounds,
        save=save,
        personas=_personas(args.personas),
    )
    session = run(scenario, texts, options, moves)
    lost = _close_save(session.writer)
    if lost is not None:
        save = session.writer.path if session.writer is not None else save
    result = summary(session.game, save)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        from wargame.review.text import transcript

        print(transcript(session.game))
        print(f"\nSaved to {save}")
    if lost is not None:
        raise WargameError(lost)
    return 0


def _close_save(writer: Any) -> str | None:
    """Close a game's save; if the disk refused some events, save the game
    elsewhere and return what happened (None when all is saved)."""
    from wargame.store.writer import rescue

    if writer is None:
        return None
    writer.close()
    return rescue(writer)


def _personas(items: Sequence[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or []:
        seat, sep, name = item.partition("=")
        if not sep or not seat or not name:
            raise WargameError(f"--personas takes SEAT=NAME (for example russia=hardliner), not {item!r}")
        out[seat] = name
    return out


def _check_debrief_beside(path: str, scenario: Any) -> None:
    """The scenario's discussion questions (`<name>.debrief.yaml`), if it has them."""
    from wargame.review.questions import debrief_path, read_questions

    beside = debrief_path(path)
    if os.path.exists(beside):
        print(f"{beside}: ok ({len(read_questions(beside, scenario))} discussion questions)")


def _check_questions_alone(path: str) -> int:
    """A debrief file given on its own: checked against its scenario (the file
    it is named after, else the bundled one)."""
    from wargame.content.loader import load_scenario
    from wargame.review.questions import read_questions

    beside = path.removesuffix(".debrief.yaml") + ".yaml"
    scenario, _ = load_scenario(beside if beside != path and os.path.exists(beside) else default_scenario())
    return len(read_questions(path, scenario))


def cmd_validate(args: argparse.Namespace) -> int:
    from wargame.content.bundled import resolve
    from wargame.content.loader import load_addendum, load_scenario
    from wargame.content.yamlfile import YamlDoc, read_text
    from wargame.errors import ContentError, Located

    problems: list[str] = []
    for path in map(resolve, args.files):
        try:
            text = read_text(path, "scenario or deck (YAML)")
            if not text.strip():
                raise ContentError(
                    [(Located(path), "empty file; a scenario or a deck (injects:, rules:) was expected")]
                )
            if _looks_like_scenario(YamlDoc(path, text).data):
                scenario, _ = load_scenario(path)
                print(
                    f"{path}: ok (scenario {scenario.id}: {len(scenario.seats)} seats, "
                    f"{len(scenario.issues)} issues, {len(scenario.rules)} rules, {len(scenario.injects)} injects)"
                )
                _check_debrief_beside(path, scenario)
            else:
                add = load_addendum(path)
                if not add.questions:  # a debrief file holds questions, not injects or rules
                    _check_deck(path, add)
                if add.questions:
                    print(f"{path}: ok ({_check_questions_alone(path)} discussion questions)")
                else:
                    print(f"{path}: ok ({len(add.rules)} rules, {len(add.injects)} injects)")
        except ContentError as exc:
            problems.append(str(exc))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    return 0


def _looks_like_scenario(data: object) -> bool:
    """A scenario has seats or an id at its top; a deck or rulebook has neither."""
    return isinstance(data, dict) and ("seats" in data or "id" in data)


def _check_deck(path: str, addendum: object) -> None:
    """A deck or rulebook is checked against the bundled scenario's ids (a file
    the scenario already includes is read once, whatever its path spelling)."""
    from wargame.content.loader import build, read_texts

    build(read_texts(default_scenario(), [path]))


def cmd_schema(args: argparse.Namespace) -> int:
    from wargame.model.scenario import Scenario

    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "wargame scenario"
    print(json.dumps(schema, indent=2))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from wargame.store.savefile import load_save

    loaded = load_save(args.save)
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    state = loaded.replay()
    print(
        f"{args.save}: ok: {len(loaded.events)} events, hash chain intact, every event checked against the rules, "
        f"status {state.status} after round {state.round}; seal {loaded.head}"
    )
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from wargame.content.loader import load_scenario
    from wargame.review.rulebook import rules_table

    scenario, _ = load_scenario(args.scenario or default_scenario())
    print(rules_table(scenario))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from wargame.content.loader import load_scenario
    from wargame.review.rulebook import explain

    scenario, _ = load_scenario(args.scenario or default_scenario())
    print(explain(scenario, args.rule))
    return 0


def cmd_diagram(args: argparse.Namespace) -> int:
    from wargame.content.loader import load_scenario
    from wargame.engine.phases import mermaid

    scenario, _ = load_scenario(args.scenario or default_scenario())
    sequence = args.sequence or scenario.default_sequence
    if sequence not in scenario.sequences:
        raise WargameError(f"unknown sequence {sequence!r}; this scenario has: {', '.join(scenario.sequences)}")
    print(mermaid(scenario.sequences[sequence], scenario.ceasefire_phase()))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    scenario = args.scenario or default_scenario()
    if args.part in ("all", "play"):
        from wargame.benches.play import bench

        print(bench(scenario, args.events))
    if args.part in ("all", "load", "startup"):
        from wargame.benches.replay import load_bench, startup_part

        if args.part != "startup":
            print(load_bench((args.events, 10 * args.events), args.runs, scenario))
        if args.part != "load":
            print(startup_part(scenario, args.runs))
    if args.part in ("all", "jobs"):
        from wargame.benches.parallel import jobs_report

        print(jobs_report(scenario, args.games, args.runs))
    return 0


def register(add: Any) -> None:
    """Add the core subcommands (`add(name, fn, help)` returns their parser)."""

    r = add("run", cmd_run, "play a game headless: a moves file for scripted seats, bots for the rest")
    r.add_argument("scenario")
    r.add_argument("--lens")
    r.add_argument("--sequence")
    r.add_argument("--moves", help="a moves file (YAML) that scripts some seats")
    r.add_argument("--deck", action="append", help="an inject deck to add (repeatable)")
    r.add_argument("--seed", type=int)
    r.add_argument("--rounds", type=at_least(1), help="let bots play on up to this many rounds")
    r.add_argument("--save", help="where to save the game (default: saves/<time>-<scenario>.jsonl)")
    r.add_argument("--personas", nargs="*", metavar="SEAT=NAME", help="bot personas, e.g. russia=hardliner")
    r.add_argument("--json", action="store_true", help="print the JSON summary")

    v = add("validate", cmd_validate, "check scenarios, rulebooks and inject decks; exit 0 if all are valid, 2 if not")
    v.add_argument("files", nargs="+")

    add("schema", cmd_schema, "print the JSON Schema of the scenario format (for editors)")

    ve = add("verify", cmd_verify, "verify a save file's hash chain and replay it")
    ve.add_argument("save")

    ru = add("rules", cmd_rules, "print the rulebook as a table")
    ru.add_argument("scenario", nargs="?")

    ex = add("explain", cmd_explain, "explain one rule in full, with its condition in words")
    ex.add_argument("rule")
    ex.add_argument("--scenario")

    d = add("diagram", cmd_diagram, "print the phase machine as a mermaid diagram")
    d.add_argument("scenario", nargs="?")
    d.add_argument("--sequence")

    b = add("bench", cmd_bench, "measure headless rounds per second and the time to load a large save")
    b.add_argument("scenario", nargs="?")
    b.add_argument("--events", type=at_least(1), default=10_000)
    b.add_argument("--runs", type=at_least(1), default=3, help="runs of each load and start-up measure (min / median)")
    b.add_argument(
        "--part",
        choices=("all", "play", "load", "startup", "jobs"),
        default="all",
        help="play: bot rounds and a save's write; load: open + verify + fold EVENTS and 10x EVENTS; "
        "startup: the first screen of every entry point; jobs: simulate GAMES games with --jobs 1 and 2",
    )
    b.add_argument("--games", type=at_least(1), default=120, help="games of each simulate run (--part jobs)")
