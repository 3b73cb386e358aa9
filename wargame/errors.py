"""Typed errors, split by cause (the python-chess way).

A user's mistake (a bad scenario, a wrong id in a moves file, a tampered save)
must reach the person as `file:line:column: what is wrong, what would be right`
and exit code 2, never as a traceback. Every error the CLI catches is a
`WargameError`; anything else is a bug.
"""

from __future__ import annotations


class WargameError(Exception):
    """Base of every error that is the user's to fix."""


class Located:
    """A place in a file, 1-based like editors show it."""

    def __init__(self, file: str, line: int = 0, column: int = 0) -> None:
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


class ContentError(WargameError):
    """One or more problems in a YAML file (scenario, rulebook, deck, moves file).

    Collects all problems instead of stopping at the first, so an author fixes
    a file in one pass.
    """

    def __init__(self, problems: list[tuple[Located, str]]) -> None:
        problems = sorted(problems, key=lambda p: (p[0].file, p[0].line, p[0].column))
        self.problems = problems
        super().__init__("\n".join(f"{where}: {msg}" for where, msg in problems))


class SaveError(WargameError):
    """A save file that cannot be trusted or read (edited, wrong format)."""


class RefusedAction(WargameError):
    """An action the game refuses; the message says why and what would be legal."""


class NotYourTurn(RefusedAction):
    """A seat acted out of turn, or in the wrong step of the round."""


class OffAgenda(RefusedAction):
    """An issue that is not on this phase's agenda."""


class UnknownId(RefusedAction):
    """An id (seat, issue, option, lever, inject) the scenario does not have."""


class LeverRefused(RefusedAction):
    """A lever that is not this seat's, or a second lever in one round."""


class GameOver(RefusedAction):
    """The game has ended; nothing more can be submitted."""
