"""Synthetic registry records for demos and benchmarks; every one says it is synthetic.

Names are drawn from common Azerbaijani, Armenian and Russian given names and surnames, each
written in its own script and in the transliterations the office meets (Azerbaijani Latin,
English, Russian Cyrillic, Armenian), so that name search across scripts can be tried. The
combinations are random: no record describes a real person, and each carries
``synthetic=True`` and an external id starting with ``SYN-``. Records are written through
``actions.do_import_records`` in batches (one audit row per batch), the same path as a file
import, so the summary table and figures stay exact.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ombuds.core.audit import Actor
from ombuds.registry.actions import do_import_records
from ombuds.registry.importing import ImportReport, ParsedRow

# (original, English, Russian) for Azerbaijani; (Armenian, English, Russian) for Armenian;
# (Russian, English) for Russian. Surnames in the male form; female forms are derived.
AZ_GIVEN_M = [("Elvin", "Elvin", "Эльвин"), ("Rəşad", "Rashad", "Рашад"), ("Cavid", "Javid", "Джавид"),
              ("Orxan", "Orkhan", "Орхан"), ("Tural", "Tural", "Турал"), ("Əli", "Ali", "Али"),
              ("Hüseyn", "Huseyn", "Гусейн"), ("Çingiz", "Chingiz", "Чингиз")]  # fmt: skip
AZ_GIVEN_F = [("Aygün", "Aygun", "Айгюн"), ("Günel", "Gunel", "Гюнель"), ("Leyla", "Leyla", "Лейла"),
              ("Səbinə", "Sabina", "Сабина"), ("Nərmin", "Narmin", "Нармин"), ("Xədicə", "Khadija", "Хадиджа")]  # fmt: skip
AZ_SURNAMES = [("Məmmədov", "Mammadov", "Мамедов"), ("Əliyev", "Aliyev", "Алиев"),
               ("Həsənov", "Hasanov", "Гасанов"), ("Quliyev", "Guliyev", "Кулиев"),
               ("Xəlilov", "Khalilov", "Халилов"), ("Cəfərov", "Jafarov", "Джафаров"),
               ("Şükürov", "Shukurov", "Шукюров"), ("Qasımov", "Gasimov", "Гасымов")]  # fmt: skip
HY_GIVEN_M = [("Արմեն", "Armen", "Армен"), ("Հովհաննես", "Hovhannes", "Ованес"),
              ("Տիգրան", "Tigran", "Тигран"), ("Դավիթ", "Davit", "Давид"), ("Գևորգ", "Gevorg", "Геворг")]  # fmt: skip
HY_GIVEN_F = [("Անի", "Ani", "Ани"), ("Նարինե", "Narine", "Нарине"), ("Լուսինե", "Lusine", "Лусине"),
              ("Աննա", "Anna", "Анна")]  # fmt: skip
HY_SURNAMES = [("Գրիգորյան", "Grigoryan", "Григорян"), ("Հովհաննիսյան", "Hovhannisyan", "Оганесян"),
               ("Մկրտչյան", "Mkrtchyan", "Мкртчян"), ("Սարգսյան", "Sargsyan", "Саркисян"),
               ("Պետրոսյան", "Petrosyan", "Петросян"), ("Խաչատրյան", "Khachatryan", "Хачатрян")]  # fmt: skip
RU_GIVEN_M = [
    ("Сергей", "Sergey"),
    ("Алексей", "Aleksey"),
    ("Дмитрий", "Dmitriy"),
    ("Николай", "Nikolay"),
]
RU_GIVEN_F = [("Ольга", "Olga"), ("Наталья", "Natalya"), ("Елена", "Yelena"), ("Ирина", "Irina")]
RU_SURNAMES = [("Иванов", "Ivanov"), ("Смирнов", "Smirnov"), ("Кузнецов", "Kuznetsov"),
               ("Волков", "Volkov")]  # fmt: skip

PLACES = ["Synthetic village A", "Synthetic village B", "Synthetic town C", "Synthetic district D",
          "Synthetic road E", "Synthetic field F"]  # fmt: skip
INCIDENT_TYPES = ["mine", "mine", "erw", "improvised_mine", "shelling", "shelling", "airstrike",
                  "drone_strike", "gunfire", "detention"]  # fmt: skip
OBJECT_TYPES = ["house", "house", "house", "apartment_building", "school", "hospital",
                "kindergarten", "religious_site", "cultural_site", "cemetery"]  # fmt: skip
BATCH = 50_000
Progress = Callable[[str], None]


def _feminine(surname: str, language: str) -> str:
    if language == "az" and surname.endswith(("ov", "yev", "ев", "ов")):
        return surname + "a"
    if language == "ru" and surname.endswith(("ов", "ев", "ин", "ov", "ev", "in", "yev")):
        return surname + "а" if surname[-1] in "вн" else surname + "a"
    return surname


def person_names(rng: random.Random, sex: str) -> dict[str, str]:
    """name columns (name_az / name_hy / name_ru / name_en) of one synthetic person."""
    group = rng.choice(["az", "az", "hy", "hy", "ru"])
    female = sex == "female"
    if group == "az":
        given = rng.choice(AZ_GIVEN_F if female else AZ_GIVEN_M)
        family = rng.choice(AZ_SURNAMES)
        sur = [_feminine(s, "az") if female else s for s in family]
        return {"name_az": f"{given[0]} {sur[0]}", "name_en": f"{given[1]} {sur[1]}",
                "name_ru": f"{given[2]} {_feminine(family[2], 'ru') if female else family[2]}"}  # fmt: skip
    if group == "hy":
        given = rng.choice(HY_GIVEN_F if female else HY_GIVEN_M)
        family = rng.choice(HY_SURNAMES)
        return {"name_hy": f"{given[0]} {family[0]}", "name_en": f"{given[1]} {family[1]}",
                "name_ru": f"{given[2]} {family[2]}"}  # fmt: skip
    given_ru = rng.choice(RU_GIVEN_F if female else RU_GIVEN_M)
    family_ru = rng.choice(RU_SURNAMES)
    return {
        "name_ru": f"{given_ru[0]} {_feminine(family_ru[0], 'ru') if female else family_ru[0]}",
        "name_en": f"{given_ru[1]} {_feminine(family_ru[1], 'ru') if female else family_ru[1]}",
    }


@dataclass
class SynthSummary:
    persons: int = 0
    incidents: int = 0
    casualties: int = 0
    missing: int = 0
    damage: int = 0
    displacement: int = 0


def _date(rng: random.Random) -> tuple[dt.date, str]:
    day = dt.date(2020, 9, 27) + dt.timedelta(days=rng.randrange(0, 5 * 365))
    precision = rng.choices(["day", "month", "year"], weights=[85, 10, 5])[0]
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision


def _write(kind: str, rows: Iterator[dict[str, object]], acting_user: Actor, say: Progress) -> int:
    total = 0
    batch: list[ParsedRow] = []

    def flush() -> None:
        report = ImportReport(kind=kind, filename=f"synthetic {kind}", rows=len(batch))
        do_import_records(report, batch, acting_user=acting_user)

    for values in rows:
        batch.append(ParsedRow(line=total + 2, values=values))
        total += 1
        if len(batch) >= BATCH:
            flush()
            say(f"synthetic {kind}: {total}")
            batch = []
    if batch:
        flush()
    return total


def generate(
    *,
    people: int,
    unnamed: int = 0,
    seed: int = 1,
    acting_user: Actor = None,
    say: Progress = print,
) -> SynthSummary:
    """Write ``people`` synthetic persons with their casualty, missing and damage records.

    About 70% of the persons become casualties and 15% missing-person cases; ``unnamed`` adds
    unnamed single-person casualty records (for scale benchmarks). Ids are stable per ``seed``,
    so running it again updates the same records instead of adding new ones.
    """
    rng = random.Random(seed)
    summary = SynthSummary()
    n_incidents = max(1, (people + unnamed) // 4)
    incidents = []
    for i in range(n_incidents):
        day, precision = _date(rng)
        incidents.append(
            {
                "external_id": f"SYN-I-{i:07d}",
                "incident_type": rng.choice(INCIDENT_TYPES),
                "date": (day, precision),
                "place": rng.choice(PLACES),
                "synthetic": True,
                "description": "Synthetic incident generated for a demo or benchmark.",
            }
        )
    summary.incidents = _write("incidents", iter(incidents), acting_user, say)
    sexes = [rng.choice(["male", "male", "female", "unknown"]) for _ in range(people)]

    def person_rows() -> Iterator[dict[str, object]]:
        for i in range(people):
            born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 80 * 365))
            yield {"external_id": f"SYN-P-{i:07d}", "sex": sexes[i], "synthetic": True,
                   "date_of_birth": (born, rng.choice(["day", "year"])),
                   "contact": f"synthetic record {i}: no real contact",
                   "confidentiality": rng.choice(["internal", "internal", "restricted", "public"]),
                   "consent_scope": rng.choice(["none", "office", "partners", "public"]),
                   **person_names(rng, sexes[i])}  # fmt: skip

    summary.persons = _write("persons", person_rows(), acting_user, say)

    def casualty_rows() -> Iterator[dict[str, object]]:
        for i in range(people + unnamed):
            named = i < people
            if named and rng.random() > 0.7:
                continue
            age = rng.choice([None, rng.randrange(3, 90)])
            row: dict[str, object] = {
                "external_id": f"SYN-C-{i:07d}",
                "incident_external_id": f"SYN-I-{rng.randrange(n_incidents):07d}",
                "outcome": rng.choices(["killed", "injured", "unknown"], weights=[35, 60, 5])[0],
                "status": rng.choices(
                    ["civilian", "serviceman", "deminer", "unknown"], weights=[55, 35, 5, 5]
                )[0],
                "sex": sexes[i] if named else rng.choice(["male", "female", "unknown"]),
                "synthetic": True,
            }
            if age is not None:
                row["age"] = age
            if named:
                row["person_external_id"] = f"SYN-P-{i:07d}"
            yield row

    summary.casualties = _write("casualties", casualty_rows(), acting_user, say)

    def missing_rows() -> Iterator[dict[str, object]]:
        for i in range(people):
            if rng.random() > 0.15:
                continue
            yield {"external_id": f"SYN-M-{i:07d}", "person_external_id": f"SYN-P-{i:07d}",
                   "date_last_seen": _date(rng), "place_last_seen": rng.choice(PLACES),
                   "circumstances": rng.choice(["arrest", "combat", "flight", "unknown"]),
                   "status_group": rng.choice(["civilian", "serviceman"]),
                   "status": rng.choice(["reported", "reported", "under_investigation"]),
                   "synthetic": True}  # fmt: skip

    summary.missing = _write("missing", missing_rows(), acting_user, say)
    damage = (
        {
            "external_id": f"SYN-D-{i:07d}",
            "object_type": rng.choice(OBJECT_TYPES),
            "grade": rng.choice(["destroyed", "damaged"]),
            "date": _date(rng),
            "place": rng.choice(PLACES),
            "synthetic": True,
        }
        for i in range(max(1, people // 5))
    )
    summary.damage = _write("damage", damage, acting_user, say)
    displacement = (
        {
            "external_id": f"SYN-X-{i:07d}",
            "people": rng.randrange(5, 400),
            "households": rng.randrange(1, 100),
            "place_from": rng.choice(PLACES),
            "place_to": "Synthetic shelter",
            "synthetic": True,
        }
        for i in range(max(1, people // 50))
    )
    summary.displacement = _write("displacement", displacement, acting_user, say)
    return summary
