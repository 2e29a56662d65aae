"""Errors of the figures app that a user can cause.

FiguresError
├── FindingNotOpen      the finding is consistent or already resolved: nothing to resolve
├── KeysRefused         two figure keys cannot be merged or split as asked
├── ReasonRequired      a resolution or a decision on keys was given without a reason
└── UnknownFigureKey    a figure key slug that does not parse
"""


class FiguresError(Exception):
    """Base of the figures app's user-facing errors; the message says what to do."""


class FindingNotOpen(FiguresError):
    pass


class KeysRefused(FiguresError):
    pass


class ReasonRequired(FiguresError):
    pass


class UnknownFigureKey(FiguresError):
    pass
