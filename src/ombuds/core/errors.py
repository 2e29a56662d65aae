"""Errors of the core app that a user can cause.

CoreError
├── UnknownRole
├── UserExists
├── FourEyesRefused   a decision needs a second person (core/four_eyes.py)
├── TokenRefused      an API token that cannot be created or revoked as asked
└── BackupError
    ├── DamagedBackup
    └── IncompatibleBackup
"""


class CoreError(Exception):
    """Base of the core app's user-facing errors; the message says what to do."""


class UnknownRole(CoreError):
    pass


class UserExists(CoreError):
    pass


class FourEyesRefused(CoreError):
    pass


class TokenRefused(CoreError):
    pass


class BackupError(CoreError):
    pass


class DamagedBackup(BackupError):
    pass


class IncompatibleBackup(BackupError):
    pass
