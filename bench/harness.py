"""What the page benchmarks share: Django on a throw-away database, and timing a page.

Each benchmark is run as ``python bench/<name>.py``; this module sits beside them.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Any


def throwaway_django(database_url: str = "", folder: str = "") -> str:
    """Set Django up on a new database, migrated; the folder holding its files.

    With ``database_url`` (an EMPTY throw-away PostgreSQL database) that database is used,
    else a SQLite file in the folder. Settings come from the environment as in production.
    """
    folder = folder or tempfile.mkdtemp(prefix="ombuds-bench-")
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["OMBUDS_VAR_DIR"] = folder
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombuds.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Django's test client speaks plain HTTP, as the server does behind the TLS proxy: without
    # this every page answers 301 to https.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    return folder


def median_ms(client: Any, url: str, runs: int) -> float:
    """The median time in ms of ``runs`` GETs of ``url``, each of which must answer 200."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000
