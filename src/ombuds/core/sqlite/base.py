"""Django's SQLite backend, with a write transaction that waits for the lock instead of failing.

Every transaction begins IMMEDIATE (settings.py), taking SQLite's one write lock at BEGIN, so a
writer either gets the lock or waits for it; SQLite's busy timeout bounds one wait. A long
write elsewhere (a bulk import from the command line) can hold the lock longer than that, and a
form submission would then fail with "database is locked". Here BEGIN is tried again, with a
short pause, until ``OMBUDS_SQLITE_WRITE_WAIT`` seconds have passed. Retrying BEGIN is always
safe: nothing of the transaction has run yet. Reads never wait: WAL lets them go on.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

PAUSE_SECONDS = 0.05


def _locked(exc: Exception) -> bool:
    return "database is locked" in str(exc) or "database is busy" in str(exc)


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        deadline = time.monotonic() + float(getattr(settings, "OMBUDS_SQLITE_WRITE_WAIT", 90))
        while True:
            try:
                super()._start_transaction_under_autocommit()  # type: ignore[misc]
                return
            except OperationalError as exc:
                if not _locked(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(PAUSE_SECONDS)
