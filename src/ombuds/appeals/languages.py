"""What the letter's words depend on its language: numbers and dates (Babel's CLDR data:
"1,248", "1 248", "1.248"; "25 January 2023", "25 января 2023", "25 yanvar 2023"), the
qualifier printed before a figure, the letter's fixed words, and the qualifiers a writer may
type before a reference (which would double the figure's own).

The office writes every version itself: nothing here translates its text. A language without
an entry below falls back to English words with its own number and date formats.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

# The languages the office writes in, first the default of a new appeal.
LANGUAGES = {"en": "English", "ru": "Русский", "az": "Azərbaycanca"}
DEFAULT_LANGUAGE = "en"

QUALIFIERS = {
    "en": {"approx": "about ", "at_least": "at least ", "at_most": "at most "},
    "ru": {"approx": "около ", "at_least": "не менее ", "at_most": "не более "},
    "az": {"approx": "təxminən ", "at_least": "ən azı ", "at_most": "ən çoxu "},
}

LABELS = {
    "en": {
        "ref": "Ref.",
        "we_ask": "We ask",
        "addressed_to": "Addressed to",
        "notes": "Notes",
        "records_as_of": "According to the records of the Office as of {date}",
        "untitled": "Untitled document",
        "see_note": "See note {n}",
        "quotes": "“”",
        "reminder_subject": "Reminder",
        "reminder": "We refer to our letter {ref} of {date}, “{title}”, and would be grateful "
        "for your reply.",
        "estimate_note": "Estimate of the Office of {date} by multiple systems estimation "
        "({method}) from the overlap of {k} lists: {lists}. People on at least one of the lists: "
        "{observed}; 95% interval {interval}.",
        "loglinear_bic": "log-linear model {model}, chosen by BIC",
        "loglinear": "log-linear model {model}",
        "lcmcr": "Bayesian latent-class model, LCMCR",
        "open_interval": "{lower} or more",
    },
    "ru": {
        "ref": "Исх. №",
        "we_ask": "Просим",
        "addressed_to": "Адресаты",
        "notes": "Примечания",
        "records_as_of": "По данным учёта Аппарата по состоянию на {date}",
        "untitled": "Документ без названия",
        "see_note": "См. примечание {n}",
        "quotes": "«»",
        "reminder_subject": "Напоминание",
        "reminder": "Напоминаем о нашем письме {ref} от {date} «{title}» и будем признательны "
        "за ваш ответ.",
        "estimate_note": "Оценка Аппарата от {date} методом множественных систем ({method}) по "
        "пересечению {k} списков: {lists}. Лиц хотя бы в одном из списков: {observed}; "
        "95-процентный интервал {interval}.",
        "loglinear_bic": "лог-линейная модель {model}, выбранная по BIC",
        "loglinear": "лог-линейная модель {model}",
        "lcmcr": "байесовская модель латентных классов, LCMCR",
        "open_interval": "{lower} и более",
    },
    "az": {
        "ref": "İstinad №",
        "we_ask": "Xahiş edirik",
        "addressed_to": "Ünvan sahibləri",
        "notes": "Qeydlər",
        "records_as_of": "Aparatın qeydlərinə əsasən, {date} tarixinə",
        "untitled": "Adsız sənəd",
        "see_note": "Bax: qeyd {n}",
        "quotes": "“”",
        "reminder_subject": "Xatırlatma",
        "reminder": "{date} tarixli {ref} nömrəli “{title}” məktubumuzu xatırladır, cavabınızı "
        "gözləyirik.",
        "estimate_note": "Aparatın {date} tarixli qiymətləndirməsi, çoxsaylı sistemlər üsulu "
        "ilə ({method}), {k} siyahının kəsişməsi əsasında: {lists}. Ən azı bir siyahıda olan "
        "şəxslər: {observed}; 95% interval {interval}.",
        "loglinear_bic": "BIC ilə seçilmiş log-xətti model {model}",
        "loglinear": "log-xətti model {model}",
        "lcmcr": "Bayes gizli siniflər modeli, LCMCR",
        "open_interval": "{lower} və daha çox",
    },
}

# Written before a reference, these qualify the number the reference prints; a figure that
# carries a qualifier of its own ("at least 1,248") would then read "at least at least 1,248".
WRITTEN_QUALIFIERS = {
    "en": (
        "at least", "no fewer than", "not less than", "no less than", "more than", "over",
        "about", "approximately", "around", "roughly", "some", "nearly", "almost",
        "at most", "up to", "fewer than", "less than", "an estimated", "estimated",
    ),
    "ru": (
        "не менее", "не меньше", "по меньшей мере", "как минимум", "более", "больше", "свыше",
        "около", "примерно", "приблизительно", "почти", "не более", "до",
    ),
    "az": ("ən azı", "azı", "təxminən", "təqribən", "ən çoxu", "ən çox"),
}  # fmt: skip

_PHRASES = sorted(
    {p for phrases in WRITTEN_QUALIFIERS.values() for p in phrases}, key=len, reverse=True
)
_WRITTEN_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _PHRASES) + r")\s*$",
    re.IGNORECASE,
)


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language or DEFAULT_LANGUAGE)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def label(name: str, language: str) -> str:
    """One of the letter's fixed words in ``language`` (English when it has none)."""
    return LABELS.get(language, LABELS[DEFAULT_LANGUAGE])[name]


def format_number(value: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """3890 -> "3,890" (en), "3 890" (ru, a no-break space), "3.890" (az); None -> ""."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.to_integral_value()
    return format_decimal(number.normalize(), locale=_locale(language), decimal_quantization=False)


def format_date(value: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """25 January 2023, 25 января 2023, 25 yanvar 2023."""
    return babel_date(value, format="d MMMM y", locale=_locale(language))


def format_month(value: dt.date, language: str = DEFAULT_LANGUAGE) -> str:
    """A date known to the month: January 2023, январь 2023, yanvar 2023."""
    return babel_date(value, format="LLLL y", locale=_locale(language))


def format_figure(figure: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """The figure as the letter prints it: qualifier, value or range, unit."""
    text = format_number(figure.value, language)
    if getattr(figure, "value_max", None) is not None:
        text = f"{text}–{format_number(figure.value_max, language)}"
    words = QUALIFIERS.get(language, QUALIFIERS[DEFAULT_LANGUAGE])
    text = words.get(getattr(figure, "qualifier", "exact") or "exact", "") + text
    unit = getattr(figure, "unit", "count") or "count"
    if unit == "percent":
        text += "\u00a0%" if language == "ru" else "%"
    elif unit != "count":
        text += f" {unit}"
    return text


def doubled_qualifier(text_before: str, qualifier: str) -> str:
    """The qualifier typed right before a figure that prints its own (``qualifier`` not
    exact), lower-cased; "" when there is none or the figure is exact."""
    if qualifier in ("", "exact"):
        return ""
    found = _WRITTEN_BEFORE.search(text_before)
    return " ".join(found.group(1).lower().split()) if found else ""
