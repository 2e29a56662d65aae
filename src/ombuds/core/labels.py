"""A vocabulary's values as people and other systems write them, read back into its codes.

An import's coded column may hold the code (``ap_mine``), the label (``Anti-personnel mine``),
the label's own short forms (``SHA`` in "Suspected hazardous area (SHA)", ``IED`` in
"Improvised mine / IED") or a name an app adds for its vocabularies (``AP mine``, what IMSMA
exports write). Case, accents, spacing, hyphens and a plural -s do not matter: "anti-personnel
mines", "Antipersonnel Mine" and "ANTI PERSONNEL MINE" are one value. :func:`label_reader`
builds the reader of one vocabulary; a value it does not know raises :class:`UnknownLabel`,
whose message lists the labels a person would write, each with its code.

Written here rather than taken from a library: the matching is a few lines over Python's own
``unicodedata``, and the vocabularies (Django ``TextChoices``) are the project's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from django.db import models

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SHORT_FORMS = re.compile(r"\(([^)]*)\)")


class UnknownLabel(ValueError):
    """A value that is neither a code, a label nor another name of the vocabulary."""


def fold(text: str) -> str:
    """The form values are compared in: accents and case dropped, each word without a plural
    -s, the words run together ("Anti-personnel mines" -> "antipersonnelmine")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = [w for w in _NOT_WORD.split(bare) if w]
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                   for w in words)  # fmt: skip


def names_of(code: str, label: str) -> list[str]:
    """The names a value goes by from its code and label alone: the code, the label, the label
    without its parenthesis, each item in the parenthesis, each side of a " / "."""
    names = [code, label]
    bare = _SHORT_FORMS.sub("", label).strip()
    names.append(bare)
    for inside in _SHORT_FORMS.findall(label):
        names.extend(part.strip() for part in inside.split(","))
    for part in bare.split(" / "):
        names.append(part.strip())
    return [n for n in names if n]


def label_reader(
    vocabulary: type[models.TextChoices], *, aliases: Mapping[str, str] | None = None
) -> Callable[[str], str]:
    """The reader of ``vocabulary``'s values: text in, code out, or UnknownLabel.

    ``aliases`` (name -> code) adds the names people and other systems use; names of codes
    that ``vocabulary`` lacks are left out, so one table of aliases can serve several
    vocabularies. A name that would mean two codes is a mistake in the vocabularies: it
    raises ValueError when the reader is built.
    """
    known: dict[str, str] = {}
    shown: list[str] = []
    pairs: list[tuple[str, str]] = []
    for value, label in vocabulary.choices:
        code = str(value)
        if not code:
            continue
        shown.append(f"{label} ({code})" if fold(str(label)) != fold(code) else str(label))
        pairs.extend((name, code) for name in names_of(code, str(label)))
    codes = {str(v) for v in vocabulary.values}
    pairs.extend((name, code) for name, code in (aliases or {}).items() if code in codes)
    for name, code in pairs:
        key = fold(name)
        if known.setdefault(key, code) != code:
            raise ValueError(f"{name!r} would mean both {known[key]} and {code}")
    listed = "; ".join(shown)

    def read(text: str) -> str:
        found = known.get(fold(str(text)))
        if found is None:
            raise UnknownLabel(f"{str(text).strip()!r} is not known; write one of: {listed}")
        return found

    return read
