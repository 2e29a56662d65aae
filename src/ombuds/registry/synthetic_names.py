"""Names for synthetic people as a population reuses them: many names, a few of them common.

The demo's names (``synth``) are a few dozen real ones, so in a million people each is shared
by thousands, which no registry sees. Here each group's given names and surnames are invented
from syllables, each written in the scripts its people are recorded in (Azerbaijani Latin,
English and Russian; Armenian, English and Russian; Russian and English), and drawn by Zipf's
law (the k-th most common name weighs 1/k): with 6,000 surnames the commonest is borne by about
one person in nine, as Məmmədov is, and most are rare. Written by hand: the letters and endings
of each script are what makes the records realistic, and no library invents names in three
scripts at once.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ombuds.registry.transliteration import to_latin

_AZ_ONSETS = [
    "b",
    "c",
    "ç",
    "d",
    "f",
    "g",
    "h",
    "x",
    "k",
    "q",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "ş",
    "t",
    "v",
    "y",
    "z",
]
_AZ_VOWELS = ["a", "a", "ə", "ə", "e", "i", "ı", "o", "u", "ü"]
_AZ_CODAS = ["", "", "", "n", "r", "l", "m", "d", "t", "s", "ş", "z", "k", "q", "x", "b"]
_AZ_TO_EN = {"ə": "a", "ş": "sh", "ç": "ch", "x": "kh", "q": "g", "ğ": "gh", "ı": "i",
             "ö": "o", "ü": "u", "c": "j"}  # fmt: skip
_AZ_TO_RU = {"a": "а", "b": "б", "c": "дж", "ç": "ч", "d": "д", "e": "е", "ə": "а", "f": "ф",
             "g": "г", "ğ": "г", "h": "г", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к",
             "q": "г", "l": "л", "m": "м", "n": "н", "o": "о", "ö": "ё", "p": "п", "r": "р",
             "s": "с", "ş": "ш", "t": "т", "u": "у", "ü": "ю", "v": "в", "y": "й",
             "z": "з"}  # fmt: skip

_RU_ONSETS = [
    "б",
    "в",
    "г",
    "д",
    "ж",
    "з",
    "к",
    "л",
    "м",
    "н",
    "п",
    "р",
    "с",
    "т",
    "ф",
    "х",
    "ц",
    "ч",
    "ш",
]
_RU_VOWELS = ["а", "а", "е", "и", "о", "о", "у", "ы", "я", "ю"]
_RU_CODAS = ["", "", "", "н", "р", "л", "в", "с", "к", "м"]

# Armenian names are invented in a Latin spelling, then written in each script.
_HY_ONSETS = ["b", "g", "d", "z", "l", "kh", "k", "h", "m", "n", "sh", "p", "j", "r", "s",
              "v", "t", "ts", "ch"]  # fmt: skip
_HY_VOWELS = ["a", "a", "e", "i", "o", "u"]
_HY_CODAS = ["", "", "", "n", "r", "k", "s", "t", "g", "m"]
_LATIN_TO_HY = {"a": "ա", "b": "բ", "g": "գ", "d": "դ", "e": "ե", "z": "զ", "i": "ի", "l": "լ",
                "kh": "խ", "k": "կ", "h": "հ", "m": "մ", "y": "յ", "n": "ն", "sh": "շ",
                "o": "ո", "ch": "չ", "p": "պ", "j": "ջ", "r": "ր", "s": "ս", "v": "վ",
                "t": "տ", "ts": "ց", "u": "ու", "f": "ֆ"}  # fmt: skip
_LATIN_TO_RU = {"a": "а", "b": "б", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "l": "л",
                "kh": "х", "k": "к", "h": "г", "m": "м", "y": "й", "n": "н", "sh": "ш",
                "o": "о", "ch": "ч", "p": "п", "j": "дж", "r": "р", "s": "с", "v": "в",
                "t": "т", "ts": "ц", "u": "у", "f": "ф"}  # fmt: skip

GIVEN_NAMES = 400  # per group and sex
SURNAMES = 6_000  # per group

Name = tuple[str, ...]  # one name in each script of its group, in the order of ``COLUMNS``
COLUMNS = {"az": ("name_az", "name_en", "name_ru"), "hy": ("name_hy", "name_en", "name_ru"),
           "ru": ("name_ru", "name_en")}  # fmt: skip


def _word(rng: random.Random, onsets: Sequence[str], vowels: Sequence[str],
          codas: Sequence[str], syllables: int) -> str:  # fmt: skip
    return "".join(
        rng.choice(onsets) + rng.choice(vowels) + (rng.choice(codas) if n else "")
        for n in range(syllables)
    )


def _spell(word: str, table: dict[str, str]) -> str:
    """``word`` letter by letter (digraphs first) through ``table``."""
    out, at = [], 0
    while at < len(word):
        pair = word[at : at + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            at += 2
        else:
            out.append(table.get(word[at], word[at]))
            at += 1
    return "".join(out)


def _az(root: str, ending_az: str = "", ending_ru: str = "") -> Name:
    az = root + ending_az
    return (
        az.title(),
        _spell(az, _AZ_TO_EN).title(),
        (_spell(root, _AZ_TO_RU) + ending_ru).title(),
    )


def _hy(root: str, ending: tuple[str, str, str] = ("", "", "")) -> Name:
    return ((_spell(root, _LATIN_TO_HY) + ending[0]).capitalize(), (root + ending[1]).title(),
            (_spell(root, _LATIN_TO_RU) + ending[2]).title())  # fmt: skip


def _ru(word: str) -> Name:
    return (word.title(), to_latin(word).title())


@dataclass(frozen=True)
class _Pool:
    names: list[Name]
    weights: list[float]  # cumulative, by Zipf's law

    def pick(self, rng: random.Random) -> Name:
        return rng.choices(self.names, cum_weights=self.weights)[0]


def _pool(names: list[Name]) -> _Pool:
    unique = list(dict.fromkeys(names))
    return _Pool(unique, list(itertools.accumulate(1 / (k + 1) for k in range(len(unique)))))


class RealisticNames:
    """Name pools of three groups (Azerbaijani, Armenian, Russian), invented from ``seed``."""

    def __init__(self, seed: int = 1) -> None:
        rng = random.Random(seed)
        self.given: dict[tuple[str, str], _Pool] = {}
        self.surnames: dict[str, _Pool] = {}
        self.female_surnames: dict[str, list[Name]] = {}
        for sex in ("male", "female"):
            self.given[("az", sex)] = _pool([
                _az(_word(rng, _AZ_ONSETS, _AZ_VOWELS, _AZ_CODAS, rng.choice((2, 2, 3))))
                for _ in range(GIVEN_NAMES)
            ])  # fmt: skip
            self.given[("hy", sex)] = _pool([
                _hy(_word(rng, _HY_ONSETS, _HY_VOWELS, _HY_CODAS, rng.choice((2, 2, 3))))
                for _ in range(GIVEN_NAMES)
            ])  # fmt: skip
            self.given[("ru", sex)] = _pool([
                _ru(_word(rng, _RU_ONSETS, _RU_VOWELS, _RU_CODAS, rng.choice((2, 3))))
                for _ in range(GIVEN_NAMES)
            ])  # fmt: skip
        az, hy, ru = [], [], []
        for _ in range(SURNAMES):
            root = _word(rng, _AZ_ONSETS, _AZ_VOWELS, _AZ_CODAS, 2)
            ending = rng.choice((("ov", "ов"), ("ov", "ов"), ("li", "ли"), ("zadə", "заде")))
            if root[-1] in "aəeiıouü" and ending[0] == "ov":
                ending = ("yev", "ев")
            az.append(_az(root, *ending))
            hy.append(_hy(_word(rng, _HY_ONSETS, _HY_VOWELS, _HY_CODAS, 2), ("յան", "yan", "ян")))
            ru_root = _word(rng, _RU_ONSETS, _RU_VOWELS, _RU_CODAS, 2)
            ru.append(_ru(ru_root + rng.choice(("ов", "ов", "ев", "ин"))))
        self.surnames = {"az": _pool(az), "hy": _pool(hy), "ru": _pool(ru)}

    def person(self, rng: random.Random, sex: str) -> tuple[str, dict[str, str]]:
        """The person's group and name columns (name_az / name_hy / name_ru / name_en)."""
        group = rng.choice(["az", "az", "hy", "hy", "ru"])
        given = self.given[(group, sex)].pick(rng)
        family = self.surnames[group].pick(rng)
        if sex == "female":
            family = tuple(_feminine(word) for word in family)
        return group, {
            column: f"{g} {f}" for column, g, f in zip(COLUMNS[group], given, family, strict=True)
        }

    def father(self, rng: random.Random, group: str) -> dict[str, str]:
        """A father's given name in each of the group's scripts."""
        name = self.given[(group, "male")].pick(rng)
        return dict(zip(COLUMNS[group], name, strict=True))


def _feminine(surname: str) -> str:
    """Məmmədov -> Məmmədova, Иванов -> Иванова, Aliyev -> Aliyeva; others unchanged."""
    if surname.endswith(("ov", "ev", "in", "ов", "ев", "ин")):
        return surname + ("а" if surname[-1] in "вн" else "a")
    return surname
