"""Sources with claims for the appeals tests, ingested through the real action and engine."""

from __future__ import annotations

import datetime as dt

from ombuds.appeals.actions import do_create_appeal, do_save_addressee
from ombuds.appeals.models import Addressee, AddresseeCategory, Appeal
from ombuds.claims.models import Claim
from ombuds.sources.actions import do_ingest_source
from ombuds.sources.models import Source

MISSING_TEXT = (
    "Report of the commission, in our own words, prepared for the tests.\n\n"
    "The report says that during the first Karabakh war a total of 3,890 citizens went "
    "missing, of whom 3,171 were servicemen and 719 were civilians.\n"
)
MINES_TEXT = (
    "Statement prepared for the tests.\n\n"
    "The statement says that from November 10, 2020 until now, as a result of landmine "
    "explosions in the liberated territories, 10 servicemen and 36 civilians were killed.\n"
)
OTHER_MISSING_TEXT = (
    "A later note prepared for the tests.\n\n"
    "The note says that during the first Karabakh war a total of 3,900 citizens went missing.\n"
)

BODY = (
    "We write about the missing: {{fig missing/people}} people, {{fig missing/servicemen}} "
    "of them servicemen.\n\n"
    "And again {{fig missing/people}} in total."
)


def ingest(text: str, *, title: str, published: dt.date) -> Source:
    source, _created = do_ingest_source(
        text.encode(),
        filename=f"{title}.txt",
        title=title,
        publisher="Test Commission",
        published=published,
        acting_user=None,
    )
    return source


def missing_source() -> Source:
    return ingest(MISSING_TEXT, title="Commission report", published=dt.date(2023, 1, 25))


def claim(source: Source, measure: str, subject: str) -> Claim:
    return Claim.objects.get(source=source, measure=measure, subject=subject)


def addressee(name: str, email: str = "") -> Addressee:
    return do_save_addressee(
        organisation=name,
        category=AddresseeCategory.NGO,
        emails=email,
        synthetic=True,
        acting_user=None,
    )


def draft(body: str = BODY, **extra: object) -> Appeal:
    return do_create_appeal(
        title="Appeal on the missing",
        body=body,
        signatory="Test Signatory\nTest Office",
        place="Baku",
        acting_user=None,
        **extra,  # type: ignore[arg-type]
    )
