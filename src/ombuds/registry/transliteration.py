"""Search keys that make the spellings of one name meet: Məmmədov, Mammadov, Mamedov, Мамедов.

Written by hand because no library does this job: transliteration libraries go one way
(Cyrillic to Latin, say) by one standard, while the same Azerbaijani, Armenian or Russian name
reaches the office in Azerbaijani Latin, Armenian script, Russian Cyrillic and several English
spellings. Every form is first transliterated to plain Latin letters, then reduced to a
skeleton that ignores what the spellings disagree on:

- vowels (and y) after the first letter are dropped, a leading vowel becomes "a";
- "h" is dropped (Hovhannes / Ovanes), after digraphs are merged (Xəlilov / Khalilov);
- at the start of a word and before a vowel, g, q, ğ and h count as nothing (the word starts
  as if with the vowel):
  Russian has no "h" and writes the Azerbaijani h as Г (Həsənov / Гасанов, Hüseynov /
  Гусейнов, Hacıyev / Гаджиев), as it writes q (Qasımov / Гасымов), while it drops the Armenian
  h (Harutyunyan / Арутюнян). Elsewhere g stays a consonant (Grigoryan / Григорян: "grgrn");
- the Armenian digraph ու is the vowel u (Հարությունյան / Harutyunyan), not "ov";
- doubled consonants count once (Mammadov / Mamedov);
- equivalent letters are merged: q/ğ/gh -> g, x/kh -> k, c/j/dzh/zh -> j, ç/ch -> c,
  ş/sh -> s... (see ``_DIGRAPHS``).

A name's key is the skeleton of each word, space-separated and padded with spaces, so that a
word is found with ``key LIKE '% word %'`` whatever the order of the words.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "gh", "ҝ": "g", "ө": "o", "ү": "u", "һ": "h", "ҹ": "dzh",
}  # fmt: skip

_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "e",
    "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
    "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
    "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
    "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}  # fmt: skip

# Azerbaijani Latin letters whose sound other spellings write differently.
_AZERBAIJANI = {
    "ə": "a", "ş": "sh", "ç": "ch", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u", "x": "kh",
    "q": "g",
}  # fmt: skip

# Applied in order to the plain Latin form; longer sequences first.
_DIGRAPHS = [
    ("shch", "s"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "z"),
    ("w", "v"),
    ("ph", "f"),
]
_VOWELS = set("aeiouy")
# The letters Russian writes as Г at the start of a name (and Armenian-to-Russian drops).
_SOFT_START = set("ghq")
_WORD = re.compile(r"[^\W\d_]+")


def to_latin(text: str) -> str:
    """``text`` lower-cased in plain Latin letters, transliterated from Cyrillic or Armenian."""
    out: list[str] = []
    # Armenian writes the vowel u with two letters (ո + ւ), which one by one read "ov".
    folded = text.casefold().replace("ու", "u")
    for index, char in enumerate(folded):
        if char == "c":
            # Azerbaijani c is English j (Cavid / Javid); English writes c only in "ch".
            following = folded[index + 1 : index + 2]
            out.append("c" if following == "h" else "j")
        elif char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        elif char in _ARMENIAN:
            out.append(_ARMENIAN[char])
        elif char in _AZERBAIJANI:
            out.append(_AZERBAIJANI[char])
        else:
            stripped = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in stripped if not unicodedata.combining(c)))
    return "".join(out)


def word_skeleton(word: str) -> str:
    """The skeleton of one word (see the module docstring); "" for a word with no letters."""
    latin = to_latin(word)
    latin = "".join(c for c in latin if "a" <= c <= "z")
    if not latin:
        return ""
    for old, new in _DIGRAPHS:
        latin = latin.replace(old, new)
    if latin[0] in _SOFT_START and len(latin) > 1 and latin[1] in _VOWELS:
        latin = latin[1:]
    latin = latin.replace("h", "") or "h"
    first = "a" if latin[0] in _VOWELS else ""
    out: list[str] = [first] if first else []
    for char in latin:
        if char in _VOWELS:
            continue
        if out and out[-1] == char:
            continue
        out.append(char)
    return "".join(out)


def name_words(name: str) -> list[str]:
    """The skeletons of the words of a name, in order, without empty ones."""
    return [s for s in (word_skeleton(w) for w in _WORD.findall(name)) if s]


def name_key(name: str) -> str:
    """The stored search key of a name: its word skeletons padded with spaces."""
    return " " + " ".join(name_words(name)) + " "
