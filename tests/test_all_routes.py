"""Every page and API route, as every role, on data holding restricted and personal records.

The routes come from the URL resolver and the OpenAPI schema, so a new route is walked without
touching this file; a route with a path parameter no candidate below can fill fails the test,
saying which parameter to add. Each response body is searched for marker values; a marker
found where the role may not see it fails the test with the route and the role.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ombuds.api import api
from ombuds.appeals.actions import do_approve_appeal, do_submit_appeal, do_update_appeal
from ombuds.appeals.dispatch_actions import do_log_response, do_record_manual_dispatch
from ombuds.appeals.models import Dispatch
from ombuds.registry.actions import do_queue_import, do_save_record
from ombuds.registry.models import Casualty, Incident, MissingPersonCase, Person
from tests.appeals import factories as appeal_factories
from tests.conftest import make_user
from tests.figures.factories import make_claim, make_source
from tests.places.factories import feature, load, square

ROLES = ("anonymous", "viewer", "researcher", "editor", "admin")
EVERYONE_IN_THE_OFFICE = {"viewer", "researcher", "editor", "admin"}
CASE_TEAM = {"editor", "admin"}


@dataclass(frozen=True)
class Marker:
    value: str
    seen_by: frozenset[str]  # roles that may see it on a plain GET (no stated purpose)


MARKERS = [
    # A restricted incident ("nobody outside the case team"): description and exact point.
    Marker("Zq-restricted-incident-description", frozenset(CASE_TEAM)),
    Marker("40.123457", frozenset(CASE_TEAM)),
    Marker("46.654321", frozenset(CASE_TEAM)),
    # A restricted source, its claims and the figure only it states.
    Marker("Zq-restricted-source-title", frozenset(CASE_TEAM)),
    Marker("Zq-restricted-quote", frozenset(CASE_TEAM)),
    Marker("zqsecretvillage", frozenset(CASE_TEAM)),
    # A person: names for researchers up; contacts and documents never without a purpose.
    Marker("Zq-Person-Name", frozenset({"researcher", "editor", "admin"})),
    Marker("Zq-contact-phone", frozenset()),
    Marker("Zq-passport-AB123", frozenset()),
    Marker("Zq-relative-contact", frozenset()),
    # Appeals: drafts, message ids and reply summaries stay inside the appeal's workers.
    Marker("Zq-draft-appeal-title", frozenset({"researcher", "editor", "admin"})),
    Marker("zq-message-id@ombuds.test", frozenset({"researcher", "editor", "admin"})),
    Marker("Zq-reply-summary", frozenset({"researcher", "editor", "admin"})),
    Marker("zq-addressee@ombuds.test", frozenset({"researcher", "editor", "admin"})),
    # Another user's import job: its owner (the editor) and admins only.
    Marker("zq-editors-import", frozenset({"editor", "admin"})),
]

# Query strings tried besides the bare route, by URL name: exports answer only with them.
EXTRA_QUERIES: dict[str, list[str]] = {
    "registry:export": [
        f"kind={kind}&format=json&audience={audience}"
        for kind in ("persons", "incidents", "casualties", "missing")
        for audience in ("office", "partners")
    ]
    + [
        f"kind={kind}&format=json&audience=office&purpose=walking+every+route"
        for kind in ("persons", "missing")
    ]
    + ["aggregate=landmine-monitor&format=json&audience=office"],
    "figures:list": ["measure=killed"],
    "registry:list": ["name=Zq-Person-Name"],
}


@pytest.fixture
def world(db: None) -> dict[str, list[str]]:
    """Records of every kind, restricted and personal ones among them; candidates by parameter."""
    users = {role: make_user(role, f"{role}-routes") for role in ROLES if role != "anonymous"}

    restricted = do_save_record(
        Incident(),
        values={
            "incident_type": "mine",
            "date": dt.date(2021, 5, 4),
            "place": "Test field",
            "latitude": 40.123457,
            "longitude": 46.654321,
            "description": "Zq-restricted-incident-description",
            "confidentiality": "restricted",
            "consent_scope": "none",
        },
        acting_user=None,
    )
    open_incident = do_save_record(
        Incident(), values={"incident_type": "mine", "place": "Open field"}, acting_user=None
    )
    person = do_save_record(
        Person(),
        values={"contact": "Zq-contact-phone", "id_documents": "Zq-passport-AB123"},
        names=[{"name": "Zq-Person-Name", "language": "en"}],
        acting_user=None,
    )
    casualty = do_save_record(
        Casualty(),
        values={
            "incident": restricted,
            "person": person,
            "outcome": "killed",
            "status": "civilian",
            "sex": "male",
            "confidentiality": "restricted",
            "consent_scope": "none",
        },
        acting_user=None,
    )
    missing = do_save_record(
        MissingPersonCase(),
        values={
            "person": person,
            "reporting_relative": "a brother",
            "relative_contact": "Zq-relative-contact",
        },
        acting_user=None,
    )

    source = make_source("Zq-restricted-source-title")
    source.confidentiality = "restricted"
    source.save()
    claim = make_claim(
        source, "killed", "civilians", 7, place="zqsecretvillage", quote="Zq-restricted-quote"
    )

    # An open incident cites the restricted source and its claim as evidence.
    do_save_record(
        Incident.objects.get(pk=open_incident.pk),
        values={"incident_type": "mine", "place": "Open field"},
        sources=[source],
        claims=[claim],
        acting_user=None,
    )

    job = do_queue_import(
        b"external_id,incident_type\nx1,mine\n",
        filename="zq-editors-import.csv",
        kind="incidents",
        mapping={},
        acting_user=users["editor"],
    )

    addressee = appeal_factories.addressee("Zq Ministry", "zq-addressee@ombuds.test")
    source_ok = appeal_factories.missing_source()
    assert source_ok.claims.exists()
    approved = appeal_factories.draft()
    do_update_appeal(approved, changes={}, addressees=[addressee], acting_user=None)
    do_submit_appeal(approved, acting_user=None)
    approved = do_approve_appeal(approved, acting_user=None)
    dispatch = do_record_manual_dispatch(
        approved,
        addressee=addressee,
        channel="post",
        sent_on=dt.date(2024, 1, 2),
        acting_user=None,
    )
    Dispatch.objects.filter(pk=dispatch.pk).update(message_id="<zq-message-id@ombuds.test>")
    reply = do_log_response(
        dispatch,
        received_on=dt.date(2024, 2, 1),
        sender="The ministry",
        summary="Zq-reply-summary",
        acting_user=None,
    )
    draft = appeal_factories.draft(body="A draft.")
    do_update_appeal(draft, changes={"title": "Zq-draft-appeal-title"}, acting_user=None)
    demand = approved.demands.create(party="The ministry", text="Act.")

    load(
        "hazards",
        feature(square(46.0, 40.0, 0.01), name="Zq hazard", classification="SHA", local_id="H1"),
    )
    load(
        "sites", feature({"type": "Point", "coordinates": [46.1, 40.1]}, name="River", type="water")
    )
    from ombuds.places.models import EnvironmentalSite, HazardArea

    hazard = HazardArea.objects.get()
    site = EnvironmentalSite.objects.get()

    from django.core.files.base import ContentFile

    from ombuds.figures.actions import do_run_checks
    from ombuds.figures.models import Finding
    from ombuds.sources.actions import do_queue_ingest_job

    do_run_checks(acting_user=None)
    ingest = do_queue_ingest_job(
        [ContentFile(b"One text.", name="a.txt")], acting_user=users["editor"]
    )
    finding_ids = [str(f) for f in Finding.objects.values_list("pk", flat=True)[:3]]
    from ombuds.core.actions import do_create_api_token

    token, _key = do_create_api_token(users["editor"], name="zq-token", acting_user=None)

    return {
        "_users": users,  # type: ignore[dict-item]
        "job_id": [str(ingest.pk)],
        "token_id": [str(token.pk)],
        "source_id": [str(source.pk), str(source_ok.pk)],
        "claim_id": [str(claim.pk)],
        "finding_id": finding_ids,
        "slug": [
            "killed~civilians~~zqsecretvillage~~2022-03-03~count",
            "missing~people~~~~2023-01-25~count",
        ],
        "appeal_id": [str(approved.pk), str(draft.pk)],
        "demand_id": [str(demand.pk)],
        "dispatch_id": [str(dispatch.pk)],
        "response_id": [str(reply.pk)],
        "addressee_id": [str(addressee.pk)],
        "name": ["incidents", "hazards", "sites"],
        "fmt": ["html", "csv", "json", "geojson", "docx"],
        "language": ["ru", "en"],
        "kind": ["persons", "incidents", "casualties", "missing", "hazards", "sites"],
        # (kind, pk) pairs for routes naming both
        "kind+pk": [
            f"incidents {restricted.pk}",
            f"incidents {open_incident.pk}",
            f"persons {person.pk}",
            f"casualties {casualty.pk}",
            f"missing {missing.pk}",
            f"hazards {hazard.pk}",
            f"sites {site.pk}",
        ],
        "pk": [str(job.pk), str(hazard.pk), str(site.pk)],
    }


PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or ns
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            name = f"{ns}:{entry.name}" if ns and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name


def page_routes() -> list[tuple[str, str]]:
    """(route template, URL name) of every page; the API's own patterns are left to the schema."""
    return [(t, n) for t, n in _patterns(get_resolver()) if not t.startswith("api/")]


def api_routes() -> list[str]:
    schema = api.get_openapi_schema()
    return [
        path.replace("{", "<").replace("}", ">")
        for path, operations in schema["paths"].items()
        if "get" in operations
    ]


def fill(template: str, world: dict[str, list[str]]) -> list[str]:
    """Every URL the template gives with the world's candidates for its parameters."""
    template = template.lstrip("^").rstrip("$")
    names = [m.group("name") for m in PARAM.finditer(template)]
    if not names:
        return ["/" + template.lstrip("/")]
    if "kind" in names and "pk" in names:
        combos = [dict(zip(("kind", "pk"), pair.split(), strict=True)) for pair in world["kind+pk"]]
        rest = [n for n in names if n not in ("kind", "pk")]
    else:
        combos = [{}]
        rest = names
    missing = [n for n in rest if n not in world]
    assert not missing, f"No candidates for {missing} in {template}: add them to world()."
    urls = []
    for combo in combos:
        for values in itertools.product(*(world[n] for n in rest)):
            given = {**combo, **dict(zip(rest, values, strict=True))}
            url = PARAM.sub(lambda m, g=given: g[m.group("name")], template)  # type: ignore[misc]
            urls.append("/" + url.lstrip("/"))
    return urls


def test_the_walk_reaches_every_route(world: dict[str, list[str]]) -> None:
    names = {name for _t, name in page_routes()}
    assert {"registry:detail", "places:layer", "appeals:detail", "figures:detail"} <= names
    assert any("registry/records" in path for path in api_routes())


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_what_it_may_not(world: dict[str, Any], role: str) -> None:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["_users"][role])
    urls: list[str] = []
    for template, name in page_routes():
        for url in fill(template, world):
            urls.append(url)
            urls.extend(f"{url}?{query}" for query in EXTRA_QUERIES.get(name, []))
    for template in api_routes():
        urls.extend("/api" + url for url in fill(template, world))
    hidden = [m for m in MARKERS if role not in m.seen_by]
    leaks, errors = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url} -> {response.status_code}")
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace").lower()
        leaks.extend(f"{url}: {m.value}" for m in hidden if m.value.lower() in text)
    assert not errors, f"{role}: server errors:\n" + "\n".join(errors)
    assert not leaks, f"{role} sees what it may not:\n" + "\n".join(leaks)
