"""Errors of the claims app that a user can cause.

ClaimError
├── InvalidCorrection   a corrected value is not acceptable (unknown field, bad number or
│                       date, a period that ends before it starts, a parent from elsewhere)
├── ReasonRequired      a correction or rejection was given without saying why
├── ReviewNotAllowed    the person's role may not take this review decision
└── UndoNotPossible     a review decision cannot be taken back (changed since, not theirs)
"""


class ClaimError(Exception):
    """Base of the claims app's user-facing errors; the message says what to do."""


class InvalidCorrection(ClaimError):
    pass


class ReasonRequired(ClaimError):
    pass


class ReviewNotAllowed(ClaimError):
    pass


class UndoNotPossible(ClaimError):
    pass
