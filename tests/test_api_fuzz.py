"""Schemathesis over the whole OpenAPI schema, as an admin and as a viewer: no answer is a 500.

The cases are generated from the schema (bounded in number, derandomized so a run is
repeatable) and sent through Django's test client with a logged-in session, on a database
holding a little of everything (demo-like sources, claims, findings, appeals, records).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, settings

from ombuds.api import api
from tests.conftest import make_user

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
EXAMPLES = 15


@pytest.fixture
def seeded(db: None) -> None:
    """Two sources with their claims for the routes to find (rolled back after each test).
    Ids of real objects appear in generated cases only by chance: most cases probe refusals,
    which must be 4xx."""
    from ombuds.sources.actions import do_ingest_source
    from tests.sources.documents import REPORT, REPORT_TWO

    for name, text in (("a.txt", REPORT), ("b.txt", REPORT_TWO)):
        do_ingest_source(text.encode(), filename=name, acting_user=None)


def _send(client: Client, case: Any) -> Any:
    query = urlencode(case.query or {}, doseq=True)
    return client.generic(
        case.method,
        case.formatted_path,
        QUERY_STRING=query,
        content_type="application/json",
        data=json.dumps(case.body) if isinstance(case.body, (dict, list)) else b"",
    )


@pytest.mark.parametrize("role", ["admin", "viewer"])
@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_500(case: Any, role: str, seeded: None) -> None:
    client = Client(raise_request_exception=False)
    user = User.objects.filter(username=f"fuzz-{role}").first() or make_user(role, f"fuzz-{role}")
    client.force_login(user)
    response = _send(client, case)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path}?{urlencode(case.query or {}, doseq=True)} "
        f"gave {response.status_code}: {response.content[:500]!r}"
    )
