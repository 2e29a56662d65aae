"""Errors of the registry app; each message says what to do.

::

    RegistryError
    ├── RecordNotFound        an external id or key names no record
    ├── RecordInvalid         a value breaks a rule of the record (form, API, action)
    ├── ImportRejected        a file failed validation: nothing was imported (carries the report)
    ├── MappingInvalid        a column mapping file cannot be used
    ├── ExportRefused         an export was asked for that the user may not have
    └── DecryptionError       an encrypted value cannot be read with the current key
"""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Base of every registry error."""


class RecordNotFound(RegistryError):
    pass


class RecordInvalid(RegistryError):
    pass


class ImportRejected(RegistryError):
    """The file had bad rows; ``report`` lists each with its line and reason."""

    def __init__(self, message: str, *, report: Any) -> None:
        super().__init__(message)
        self.report = report


class MappingInvalid(RegistryError):
    pass


class ExportRefused(RegistryError):
    pass


class DecryptionError(RegistryError):
    pass
