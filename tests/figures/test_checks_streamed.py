"""A run of the checks reads the claims a document and a family of series at a time and stores
the findings in batches; what it stores is what the checks find over every claim at once.

The ledger here has what makes the grouping matter: copies of one text (at one level and at
another), breakdowns linked and unlinked, series whose ends differ, one place spelt two ways,
claims with no unit, several starts of period and sources of every level. The stored findings
and the index of figure keys are compared with ``run_checks`` over all the claims and with
counts made the slow way, after a first run and after claims change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import defaultdict

import pytest
from django.db import connection

from ombuds.claims.models import Claim, ClaimStatus
from ombuds.core.vocabularies import Confidentiality
from ombuds.figures import actions, aliases
from ombuds.figures.actions import do_run_checks
from ombuds.figures.checks import run_checks
from ombuds.figures.key_actions import do_merge_figure_keys
from ombuds.figures.keys import FigureKey
from ombuds.figures.models import (
    SUMMARY_LEVELS,
    FigureKeyAlias,
    FigureSummary,
    Finding,
    levels_mask,
)
from ombuds.figures.queries import iter_claim_facts
from ombuds.figures.streams import iter_documents, iter_series_families
from ombuds.sources.actions import do_update_source_metadata
from ombuds.sources.models import Source
from ombuds.sources.queries import copy_voices
from tests.figures.factories import make_claim, make_source

pytestmark = pytest.mark.django_db
LEVELS = [Confidentiality.PUBLIC, Confidentiality.INTERNAL, Confidentiality.RESTRICTED]
STARTS = [dt.date(2022, 1, 1), dt.date(2022, 7, 1), None]
PLACES = ["the North", "north", "South district", ""]


def _source(n: int, *, copy_of: Source | None = None, level: int | None = None) -> Source:
    source = make_source(
        f"Report {n}", publisher=f"Publisher {n % 3}", published=dt.date(2023, 1, 1 + n % 20)
    )
    source.confidentiality = LEVELS[(n if level is None else level) % 3]
    source.copy_of = copy_of
    source.save(update_fields=["confidentiality", "copy_of"])
    return source


def _claims(source: Source, n: int, *, shift: int = 0) -> None:
    start = STARTS[n % 3]
    place = PLACES[n % 4]
    end = dt.date(2022, 12, 31) if n % 2 else None  # open ends count as of publication
    total = make_claim(source, "killed", "people", 100 + 10 * (n % 4) + shift,
                       period_start=start, period_end=end, place=place)  # fmt: skip
    make_claim(source, "killed", "civilians", 60 + n % 5 + shift, parent=total,
               period_start=start, period_end=end, place=place)  # fmt: skip
    make_claim(source, "killed", "servicemen", 45 + shift, parent=total,
               period_start=start, period_end=end, place=place)  # fmt: skip
    make_claim(source, "injured", "people", 200 + 3 * n, period_start=start, period_end=end,
               place=place)  # fmt: skip
    make_claim(source, "casualties", "people", 300 + 13 * (n % 3), period_start=start,
               period_end=end, place=place)  # fmt: skip
    make_claim(source, "missing", "people", 1000 - 5 * n, qualifier="approx" if n % 4 else "exact",
               period_start=STARTS[0], period_end=dt.date(2022, 1 + n % 12, 28))  # fmt: skip
    make_claim(source, "destroyed", "houses", 40 + n % 2, unit="", place=place)


@pytest.fixture
def ledger():
    """Fourteen sources: ten alone, and two groups of copies (one with a copy at another
    level, one whose copy states an edited figure)."""
    sources = []
    for n in range(10):
        source = _source(n)
        _claims(source, n)
        sources.append(source)
    first = _source(10, level=0)
    _claims(first, 10)
    _claims(_source(11, copy_of=first, level=0), 10)
    _claims(_source(12, copy_of=first, level=1), 10)
    second = _source(13, level=1)
    _claims(second, 3)
    _claims(_source(14, copy_of=second, level=1), 3, shift=2)
    return sources


def found_at_once() -> dict[str, tuple[object, ...]]:
    """What ``run_checks`` over every claim at once finds, as the stored rows would hold it."""
    level_of = {str(pk): level for pk, level in Source.objects.values_list("pk", "confidentiality")}
    found = {}
    facts, _joined = aliases.rekey(list(iter_claim_facts()))
    for finding in run_checks(facts, copies=copy_voices()):
        found[finding.fingerprint] = (
            finding.status,
            finding.kind,
            finding.explanation,
            finding.key.slug() if finding.key else "",
            levels_mask({level_of[c.source_id] for c in finding.claims}),
            frozenset(c.claim_id for c in finding.claims),
        )
    return found


def stored() -> dict[str, tuple[object, ...]]:
    links = defaultdict(set)
    for finding_id, claim_id in Finding.claims.through.objects.values_list("finding", "claim"):
        links[finding_id].add(str(claim_id))
    return {
        f.fingerprint: (
            f.status,
            f.kind,
            f.explanation,
            f.key_slug,
            f.levels,
            frozenset(links[f.pk]),
        )
        for f in Finding.objects.filter(current=True)
    }


def index_the_slow_way() -> dict[tuple[str, int], tuple[object, ...]]:
    """Each figure's claims, sources (a group of copies once), latest date, open findings and
    range per set of levels, every claim under its figure."""
    level_of = {str(pk): level for pk, level in Source.objects.values_list("pk", "confidentiality")}
    voice_of = {pk: representative for pk, (representative, _level) in copy_voices().items()}
    by_key = defaultdict(list)
    for fact in aliases.rekey(list(iter_claim_facts()))[0]:
        by_key[fact.key.slug()].append(fact)
    open_findings = list(Finding.objects.open().values_list("key_slug", "levels"))
    rows = {}
    for slug, facts in by_key.items():
        for tier in SUMMARY_LEVELS:
            members = [f for f in facts if levels_mask({level_of[f.source_id]}) & ~tier == 0]
            if members:
                dates = [f.published for f in members if f.published]
                rows[(slug, tier)] = (
                    len(members),
                    len({voice_of.get(f.source_id, f.source_id) for f in members}),
                    max(dates) if dates else None,
                    sum(1 for s, m in open_findings if s == slug and m & ~tier == 0),
                    min(f.value for f in members),
                    max(f.value if f.value_max is None else f.value_max for f in members),
                )
    return rows


def index() -> dict[tuple[str, int], tuple[object, ...]]:
    return {
        (row.key_slug, row.levels): (
            row.claims,
            row.sources,
            row.latest,
            row.open_findings,
            row.low,
            row.high,
        )
        for row in FigureSummary.objects.all()
    }


def test_the_database_is_read_in_whole_documents_and_whole_series(ledger):
    documents = [facts for facts, _level in iter_documents(chunk_size=7)]
    assert len({facts[0].source_id for facts in documents}) == len(documents) == 15
    assert all(len({f.source_id for f in facts}) == 1 for facts in documents)
    families = [facts for facts, _levels in iter_series_families(chunk_size=7)]
    series_seen = defaultdict(set)
    for number, facts in enumerate(families):
        for fact in facts:
            series_seen[fact.key.series].add(number)
    assert all(len(families_of) == 1 for families_of in series_seen.values())
    assert sum(len(facts) for facts in families) == Claim.objects.count()


def test_what_is_stored_is_what_the_checks_find_over_all_claims_at_once(
    ledger, monkeypatch, editor
):
    monkeypatch.setattr(actions, "BATCH", 7)  # many batches, and findings of a group split
    counts = do_run_checks(acting_user=None)
    expected = found_at_once()
    assert {"parts_exceed_total", "differs", "series_decreases", "agrees"} <= {
        row[1] for row in expected.values()
    }
    assert stored() == expected
    assert counts.found == counts.added == len(expected)
    assert index() == index_the_slow_way()

    # Claims change: one rejected, one corrected, a copy's level changed, a source removed.
    claim = Claim.objects.filter(measure="missing").order_by("source__title").first()
    claim.status = ClaimStatus.REJECTED
    claim.save(update_fields=["status"])
    Claim.objects.filter(measure="killed", subject="servicemen").update(value=47)
    do_update_source_metadata(
        Source.objects.get(title="Report 12"),
        changes={"confidentiality": Confidentiality.PUBLIC},
        acting_user=editor,
    )
    Source.objects.filter(title="Report 9").delete()
    resolved = Finding.objects.open().order_by("fingerprint").first()
    actions.do_resolve_finding(resolved, reason="checked with the office", acting_user=editor)

    again = do_run_checks(acting_user=None)
    expected = found_at_once()
    assert stored() == expected
    assert again.found == len(expected)
    assert again.removed > 0
    assert again.added > 0
    assert index() == index_the_slow_way()

    # A run over claims as they were changes nothing and writes nothing to the index.
    ids = set(FigureSummary.objects.values_list("id", flat=True))
    still = do_run_checks(acting_user=None)
    assert (still.added, still.removed, still.retired) == (0, 0, 0)
    assert stored() == expected
    assert set(FigureSummary.objects.values_list("id", flat=True)) == ids


def test_joined_keys_are_checked_and_counted_as_one_figure_when_streamed(ledger, editor):
    """Periods that meet and an editor's merge, read a family at a time: the findings and the
    index are those of every claim at once under its figure, and the aliases are stored."""
    end = dt.date(2022, 6, 30)
    lone = _source(20, level=0)
    # "As of" the end of June, a few days after the half-year the ledger's sources give.
    make_claim(lone, "killed", "people", 170, period_end=end + dt.timedelta(days=3),
               place="the North")  # fmt: skip
    make_claim(lone, "killed", "people", 150, period_start=STARTS[0], period_end=end,
               place="the North")  # fmt: skip
    make_claim(lone, "injured", "people", 90, period_start=STARTS[0], period_end=end,
               place="Southern district")  # fmt: skip
    other = _source(21, level=1)
    make_claim(other, "injured", "people", 120, period_start=STARTS[0], period_end=end,
               place="South district")  # fmt: skip
    southern = FigureKey.of(measure="injured", subject="people", place="Southern district",
                            period_start=STARTS[0], period_end=end)  # fmt: skip
    south = FigureKey.of(measure="injured", subject="people", place="South district",
                         period_start=STARTS[0], period_end=end)  # fmt: skip
    do_merge_figure_keys(southern, south, reason="One district, two spellings.",
                         acting_user=editor)  # fmt: skip

    do_run_checks(acting_user=None)
    assert stored() == found_at_once()
    assert index() == index_the_slow_way()
    aliases_stored = dict(FigureKeyAlias.objects.values_list("own_slug", "figure_slug"))
    assert aliases_stored[southern.slug()] == south.slug()
    as_of = FigureKey.of(measure="killed", subject="people", place="the North",
                         period_end=end + dt.timedelta(days=3))  # fmt: skip
    assert aliases_stored[as_of.slug()].startswith("killed~people~~north~2022-01-01~")
    # The merged spellings are one figure, compared: 90 and 120 differ.
    south_findings = Finding.objects.filter(key_slug=south.slug())
    assert south_findings.filter(kind="differs").exists()
    assert not Finding.objects.filter(key_slug=southern.slug()).exists()
    row = FigureSummary.objects.get(key_slug=south.slug(), levels=SUMMARY_LEVELS[-1])
    assert (row.claims, row.low, row.high) == (2, 90, 120)


def test_the_ids_a_run_gives_new_rows_increase_and_do_not_repeat_across_runs():
    first = list(itertools.islice(actions.ordered_ids(), 1000))
    assert first == sorted(first)
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in first)
    # Another run draws other random bits, even within one millisecond.
    second = list(itertools.islice(actions.ordered_ids(), 1000))
    assert not set(first) & set(second)
    # Stored as text where the database has no UUID type, they sort in the same order.
    assert [i.hex for i in first] == sorted(i.hex for i in first)


def test_new_ids_are_the_ordered_ids_in_the_form_the_database_stores():
    ids = list(itertools.islice(actions._new_ids(), 1000))
    assert ids == sorted(ids)
    assert len(set(ids)) == 1000
    as_uuids = [i if isinstance(i, uuid.UUID) else uuid.UUID(hex=i) for i in ids]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in as_uuids)
    if connection.features.has_native_uuid_field:
        assert all(isinstance(i, uuid.UUID) for i in ids)
    else:
        # 32 lower-case hex digits, as Django writes a UUID to SQLite: a run's rows are found
        # by the ids the ORM gives.
        assert ids == [i.hex for i in as_uuids]


def test_a_run_on_sqlite_gives_its_temporary_tables_a_cache_and_restores_both_after():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page caches")

    def caches() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA main.cache_size")
            main = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA temp.cache_size")
            return main, int(cursor.fetchone()[0])

    before = caches()
    with actions._bulk_cache(), actions._scratch_tables():
        assert caches() == (-actions.RUN_CACHE_MB * 1024, -actions.TEMP_CACHE_MB * 1024)
    assert caches() == before
