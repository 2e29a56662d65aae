"""The learned layer over the rules (engine/learned.py) and its refit script."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from ombuds.claims.engine import extract, learned, learned_weights
from ombuds.claims.engine.extraction import read_document

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "learned_fixture"

KILLED = "On 3 May, 12 civilians were killed in the shelling of the town, including 4 children."
HOUSES = "The shelling destroyed the market. Houses damaged: 40 in the old quarter, the mayor said."


def _choices(text: str) -> list[learned.Choice]:
    read = read_document(text)
    assert read is not None
    drafts, doc, _ = read
    return learned.choices(doc, drafts)


def _pairs(text: str, weights: dict[str, float]) -> list[tuple[str, str, float, int | None]]:
    saved = learned_weights.WEIGHTS
    learned_weights.WEIGHTS = weights
    try:
        return [(c.measure, c.subject, c.value, c.parent) for c in extract(text, learned=True)]
    finally:
        learned_weights.WEIGHTS = saved


def test_weights_file_loads() -> None:
    assert isinstance(learned_weights.ENABLED, bool)
    assert learned_weights.WEIGHTS
    assert all(
        isinstance(k, str) and isinstance(v, float) for k, v in learned_weights.WEIGHTS.items()
    )
    # the fitted layer keeps the rules' plain readings of a plain sentence
    assert _pairs(KILLED, learned_weights.WEIGHTS) == [
        ("killed", "civilians", 12.0, None),
        ("killed", "children", 4.0, 1),
    ]


def test_every_number_has_no_claim_and_the_rules_reading_among_its_options() -> None:
    by_number = {KILLED[c.mention.start : c.mention.end]: c for c in _choices(KILLED)}
    assert set(by_number) == {"3", "12", "4"}
    twelve = by_number["12"]
    assert twelve.options[0].measure is None
    assert twelve.options[0].subject is None
    assert (twelve.options[twelve.engine].measure, twelve.options[twelve.engine].subject) == (
        "killed",
        "civilians",
    )
    assert "chosen-by-rules" in twelve.options[twelve.engine].features
    # the date's day is no claim by the rules: "no claim" is their choice, and says why
    day = by_number["3"]
    assert day.engine == 0
    assert "none|rejected=date-or-code" in day.options[0].features


def test_options_come_from_the_words_around_a_number_the_rules_dropped() -> None:
    (forty,) = _choices(HOUSES)
    assert forty.engine == 0  # "Houses damaged: 40" is not read by the sentence rules
    pairs = {(o.measure, o.subject) for o in forty.options}
    assert ("damaged", "houses") in pairs
    assert ("destroyed", "houses") in pairs  # the sentence before the colon says destroyed
    damaged = next(o for o in forty.options if (o.measure, o.subject) == ("damaged", "houses"))
    assert "m:sentence:before:colon" in damaged.features


def test_number_kinds() -> None:
    text = (
        "In 2023, 40% of the 1,200 victims, the 3rd group, and between 10 and 20 people, $5 million"
    )
    read = read_document(text)
    assert read is not None
    kinds = {text[m.start : m.end]: learned.number_kind(text, m) for m in read[1].mentions}
    assert "year-like" in kinds["2023"]
    assert "unit=percent" in kinds["40%"]
    assert "large" in kinds["1,200"]
    assert "ordinal" in kinds["3"]
    assert any("range" in k for k in kinds.values())
    assert any("unit=money-or-other" in k for k in kinds.values())


def test_weights_that_trust_the_rules_change_nothing() -> None:
    for text in (KILLED, HOUSES):
        rules = [c.to_json("x") for c in extract(text, learned=False)]
        assert _pairs(text, {"chosen-by-rules": 10.0}) == [
            (c["measure"], c["subject"], c["value"], c["parent"]) for c in rules
        ]


def test_a_dropped_number_becomes_a_claim() -> None:
    weights = {"chosen-by-rules": 1.0, "m:sentence:before:colon": 2.0, "s:sentence:before": 1.0}
    assert _pairs(HOUSES, {"chosen-by-rules": 1.0}) == []
    assert _pairs(HOUSES, weights) == [("damaged", "houses", 40.0, None)]
    claim = None
    saved = learned_weights.WEIGHTS
    learned_weights.WEIGHTS = weights
    try:
        (claim,) = extract(HOUSES, learned=True)
    finally:
        learned_weights.WEIGHTS = saved
    assert claim.rule == "learned"
    assert HOUSES[claim.span[0] : claim.span[1]] == claim.quote
    assert "40" in claim.quote


def test_dropping_a_total_leaves_its_part_without_a_parent() -> None:
    assert _pairs(KILLED, {"chosen-by-rules": 1.0}) == [
        ("killed", "civilians", 12.0, None),
        ("killed", "children", 4.0, 1),
    ]
    drop_totals = {"chosen-by-rules": 1.0, "none|rules-claim": 5.0, "none|rules-part": -10.0}
    assert _pairs(KILLED, drop_totals) == [("killed", "children", 4.0, None)]


def test_a_claim_read_again_takes_the_better_subject() -> None:
    relabel = {"chosen-by-rules": 1.0, "s:default": 3.0}
    assert _pairs(KILLED, relabel)[0][:2] == ("killed", "people")


def test_a_new_claim_that_restates_one_already_made_is_not_added() -> None:
    text = "Mines killed 5 deminers. The 5 deminers were from the north."
    everything = {"claim": 5.0}
    values = [v for _, _, v, _ in _pairs(text, everything)]
    assert values.count(5.0) == 1


def test_refit_runs_on_a_tiny_fixture(tmp_path: Path) -> None:
    out = tmp_path / "learned_weights.py"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "fit_learned.py"),
            "--set",
            str(FIXTURE / "gold.json"),
            str(FIXTURE),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    written = runpy.run_path(str(out))
    assert written["ENABLED"] is learned_weights.ENABLED  # the switch is kept as it was
    weights = written["WEIGHTS"]
    # fitted on the fixture, the layer finds the figures of its "label: number" lines
    found = {(m, s, v) for m, s, v, _ in _pairs((FIXTURE / "two.txt").read_text(), weights)}
    assert ("damaged", "schools", 3.0) in found
    assert ("injured", "civilians", 7.0) in found


@pytest.mark.parametrize("text", ["", "no figures at all", "12", "1, 2, 3; 4 (5) – 6: 7"])
def test_never_raises(text: str) -> None:
    for weights in ({"claim": 5.0}, {"none": 5.0}, {}):
        _pairs(text, weights)
