"""Errors of the sources app that a user can cause.

SourceError
├── DocumentRejected    the file could not be read (empty, binary, too large, corrupt, a zip
│                       bomb); nothing was stored
├── InvalidMetadata     a metadata value is not acceptable (unknown kind, bad date, bad URL)
├── OcrRefused          reading a source's text by OCR again is not possible now (its text
│                       came from the file, is read already, or a reading is under way)
└── CopiesRefused       a split or join of copies is not possible (no reason given, no
                        group to split, the two in one group already)
"""


class SourceError(Exception):
    """Base of the sources app's user-facing errors; the message says what to do."""


class DocumentRejected(SourceError):
    pass


class InvalidMetadata(SourceError):
    pass


class OcrRefused(SourceError):
    pass


class CopiesRefused(SourceError):
    pass
