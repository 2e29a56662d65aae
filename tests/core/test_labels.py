"""One reader of coded values for every import: codes, labels and the names people write."""

from __future__ import annotations

import pytest
from django.db import models

from ombuds.core.labels import UnknownLabel, fold, label_reader
from ombuds.places import vocabularies as places
from ombuds.registry import vocabularies as registry
from ombuds.registry.importing import ALIASES


class Kind(models.TextChoices):
    AP = "ap_mine", "Anti-personnel mine"
    SHA = "sha", "Suspected hazardous area (SHA)"
    IED = "improvised", "Improvised mine / IED"
    ERW = "erw", "Explosive remnant of war (UXO, AXO)"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("ap_mine", "ap_mine"),
        ("AP_MINE", "ap_mine"),
        ("Anti-personnel mine", "ap_mine"),
        ("anti-personnel MINES", "ap_mine"),
        ("Antipersonnel mine", "ap_mine"),
        ("  Anti personnel   mine ", "ap_mine"),
        ("Ánti-pérsonnel mine", "ap_mine"),
        ("AP mine", "ap_mine"),
        ("Suspected hazardous area", "sha"),
        ("SHA", "sha"),
        ("IED", "improvised"),
        ("improvised mine", "improvised"),
        ("Explosive remnants of war", "erw"),
        ("UXO", "erw"),
    ],
)
def test_codes_labels_and_other_names_read_as_the_code(written: str, code: str) -> None:
    read = label_reader(Kind, aliases={"AP mine": "ap_mine", "AT mine": "at_mine"})
    assert read(written) == code


def test_an_unknown_value_lists_the_labels_a_person_would_write() -> None:
    read = label_reader(Kind)
    with pytest.raises(UnknownLabel) as caught:
        read("rocket")
    assert str(caught.value) == (
        "'rocket' is not known; write one of: Anti-personnel mine (ap_mine); Suspected "
        "hazardous area (SHA) (sha); Improvised mine / IED (improvised); Explosive remnant of "
        "war (UXO, AXO) (erw)"
    )


def test_an_alias_meaning_two_codes_is_refused_when_the_reader_is_built() -> None:
    with pytest.raises(ValueError, match="would mean both"):
        label_reader(Kind, aliases={"Anti-personnel mines": "sha"})


def test_every_vocabulary_of_the_imports_reads_without_a_clash() -> None:
    vocabularies = [
        value
        for module in (places, registry)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, models.TextChoices)
        and value is not models.TextChoices
    ]  # fmt: skip
    assert len(vocabularies) > 15
    for vocabulary in vocabularies:
        read = label_reader(vocabulary, aliases={**places.IMSMA_NAMES, **ALIASES})
        for code, label in vocabulary.choices:
            if code:
                assert read(str(label)) == code
                assert read(str(code)) == code


def test_fold_drops_case_accents_spacing_hyphens_and_plurals() -> None:
    assert fold("Anti-Personnel  Mines") == fold("antipersonnel mine") == "antipersonnelmine"
    assert fold("Déminage") == "deminage"
    assert fold("Grass") == "grass"
