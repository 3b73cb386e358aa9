"""The facilitator's commands: `wargame deck import` and `wargame deck list`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from wargame.errors import WargameError
from wargame.store.files import check_target, write_atomically


def cmd_deck(args: argparse.Namespace) -> int:
    args.deck_parser.print_help()
    return 0


def cmd_deck_import(args: argparse.Namespace) -> int:
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import ScenarioTexts, build, load_scenario, read_texts
    from wargame.content.yamlfile import read_text
    from wargame.session.decks import deck_yaml

    if args.output:
        check_target(args.output)
    text = read_text(args.csv, "CSV events list", encoding="utf-8-sig")
    scenario_path = args.scenario or bundled_scenario()
    scenario, _ = load_scenario(scenario_path)
    injects = _read_sheet(args.csv, text, scenario)
    title = args.title or f"Injects imported from {os.path.basename(args.csv)}"
    out = deck_yaml(injects, title, os.path.basename(args.csv))
    # The deck must load with its scenario, exactly as `wargame validate` loads it.
    texts = read_texts(scenario_path)
    name = args.output or f"{os.path.splitext(args.csv)[0]}.yaml"
    build(ScenarioTexts(main=texts.main, texts={**texts.texts, name: out}))
    if args.output:
        if os.path.exists(args.output) and not args.force:
            raise WargameError(f"{args.output} exists; choose another name or pass --force to replace it")
        write_atomically(args.output, out)
        print(f"{args.output}: {len(injects)} injects from {args.csv}", file=sys.stderr)
    else:
        sys.stdout.write(out)
    return 0


def _read_sheet(path: str, text: str, scenario: Any) -> list[dict[str, Any]]:
    """The deck's own columns, or an MSEL (HSEEP / Conducttr columns, mapped by header)."""
    import csv
    import io

    from wargame.session.decks import read_csv
    from wargame.session.msel import is_msel, read_msel

    try:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        header = []
    if not is_msel(header):
        return read_csv(path, text, scenario)
    injects, notes = read_msel(path, text, scenario)
    for note in notes:
        print(f"{path}:1:1: note: {note}", file=sys.stderr)
    return injects


def cmd_deck_export(args: argparse.Namespace) -> int:
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import load_addendum, load_scenario
    from wargame.session.msel import msel_csv

    if not os.path.isfile(args.deck):
        raise WargameError(f"{args.deck}: no such deck file (a deck is a YAML file with `injects:`)")
    scenario, _ = load_scenario(args.scenario or bundled_scenario(), [args.deck])
    injects = [scenario.inject(i.id) for i in load_addendum(args.deck).injects]
    if not injects:
        raise WargameError(f"{args.deck}: the deck has no injects to export")
    text = msel_csv(injects, scenario)
    if args.output:
        folder = os.path.dirname(os.path.abspath(args.output))
        if not os.path.isdir(folder):
            raise WargameError(f"{args.output}: the folder {folder} does not exist")
        if os.path.exists(args.output) and not args.force:
            raise WargameError(f"{args.output} exists; choose another name or pass --force to replace it")
        write_atomically(args.output, text)
        print(f"{args.output}: an MSEL of {len(injects)} injects from {args.deck}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_deck_list(args: argparse.Namespace) -> int:
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import load_scenario
    from wargame.rules.conditions import describe

    scenario, _ = load_scenario(args.scenario or bundled_scenario(), args.decks)
    from wargame.review.texttable import text_table

    rows: list[tuple[str, ...]] = []
    for inject in scenario.injects:
        trig = inject.trigger
        parts: list[str] = []
        if trig.manual:
            parts.append("by hand")
        if trig.at_round is not None:
            parts.append(f"round {trig.at_round}")
        if trig.when is not None:
            parts.append(f"when {describe(trig.when)}")
        if trig.chance is not None:
            parts.append(f"chance {trig.chance}")
        if inject.repeatable:
            parts.append("repeatable")
        rows.append((inject.id, ", ".join(parts), inject.to, ",".join(inject.sources), inject.title))
    print(text_table(("id", "fires", "to", "sources", "title"), rows))
    return 0


def register(add: Any) -> None:
    """Add `wargame deck ...` (`add(name, fn, help)` returns its parser)."""
    d = add("deck", cmd_deck, "inject decks: import a CSV events list, list a scenario's injects")
    d.set_defaults(deck_parser=d)
    sub = d.add_subparsers(dest="deck_command", metavar="ACTION")

    imp = sub.add_parser(
        "import",
        help="turn a CSV events list into a deck (YAML); bad rows are reported by line, exit 2",
        description=(
            "Turn a CSV events list (header row: round, inject id, title, text, target seat, effects; "
            "optional: sources, chance, repeatable), or an MSEL with HSEEP or Conducttr columns (time, "
            "event synopsis, inject, intended player, ...; columns mapped by header, unused ones reported), "
            "into an inject deck. Effects are separated by ';': "
            "momentum+5; escalation_risk-3; flag:NAME; clear_flag:NAME; term:ISSUE=OPTION; lever:LEVER; "
            "phase:PHASE. See facilitator/README.md."
        ),
    )
    imp.add_argument("csv", help="the CSV file")
    imp.add_argument("-o", "--output", help="write the deck here (default: print it)")
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    imp.add_argument("--title", help="the deck's title")
    imp.add_argument("--scenario", help="the scenario the deck is for (default: the bundled one)")
    imp.set_defaults(fn=cmd_deck_import)

    exp = sub.add_parser(
        "export",
        help="write a deck as an MSEL spreadsheet (HSEEP columns); `deck import` reads it back as the same deck",
        description=(
            "Write a deck as a master scenario events list (CSV): MSEL #, Time, Event Synopsis, Inject, "
            "Responsible Controller, Method, Intended Player, Expected Player Response, Objective/Capability, "
            "and the deck's effects. An inject the columns cannot express keeps its full definition in the "
            "last column, so `wargame deck import` gives the same deck back."
        ),
    )
    exp.add_argument("deck", help="the deck (YAML)")
    exp.add_argument("-o", "--output", help="write the sheet here (default: print it)")
    exp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    exp.add_argument("--scenario", help="the scenario the deck is for (default: the bundled one)")
    exp.set_defaults(fn=cmd_deck_export)

    ls = sub.add_parser("list", help="list the injects of a scenario and decks", description="List injects.")
    ls.add_argument("decks", nargs="*", help="extra decks to add to the scenario's own")
    ls.add_argument("--scenario", help="the scenario (default: the bundled one)")
    ls.set_defaults(fn=cmd_deck_list)
