"""Which person records are one person: probabilistic record linkage with splink (DuckDB).

No Django import: the records come in as ``LinkRecord``, the pairs go out as ``Pair``; ``link_actions`` reads and writes the database. splink is the Fellegi–Sunter model
done well (blocking in SQL, u by random sampling, m by expectation-maximisation on the data
itself), so nothing of it is written here; what is ours is what the fields mean:

- names: the family name and the given name each compared by their Latin transliteration
  (the same spelling), the transliteration key (the same skeleton in any script: Məmmədov,
  Mamedov, Мамедов), Damerau–Levenshtein distance (one letter wrong, missing, added or two
  swapped) and Jaro–Winkler similarity (typos further apart);
- birth: the same date (when both are known to the day), one part (day, month or year) one
  more or less with the rest the same (an age turned into a year, a day counted wrong), dates
  one digit apart (a slip of the pen), day and month swapped, dates that differ in one part
  only, the same year, or one year apart (estimated dates, dates known to the year);
- the patronymic (the father's name, in whatever form each script gives it);
- the place of the incident or where the person was last seen.

Sex is not compared: names carry it here (Məmmədov / Məmmədova, Elvin / Aygün), so within
a block on names everyone agrees on it, and EM trained with it took "same name, same sex" for
one person. Reviewers see it beside the names.

Blocking (which pairs are compared at all, ``BLOCKING``) joins records that share both name
keys and one of birth year, month and day of birth, patronymic or place, or one name key and
the full birth date. A pair's reasons are the level each
field reached ("same family name", "birth years one apart", "different places").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkRecord:
    """One person record as the linkage sees it: ids, name keys and the fields compared."""

    record_id: str
    source_list: str
    family_key: str | None
    given_key: str | None
    family_latin: str | None
    given_latin: str | None
    patronymic_key: str | None
    birth_date: str | None
    birth_year: int | None
    sex: str | None
    place: str | None

    def row(self) -> dict[str, Any]:
        return {
            "unique_id": self.record_id,
            "source_list": self.source_list,
            "family_key": self.family_key,
            "given_key": self.given_key,
            "family_latin": self.family_latin,
            "given_latin": self.given_latin,
            "patronymic_key": self.patronymic_key,
            "birth_date": self.birth_date,
            "birth_year": self.birth_year,
            "sex": self.sex,
            "place": self.place,
            # Month and day of birth: a block for a slip in the year (1953-12-17 / 1959-12-17).
            "birth_day": self.birth_date[5:] if self.birth_date else None,
        }


@dataclass(frozen=True)
class Pair:
    """Two records the model scored: the probability they are one person and the reasons."""

    left: str
    right: str
    probability: float
    match_weight: float
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkResult:
    pairs: list[Pair]
    model: dict[str, Any]
    comparisons: int


def record_from_names(
    record_id: str,
    source_list: str,
    names: Sequence[str],
    *,
    birth_date: str | None = None,
    birth_year: int | None = None,
    sex: str | None = None,
    place: str | None = None,
) -> LinkRecord:
    """A record from the person's names (any script), birth date (ISO, when known to the day)
    or year, sex and place. Of a name, the first word is the given name, the last the family
    name and a word between them the patronymic (without oğlu, qızı, оглы, кызы, and the
    Russian endings -ovich, -evich, -ovna, -evna, so that Rəşad oğlu and Рашадович meet)."""
    from ombuds.registry.transliteration import to_latin, word_skeleton

    given = family = patronymic = None
    for name in names:
        words = [w for w in name.split() if w.casefold() not in PATRONYMIC_WORDS]
        if len(words) >= 2:
            given, family = words[0], words[-1]
            patronymic = words[1] if len(words) >= 3 else None
            break
        if len(words) == 1 and family is None:
            family = words[0]

    def latin(word: str | None) -> str | None:
        return to_latin(word).lower() if word else None

    def key(word: str | None) -> str | None:
        return (word_skeleton(word) or None) if word else None

    if patronymic:
        stem = to_latin(patronymic).lower()
        for ending in PATRONYMIC_ENDINGS:
            if stem.endswith(ending) and len(stem) > len(ending) + 2:
                stem = stem[: -len(ending)]
                break
        patronymic = stem
    if birth_date and birth_year is None:
        birth_year = int(birth_date[:4])
    return LinkRecord(
        record_id=record_id,
        source_list=source_list,
        family_key=key(family),
        given_key=key(given),
        family_latin=latin(family),
        given_latin=latin(given),
        patronymic_key=key(patronymic),
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex if sex in ("male", "female") else None,
        place=(place or "").strip().lower() or None,
    )


PATRONYMIC_WORDS = {"oğlu", "oglu", "qızı", "qizi", "gizi", "оглы", "кызы"}
# Longest first: Nikolayevich loses "yevich", not "evich".
PATRONYMIC_ENDINGS = ("yevich", "yevna", "ovich", "evich", "ovna", "evna", "ich", "ovn")


# The parts of an ISO date (YYYY-MM-DD) as substrings: (start, length).
_PARTS = {"year": (1, 4), "month": (6, 2), "day": (9, 2)}


def _same(part: str) -> str:
    start, length = _PARTS[part]
    return f"substr(birth_date_l, {start}, {length}) = substr(birth_date_r, {start}, {length})"


def _off_by_one(part: str) -> str:
    start, length = _PARTS[part]
    left, right = (
        f"try_cast(substr(birth_date_{side}, {start}, {length}) as integer)" for side in "lr"
    )
    return f"abs({left} - {right}) = 1"


# (field, [(level label, SQL condition) best first]); the null level and "else" are added.
LEVELS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "family": ("family_key", [
        ("same family name", "family_latin_l = family_latin_r"),
        # The transliteration key: one name in two scripts or spellings (Məmmədov, Mamedov).
        ("family name in another spelling", "family_key_l = family_key_r"),
        ("family names one letter apart",
         "damerau_levenshtein(family_latin_l, family_latin_r) <= 1"),
        ("family names spelled alike",
         "jaro_winkler_similarity(family_latin_l, family_latin_r) >= 0.88"),
    ]),
    "given": ("given_key", [
        ("same given name", "given_latin_l = given_latin_r"),
        ("given name in another spelling", "given_key_l = given_key_r"),
        ("given names one letter apart",
         "damerau_levenshtein(given_latin_l, given_latin_r) <= 1"),
        ("given names spelled alike",
         "jaro_winkler_similarity(given_latin_l, given_latin_r) >= 0.88"),
    ]),
    "patronymic": ("patronymic_key", [
        ("same patronymic", "patronymic_key_l = patronymic_key_r"),
    ]),
    "birth": ("birth_year", [
        ("same date of birth", "birth_date_l = birth_date_r"),
        # An estimated age or a day counted wrong: one part one more or less, the rest the same.
        ("dates one day, month or year apart", " or ".join(
            f"({_off_by_one(part)} and {' and '.join(_same(p) for p in _PARTS if p != part)})"
            for part in _PARTS
        )),
        # A slip of the pen: one digit wrong or two digits swapped (1943-03-22 / 1946-03-22).
        ("dates one digit apart", "damerau_levenshtein(birth_date_l, birth_date_r) <= 1"),
        # Day and month read the other way round (05/09 in one list, 09/05 in the other).
        ("day and month swapped",
         f"{_same('year')} and substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
         "and substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"),
        # One part wrong altogether (a year misread, a month from another record).
        ("dates differ in one part", " or ".join(
            f"({_same(a)} and {_same(b)})" for a, b in (("year", "month"), ("year", "day"),
                                                         ("month", "day"))
        )),
        ("same birth year", "birth_year_l = birth_year_r"),
        ("birth years one apart", "abs(birth_year_l - birth_year_r) <= 1"),
    ]),
    "place": ("place", [
        ("same place", "place_l = place_r"),
        ("places spelled alike", "jaro_winkler_similarity(place_l, place_r) >= 0.9"),
    ]),
}  # fmt: skip
# Where EM starts: one person mostly agrees with themself. Without it EM may settle on "same
# name, another person" as the matches, since names repeat much (EM then learns from the data).
START_M = {
    1: (0.95, 0.05),
    2: (0.8, 0.15, 0.05),
    4: (0.7, 0.1, 0.1, 0.05, 0.05),
    5: (0.6, 0.1, 0.1, 0.1, 0.05, 0.05),
    7: (0.5, 0.1, 0.1, 0.05, 0.1, 0.05, 0.05, 0.05),
}
ELSE_LABELS = {
    "family": "different family names",
    "given": "different given names",
    "patronymic": "different patronymics",
    "birth": "different birth years",
    "place": "different places",
}


# Agreement on a common value (Məmmədov, Müller, 1 January) says less than on a rare one: these
# levels are weighed by how often the value occurs (splink's term-frequency adjustment). A name
# is as common as its key: counted by spelling, a name written in three scripts would look three
# times rarer than it is.
FREQUENCY_ADJUSTED = {
    ("family", 0): "family_key",
    ("family", 1): "family_key",
    ("given", 0): "given_key",
    ("given", 1): "given_key",
    ("birth", 0): "birth_date",
}


def _frequency(name: str, index: int) -> dict[str, Any]:
    column = FREQUENCY_ADJUSTED.get((name, index))
    if column:
        return {"tf_adjustment_column": column, "tf_adjustment_weight": 1.0}
    return {}


def _blocks() -> list[Any]:
    from splink import block_on

    rules: list[Any] = [block_on(*columns) for columns in BLOCKING]
    return [*rules, *SPARSE_BLOCKS]


# Which pairs are compared at all. Both names alone would make a block of every Məmmədov
# Elvin, thousands in a large registry; each rule adds one more field that one person's
# records usually share, and the rules together leave a way in for a typo in a name or a
# missing birth date.
BLOCKING = (
    ("family_key", "given_key", "birth_year"),
    ("family_key", "given_key", "birth_day"),
    ("family_key", "given_key", "patronymic_key"),
    ("family_key", "given_key", "place"),
    ("family_key", "birth_date"),
    ("given_key", "birth_date"),
    # A slip in one name: the other, the birth year and the place.
    ("family_key", "birth_year", "place"),
    ("given_key", "birth_year", "place"),
)
# Records that say little (no birth year or no place on one side) meet on both names alone,
# else a sparse record would never be compared; the pairs with more to compare are in the
# blocks above, so these blocks stay a fraction of a names-only block.
SPARSE_BLOCKS = (
    "l.family_key = r.family_key and l.given_key = r.given_key "
    "and (l.birth_year is null or r.birth_year is null) "
    "and (l.place is null or r.place is null)",
)


def settings() -> Any:
    """splink's settings: the comparisons above and the blocking rules of prediction."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator

    comparisons: list[Any] = []
    for name, (column, levels) in LEVELS.items():
        comparisons.append(
            cl.CustomComparison(
                output_column_name=name,
                comparison_levels=[
                    cll.NullLevel(column),
                    *(
                        cll.CustomLevel(sql, label_for_charts=label).configure(
                            m_probability=m, **_frequency(name, index)
                        )
                        for index, ((label, sql), m) in enumerate(
                            zip(levels, START_M[len(levels)], strict=False)
                        )
                    ),
                    cll.ElseLevel().configure(m_probability=START_M[len(levels)][-1]),
                ],
            )
        )
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=_blocks(),
        retain_intermediate_calculation_columns=False,
    )


def reasons_of(row: dict[str, Any]) -> dict[str, str]:
    """The level each field of a scored pair reached, in words ("unknown" when missing)."""
    out = {}
    for name, (_column, levels) in LEVELS.items():
        if f"gamma_{name}" not in row:
            # splink leaves out the columns of the levels a blocking rule fixed: the rule that
            # found the pair says the field agreed (the first level).
            out[name] = levels[0][0] if f"{name}_agreed_by_blocking" in row else "unknown"
            continue
        gamma = int(row[f"gamma_{name}"])
        if gamma < 0:
            out[name] = "unknown"
        elif gamma == 0:
            out[name] = ELSE_LABELS[name]
        else:
            out[name] = levels[len(levels) - gamma][0]
    return out


def link(
    records: Iterable[LinkRecord],
    *,
    threshold: float = 0.05,
    seed: int = 1,
    progress: Progress | None = None,
) -> LinkResult:
    """Train the model on ``records`` (EM on the data itself) and score the candidate pairs;
    pairs below ``threshold`` are left out. The trained model is returned as splink's JSON."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    say = progress or (lambda _message: None)
    rows = [r.row() for r in records]
    if len(rows) < 2:
        return LinkResult(pairs=[], model={}, comparisons=0)
    connection = duckdb.connect()
    try:
        api = DuckDBAPI(connection=connection)
        table = api.register(_arrow(rows), dataset_display_name="records")
        # splink warns, in the log of every run, about what the data cannot teach (no
        # patronymics or places recorded, u from a sample): facts of the data, not faults, so
        # only its errors reach the log.
        linker = Linker(table, settings(), log_level=logging.ERROR)
        say(f"training on {len(rows):,} records: the chance two records are one person")
        # Records agreeing on both names and the full date are one person; but the full date
        # is known in perhaps two records of three, and both names agree in three pairs of
        # four, so the rule finds some two in five of the true pairs.
        if _first_with_pairs(rows, [("family_key", "given_key", "birth_date")]):
            linker.training.estimate_probability_two_random_records_match(
                [block_on("family_key", "given_key", "birth_date")], recall=0.4
            )
        else:
            # no two records share both names and the date: the rule would estimate a chance
            # of nought, which no model can score with; the settings' starting value stays
            say("training: no two records agree on names and date; the starting chance is kept")
        say("training: how often fields agree by chance (random pairs)")
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
        # Each EM session learns the fields it does not block on: the names on pairs born the
        # same day (at the same place, when places are known), birth and place on pairs with
        # the same three names. In a wider block (the two names alone) people who share
        # common names outnumber one person's records, and EM takes them for the matches.
        sessions = [
            _first_with_pairs(rows, [("birth_date", "place"), ("birth_date",)]),
            _first_with_pairs(
                rows, [("family_key", "given_key", "patronymic_key"), ("family_key", "given_key")]
            ),
        ]
        for number, blocked in enumerate(sessions):
            if blocked is None:
                say("training: no block has two records to learn from; starting values kept")
                continue
            say(
                f"training: how often fields agree for one person (EM, blocked on {', '.join(blocked)})"
            )
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*blocked),
                record_sample_proportion=1.0,
                # The last session's share of matches, carried back out of its block, replaces
                # the guess from the deterministic rule (whose recall is only assumed).
                populate_probability_two_random_records_match_from_trained_values=(
                    number == len(sessions) - 1
                ),
            )
        say("scoring candidate pairs")
        scored = linker.inference.predict(threshold_match_probability=threshold)
        cursor = connection.execute(f"select * from {scored.physical_name}")
        columns = [d[0] for d in cursor.description]
        found = cursor.fetchall()
        pairs = []
        for values in found:
            row = dict(zip(columns, values, strict=True))
            left, right = sorted((str(row["unique_id_l"]), str(row["unique_id_r"])))
            pairs.append(
                Pair(
                    left=left,
                    right=right,
                    probability=float(row["match_probability"]),
                    match_weight=float(row["match_weight"]),
                    reasons=reasons_of(row),
                )
            )
        model = linker.misc.save_model_to_json()
    finally:
        connection.close()
    say(f"{len(pairs):,} candidate pairs")
    return LinkResult(pairs=pairs, model=model, comparisons=len(found))


def _first_with_pairs(
    rows: list[dict[str, Any]], blocks: list[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The first block under which some two records agree (splink refuses a session without
    pairs, and leaves the model without the session's fields when it does)."""
    for block in blocks:
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            key = tuple(row[column] for column in block)
            if any(value is None for value in key):
                continue
            if key in seen:
                return block
            seen.add(key)
    return None


def _arrow(rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    schema = pa.schema(
        [
            ("unique_id", pa.string()),
            ("source_list", pa.string()),
            ("family_key", pa.string()),
            ("given_key", pa.string()),
            ("family_latin", pa.string()),
            ("given_latin", pa.string()),
            ("patronymic_key", pa.string()),
            ("birth_date", pa.string()),
            ("birth_year", pa.int32()),
            ("sex", pa.string()),
            ("place", pa.string()),
            ("birth_day", pa.string()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)
