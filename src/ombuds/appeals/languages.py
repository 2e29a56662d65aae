"""What the letter's words depend on its language: qualifiers printed before a figure, and the
qualifiers a writer may type before a reference (which would double the figure's own)."""

from __future__ import annotations

import re

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
    "az": ("ən azı", "azı", "təxminən", "təqribən", "ən çoxu", "ən çox", "azı"),
}  # fmt: skip

_PHRASES = sorted(
    {p for phrases in WRITTEN_QUALIFIERS.values() for p in phrases}, key=len, reverse=True
)
_WRITTEN_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _PHRASES) + r")\s*$",
    re.IGNORECASE,
)


def doubled_qualifier(text_before: str, qualifier: str) -> str:
    """The qualifier typed right before a figure that prints its own (``qualifier`` not
    exact), lower-cased; "" when there is none or the figure is exact."""
    if qualifier in ("", "exact"):
        return ""
    found = _WRITTEN_BEFORE.search(text_before)
    return " ".join(found.group(1).lower().split()) if found else ""
