"""Name search across scripts and spellings."""

from __future__ import annotations

import pytest

from ombuds.registry.queries import list_records
from ombuds.registry.transliteration import name_key
from tests.registry.factories import person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Məmmədov", "Мамедов"),
        ("Mammadov", "Mamedov"),
        ("Xəlilov", "Khalilov"),
        ("Cavid", "Джавид"),
        ("Grigoryan", "Գրիգորյան"),
        ("Hovhannisyan", "Ованнисян"),
        ("Mkrtchyan", "Мкртчян"),
        ("Qasımov", "Гасымов"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_different_names_do_not_meet() -> None:
    assert name_key("Aliyev") != name_key("Mammadov")
    assert name_key("Grigoryan") != name_key("Petrosyan")


def test_search_finds_a_person_written_in_another_script() -> None:
    elvin = person("Elvin Məmmədov")
    armen = person("Армен Григорян")
    person("Tigran Petrosyan")
    found = list_records("persons", filters={"name": "Mamedov Elvin"}, user=None).rows
    assert [p.pk for p in found] == [elvin.pk]
    found = list_records("persons", filters={"name": "Grigorian"}, user=None).rows
    assert [p.pk for p in found] == [armen.pk]
    assert list_records("persons", filters={"name": "Smirnov"}, user=None).rows == []
