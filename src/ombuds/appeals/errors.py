"""Errors of the appeals app that a user can cause; each message says what to do.

AppealError
├── FigureReferenceError    a figure reference in the text is malformed or resolves to nothing
├── WorkflowError           the appeal is not in a state that allows this step
│   └── AppealFrozen        the appeal is approved: its text and figures never change again
├── DispatchError           a dispatch cannot be made (no addressee, no email address, no PDF)
│                           or released (not stuck in sending, no reason given)
├── AddresseeError          an addressee entry is invalid (duplicate name, bad email address)
├── RenderError             a format cannot be produced (unknown format, missing font library)
└── OfficeError             the office profile is invalid (reference line, logo)
    └── TemplateError       an uploaded Word template cannot lay out a letter
"""


class AppealError(Exception):
    """Base of the appeals app's user-facing errors; the message says what to do."""


class FigureReferenceError(AppealError):
    pass


class WorkflowError(AppealError):
    pass


class AppealFrozen(WorkflowError):
    pass


class DispatchError(AppealError):
    pass


class AddresseeError(AppealError):
    pass


class RenderError(AppealError):
    pass


class OfficeError(AppealError):
    pass


class TemplateError(OfficeError):
    pass
