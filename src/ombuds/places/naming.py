"""The form place names are compared in, whoever wrote them.

"The liberated territories", "Liberated Territories" and "liberated territories," are one
name: :func:`fold_place` drops a leading article, then folds as the shared label reader does
(``core.labels.fold``: accents, case, punctuation and spacing dropped, a plural -s dropped from
each word), but keeps the letters of every script: the label reader keeps only a-z and digits
(codes and English labels), which would fold "Зангелан" and "Զանգելան" to nothing. Claims keep
the place as the source wrote it; this form is what the gazetteer's names and a claim's place
text are looked up by.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")

# Articles a place name may start with in the languages the office reads; the name without
# it is the same name ("the Donbas" = "Donbas").
_ARTICLE = re.compile(r"^\W*(the|a|an|le|la|les|l'|el|los|las|der|die|das)(\s+|(?<=')\s*)", re.I)


def fold_place(text: str | None) -> str:
    """The comparable form of a place name: "" when there is none."""
    if not text:
        return ""
    bare = _ARTICLE.sub("", text.strip(), count=1) or text
    decomposed = unicodedata.normalize("NFKD", bare)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = [w for w in _NOT_WORD.split(plain) if w]
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                   for w in words)[:200]  # fmt: skip
