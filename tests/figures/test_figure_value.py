"""figure_value: the value to quote, with its citations and warnings; records beside claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.claims.models import ClaimStatus
from ombuds.figures.actions import do_run_checks
from ombuds.figures.index import list_figure_keys
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import figure_value
from ombuds.registry.actions import do_save_record
from ombuds.registry.models import MissingPersonCase
from tests.figures.factories import make_claim, make_source
from tests.registry.factories import person

pytestmark = pytest.mark.django_db
END = dt.date(2022, 12, 31)
KEY = FigureKey.of(measure="killed", subject="civilians", period_end=END)


def test_the_latest_publication_gives_the_value_and_every_claim_is_cited():
    old = make_source("Old", publisher="Examplia Ombudsperson", published=dt.date(2022, 1, 1))
    new = make_source("New", publisher="Otherland Ombudsperson", published=dt.date(2023, 1, 5))
    undated = make_source("Undated", publisher="Blog", published=None)
    make_claim(old, "killed", "civilians", 90, period_end=END)
    latest = make_claim(new, "killed", "civilians", 94, period_end=END, qualifier="at_least")
    make_claim(undated, "killed", "civilians", 200, period_end=END)
    value = figure_value(KEY)
    assert value is not None
    assert (value.value, value.qualifier, value.basis) == (Decimal(94), "at_least", "claims")
    first = value.citations[0]
    assert (first.kind, first.claim_id, first.publisher) == ("claim", latest.pk, "Otherland "
                                                             "Ombudsperson")  # fmt: skip
    assert first.url == f"/sources/{new.pk}/?claim=1#claim-1"
    assert [c.value for c in value.citations] == [Decimal(94), Decimal(90), Decimal(200)]
    assert any(w.startswith("Sources disagree") for w in value.warnings)


def test_rejected_claims_do_not_count_and_open_findings_warn():
    a = make_source("A", publisher="Examplia Ombudsperson")
    b = make_source("B", publisher="Otherland Ombudsperson", published=dt.date(2023, 1, 5))
    make_claim(a, "killed", "civilians", 90, period_end=END)
    rejected = make_claim(b, "killed", "civilians", 900, period_end=END)
    rejected.status = ClaimStatus.REJECTED
    rejected.save()
    value = figure_value(KEY)
    assert value is not None
    assert value.value == 90
    assert value.warnings == []
    c = make_source("C", publisher="NGO monitor", published=dt.date(2023, 2, 1))
    make_claim(c, "killed", "civilians", 120, period_end=END)
    do_run_checks(acting_user=None)
    value = figure_value(KEY)
    assert value is not None
    assert value.value == 120
    assert any(w.startswith("Contradiction:") and "by 30" in w for w in value.warnings)


def test_an_open_end_matches_the_publication_date_or_any_date():
    source = make_source("S", published=dt.date(2023, 1, 25))
    make_claim(source, "missing", "people", 3890)
    as_of = FigureKey.of(measure="missing", subject="people", period_end=dt.date(2023, 1, 25))
    assert figure_value(as_of).value == 3890
    assert figure_value(FigureKey.of(measure="missing", subject="people")).value == 3890
    other_day = FigureKey.of(measure="missing", subject="people", period_end=dt.date(2023, 1, 1))
    assert figure_value(other_day) is None


def test_records_give_the_value_when_no_claim_does_and_stand_beside_claims():
    for name in ("Elvin Məmmədov", "Aysel Quliyeva"):
        do_save_record(
            MissingPersonCase(),
            values={"person": person(name), "status_group": "civilian", "status": "reported"},
            acting_user=None,
        )
    key = FigureKey.of(measure="missing", subject="civilians")
    value = figure_value(key)
    assert value is not None
    assert (value.value, value.basis, value.qualifier) == (Decimal(2), "records", "exact")
    assert value.citations[0].kind == "records"
    assert value.citations[0].records == 2
    source = make_source("S", published=dt.date(2023, 1, 25))
    make_claim(source, "missing", "civilians", 719)
    value = figure_value(key)
    assert value is not None
    assert (value.value, value.basis) == (Decimal(719), "claims")
    assert [c.kind for c in value.citations] == ["claim", "records"]
    assert any(w.startswith("Records give 2") for w in value.warnings)


def test_list_figure_keys_counts_claims_sources_and_merges_places():
    a = make_source("A", published=dt.date(2023, 1, 25))
    b = make_source("B", published=dt.date(2023, 1, 25))
    make_claim(a, "killed", "civilians", 5, place="The border villages", period_end=END)
    make_claim(b, "killed", "civilians", 5, place="border villages", period_end=END)
    make_claim(b, "injured", "civilians", 9, period_end=END)
    [top, *rest] = list_figure_keys(user=None)
    assert top.key == FigureKey.of(measure="killed", subject="civilians",
                                   place="border villages", period_end=END)  # fmt: skip
    assert (top.claims, top.sources) == (2, 2)
    assert [r.key.measure for r in rest] == ["injured"]
    assert list_figure_keys(user=None, measure="injured")[0].claims == 1


def test_on_one_date_the_exact_value_wins_and_rounding_is_no_disagreement():
    appeal = make_source("Appeal", published=dt.date(2023, 1, 25))
    make_claim(appeal, "missing", "people", 3890)
    make_claim(appeal, "missing", "people", 4000, qualifier="approx")  # stored later
    value = figure_value(FigureKey.of(measure="missing", subject="people"))
    assert value is not None
    assert (value.value, value.qualifier, value.display) == (Decimal(3890), "exact", "3,890")
    assert not any(w.startswith("Sources disagree") for w in value.warnings)


def test_a_source_stating_a_figure_many_times_weighs_its_best_three_claims():
    long = make_source("Long", publisher="Examplia Ombudsperson", published=dt.date(2023, 1, 5))
    other = make_source("Other", publisher="Otherland Ombudsperson", published=dt.date(2022, 1, 1))
    for n in range(12):
        make_claim(long, "killed", "civilians", 100 + n, period_end=END, qualifier="approx")
    exact = make_claim(long, "killed", "civilians", 99, period_end=END)
    older = make_claim(other, "killed", "civilians", 80, period_end=END)

    value = figure_value(KEY)

    assert value is not None
    assert value.value == Decimal(99)  # the long source's exact claim, not its approximations
    cited = [c.claim_id for c in value.citations]
    assert len([c for c in value.citations if c.source_id == long.pk]) == 3
    assert cited[0] == exact.pk
    assert older.pk in cited
