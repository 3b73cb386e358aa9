"""Plain-text tables for the command line (`wargame rules`, `wargame deck list`).

Drawn by rich, as the progress bar of `wargame simulate` is: one library for
terminal text instead of hand-padded columns. The output is plain text (no
colour, no wrapping, no trailing spaces), so it reads the same in a terminal,
a pipe or a file, and tests can compare it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console
from rich.table import Table

RULED = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)
"""No lines but a rule of dashes under the header (ASCII, for any terminal)."""


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns under a header and a rule; no cell is wrapped or cut."""
    table = Table(box=RULED, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="", highlight=False)
    for name in header:
        table.add_column(name, no_wrap=True, overflow="ignore")
    for row in rows:
        table.add_row(*row)
    out = io.StringIO()
    Console(file=out, width=100_000, color_system=None, force_terminal=False, legacy_windows=False).print(table)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    return "\n".join(line for line in lines if line)
