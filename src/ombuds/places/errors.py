"""Errors of the places app that a user can cause.

PlacesError
├── ImportRejected     a file to import has bad features; ``problems`` lists each by line or
│                      index and reason, and nothing was stored
├── UnknownKind        a kind of record that cannot be imported or exported
├── ScopeError         a coverage scope that cannot be used (unknown unit, unit without boundary)
└── GazetteerError     a name or alias that cannot be recorded (empty, naming no entry or several)
"""

from __future__ import annotations

from dataclasses import dataclass


class PlacesError(Exception):
    """Base of the places app's user-facing errors; the message says what to do."""


@dataclass(frozen=True)
class Problem:
    """One bad feature or row: where it is in the file, and why it cannot be imported."""

    where: str  # "feature 3 (line 17)", "row 5", "file"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class ImportRejected(PlacesError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was imported. Correct "
            "the file and import it again.\n" + "\n".join(str(p) for p in problems)
        )


class UnknownKind(PlacesError):
    pass


class ScopeError(PlacesError):
    pass


class GazetteerError(PlacesError):
    """A gazetteer change that cannot be made; the message says what to write instead."""
