"""The form place names are compared in, whoever wrote them.

"The liberated territories", "Liberated Territories" and "liberated territories," are one
name: :func:`fold_place` drops a leading article, then folds as the shared label reader does
(``core.labels.fold``: accents, case, punctuation and spacing dropped, a plural -s dropped from
each word). Claims keep the place as the source wrote it; this form is what the gazetteer's
names and a claim's place text are looked up by.
"""

from __future__ import annotations

import re

from ombuds.core.labels import fold

# Articles a place name may start with in the languages the office reads; the name without
# it is the same name ("the Donbas" = "Donbas").
_ARTICLE = re.compile(r"^\W*(the|a|an|le|la|les|l'|el|los|las|der|die|das)(\s+|(?<=')\s*)", re.I)


def fold_place(text: str | None) -> str:
    """The comparable form of a place name: "" when there is none."""
    if not text:
        return ""
    bare = _ARTICLE.sub("", text.strip(), count=1)
    # A name that is only an article ("The") is kept as it is rather than emptied.
    return fold(bare or text)[:200]
