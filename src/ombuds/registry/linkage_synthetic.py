"""Synthetic lists of one population with the truth known, for linkage tests and benchmarks.

Each synthetic person (names from ``synth.person_names``: Azerbaijani, Armenian and Russian
names in their scripts and transliterations) is recorded by each list with its own chance;
each record is written the way that list writes: in one of the person's scripts, with typos,
the birth year off by one or missing, sex or place missing. People no list recorded are
dropped, as in life; ``truth`` says which person each record is and how many people there were.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ombuds.registry.linkage import LinkRecord, record_from_names

PLACES = ["Tartar", "Aghdam", "Fuzuli", "Jabrayil", "Khojavend", "Ganja", "Barda", "Shusha",
          "Lachin", "Kalbajar", "Zangilan", "Gubadli", "Agdere", "Khojaly", "Terter road"]  # fmt: skip
LIST_CHANCES = (0.5, 0.4, 0.3, 0.25)


@dataclass(frozen=True)
class SyntheticLists:
    records: list[LinkRecord]
    truth: dict[str, int]
    people: int

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair of records (in id order) that are one person."""
        by_person: dict[int, list[str]] = {}
        for record_id, person in self.truth.items():
            by_person.setdefault(person, []).append(record_id)
        return {
            (a, b) if a < b else (b, a)
            for ids in by_person.values()
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        }


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]
    return word[:at] + rng.choice("aeiklmnorstuv") + word[at + 1 :]


def _with_patronymic(
    rng: random.Random,
    names: dict[str, str],
    sex: str,
    father: dict[str, str] | None = None,
) -> dict[str, str]:
    """The person's names with their father's given name (``father``, by name column, or one
    of the demo's names) between given and family name, as each script writes it: Rəşad oğlu /
    Рашад оглы, Арменович, Sergeyevich."""
    from ombuds.registry.synth import AZ_GIVEN_M, HY_GIVEN_M, RU_GIVEN_M

    female = sex == "female"
    if "name_az" in names:
        az, en, ru = (
            (father["name_az"], father["name_en"], father["name_ru"])
            if father
            else rng.choice(AZ_GIVEN_M)
        )
        parts = {"name_az": f"{az} {'qızı' if female else 'oğlu'}", "name_en": en,
                 "name_ru": f"{ru} {'кызы' if female else 'оглы'}"}  # fmt: skip
    elif "name_hy" in names:
        hy, en, ru = (
            (father["name_hy"], father["name_en"], father["name_ru"])
            if father
            else rng.choice(HY_GIVEN_M)
        )
        parts = {"name_hy": hy, "name_en": en, "name_ru": ru + ("овна" if female else "ович")}
    else:
        ru, en = (father["name_ru"], father["name_en"]) if father else rng.choice(RU_GIVEN_M)
        ru_form = (ru[:-1] + ("евна" if female else "евич")) if ru.endswith("й") else (
            ru + ("овна" if female else "ович"))  # fmt: skip
        en_form = (en[:-1] + ("yevna" if female else "yevich")) if en.endswith("y") else (
            en + ("ovna" if female else "ovich"))  # fmt: skip
        parts = {"name_ru": ru_form, "name_en": en_form}
    out = {}
    for column, name in names.items():
        given, family = name.split(" ", 1)
        out[column] = f"{given} {parts[column]} {family}" if column in parts else name
    return out


def generate(
    people: int,
    *,
    seed: int = 42,
    chances: tuple[float, ...] = LIST_CHANCES,
    names: str = "few",
) -> SyntheticLists:
    """Lists of ``people`` synthetic people, one list per chance in ``chances``. ``names``:
    "few", the demo's few dozen real names (every name shared by many: hard for linkage), or
    "many", invented names reused as in a population (``synthetic_names``)."""
    from ombuds.registry.synth import person_names
    from ombuds.registry.synthetic_names import RealisticNames

    rng = random.Random(seed)
    pool = RealisticNames(seed) if names == "many" else None
    records: list[LinkRecord] = []
    truth: dict[str, int] = {}
    for person in range(people):
        sex = rng.choice(["male", "female"])
        if pool is not None:
            group, written = pool.person(rng, sex)
            full = _with_patronymic(rng, written, sex, pool.father(rng, group))
        else:
            full = _with_patronymic(rng, person_names(rng, sex), sex)
        short = {column: f"{n.split()[0]} {n.split()[-1]}" for column, n in full.items()}
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(66 * 365))
        place = rng.choice(PLACES)
        for index, chance in enumerate(chances):
            copies = 0
            if rng.random() < chance:
                copies = 2 if rng.random() < 0.03 else 1
            for copy in range(copies):
                column = rng.choice(sorted(full))
                name = (full if rng.random() < 0.6 else short)[column]
                if rng.random() < 0.15:
                    words = name.split()
                    pick = rng.randrange(len(words))
                    words[pick] = _typo(rng, words[pick])
                    name = " ".join(words)
                when: dt.date | None = born
                if rng.random() < 0.08:
                    when = born.replace(year=born.year + rng.choice((-1, 1)), day=min(born.day, 28))
                roll = rng.random()
                date_text = when.isoformat() if when and roll < 0.65 else None
                year = when.year if when and roll < 0.85 else None
                where: str | None = place
                if rng.random() < 0.2:
                    where = None
                elif rng.random() < 0.05:
                    where = _typo(rng, place)
                record_id = f"L{index}-{person}-{copy}"
                records.append(
                    record_from_names(
                        record_id,
                        f"list-{index + 1}",
                        [name],
                        birth_date=date_text,
                        birth_year=year,
                        sex=None if rng.random() < 0.05 else sex,
                        place=where,
                    )
                )
                truth[record_id] = person
    return SyntheticLists(records=records, truth=truth, people=people)
