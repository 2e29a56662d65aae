"""Demo sources: short summaries, in our own words, of two published appeals, with attribution.

Each file in ``demo_documents/`` restates figures of a published document and says whose
claims they are; it is ingested through the same action as any upload, so the engine extracts
its claims. Loading twice changes nothing: the same bytes find the stored source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ombuds.sources.actions import do_ingest_source
from ombuds.sources.models import Reliability, SourceKind

DOCUMENTS = Path(__file__).parent / "demo_documents"
OMBUDSMAN = (
    "Sabina Aliyeva, Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan"
)
OMBUDSMAN_OFFICE = "Office of the Commissioner for Human Rights (Ombudsman) of Azerbaijan"


@dataclass(frozen=True)
class DemoSource:
    filename: str
    title: str
    kind: str
    author: str
    publisher: str
    published: dt.date


DEMO_SOURCES = [
    DemoSource(
        "2021-09-21-trend-ombudsperson-appeal.txt",
        "Azerbaijani Ombudsperson appeals to international organizations (demo summary of a "
        "Trend report)",
        SourceKind.NEWS_REPORT,
        OMBUDSMAN,
        "Trend news agency",
        dt.date(2021, 9, 21),
    ),
    DemoSource(
        "2023-01-25-ombudsman-appeal-missing-and-resources.txt",
        "Next Appeal of the Ombudsman of Azerbaijan: missing persons, displacement, resources "
        "(demo summary)",
        SourceKind.OMBUDSMAN_APPEAL,
        OMBUDSMAN,
        OMBUDSMAN_OFFICE,
        dt.date(2023, 1, 25),
    ),
    DemoSource(
        "2023-01-25-ombudsman-appeal-landmines.txt",
        "Next Appeal of the Ombudsman of Azerbaijan: landmine victims (demo summary)",
        SourceKind.OMBUDSMAN_APPEAL,
        OMBUDSMAN,
        OMBUDSMAN_OFFICE,
        dt.date(2023, 1, 25),
    ),
]


def load_demo_sources(say: Callable[[str], None]) -> None:
    """Ingest the demo documents that are not stored yet."""
    for demo in DEMO_SOURCES:
        source, created = do_ingest_source(
            (DOCUMENTS / demo.filename).read_bytes(),
            filename=demo.filename,
            title=demo.title,
            kind=demo.kind,
            author=demo.author,
            publisher=demo.publisher,
            published=demo.published,
            language="en",
            reliability=Reliability.UNKNOWN,
            acting_user=None,
        )
        if created:
            say(f"demo source {source.title!r}: {source.claims.count()} claims")
