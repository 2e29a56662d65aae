"""Errors of the sources app that a user can cause.

SourceError
├── DocumentRejected    the file could not be read (empty, binary, too large, corrupt, a zip
│                       bomb); nothing was stored
└── InvalidMetadata     a metadata value is not acceptable (unknown kind, bad date, bad URL)
"""


class SourceError(Exception):
    """Base of the sources app's user-facing errors; the message says what to do."""


class DocumentRejected(SourceError):
    pass


class InvalidMetadata(SourceError):
    pass
