"""A figure older than a chosen day is a warning beside the others: the appeal's own day, or
today less OMBUDS_APPEAL_FIGURE_AGE_DAYS."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ombuds.appeals.actions import do_update_appeal
from ombuds.appeals.rendering import compose, figure_date
from ombuds.figures.keys import FigureKey
from ombuds.figures.queries import Citation, FigureValue
from tests.appeals.factories import OTHER_MISSING_TEXT, draft, ingest, missing_source

pytestmark = pytest.mark.django_db
BODY = "We count {{fig missing/people}} missing."


def old_warnings(doc):
    return [w for w in doc["warnings"] if "older than" in w]


def test_a_figure_whose_latest_claim_is_before_the_chosen_day_is_a_warning():
    missing_source()  # published 25 January 2023
    appeal = draft(BODY, figures_since=dt.date(2024, 1, 1))
    (warning,) = old_warnings(compose(appeal))
    assert warning.startswith("{{fig missing/people}} is of 25 January 2023 (its latest claim), ")
    assert "older than 1 January 2024: look for a newer figure" in warning
    appeal = do_update_appeal(
        appeal, changes={"figures_since": dt.date(2023, 1, 1)}, acting_user=None
    )
    assert old_warnings(compose(appeal)) == []


def test_a_newer_claim_makes_the_figure_recent_again():
    missing_source()
    appeal = draft(BODY, figures_since=dt.date(2024, 1, 1))
    assert old_warnings(compose(appeal))
    ingest(OTHER_MISSING_TEXT, title="A later note", published=dt.date(2024, 6, 1))
    assert old_warnings(compose(appeal)) == []


def test_without_a_day_of_its_own_the_appeal_uses_the_default_age(settings):
    missing_source()
    appeal = draft(BODY)
    age = (dt.date.today() - dt.date(2023, 1, 25)).days
    settings.OMBUDS_APPEAL_FIGURE_AGE_DAYS = age + 30
    assert old_warnings(compose(appeal)) == []
    settings.OMBUDS_APPEAL_FIGURE_AGE_DAYS = age - 30
    (warning,) = old_warnings(compose(appeal))
    since = dt.date.today() - dt.timedelta(days=age - 30)
    assert f"older than {since.day} " in warning


def test_the_warning_is_in_every_language_version_and_stays_after_the_text():
    missing_source()
    appeal = draft(BODY, figures_since=dt.date(2024, 1, 1))
    from ombuds.appeals.actions import do_save_version

    do_save_version(appeal, language="ru", title="Обращение", body="Пропали {{fig missing/people}}.",
                    acting_user=None)  # fmt: skip
    assert old_warnings(compose(appeal, language="ru"))


def test_a_figure_with_a_period_is_as_old_as_its_period_end_and_records_are_never_old():
    key = FigureKey.of(measure="killed", subject="civilians", period_end=dt.date(2021, 12, 31))
    cited = Citation(kind="claim", description="", url="", published=dt.date(2025, 1, 1))
    value = FigureValue(key=key, value=Decimal(5), value_max=None, qualifier="exact",
                        unit="count", basis="claims", citations=[cited])  # fmt: skip
    assert figure_date(key, value) == dt.date(2021, 12, 31)
    open_ended = FigureKey.of(measure="killed", subject="civilians")
    assert figure_date(open_ended, value) == dt.date(2025, 1, 1)
    counted = FigureValue(key=open_ended, value=Decimal(5), value_max=None, qualifier="exact",
                          unit="count", basis="records")  # fmt: skip
    assert figure_date(open_ended, counted) is None
