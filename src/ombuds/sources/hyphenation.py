"""Words hyphenated at line ends, joined again (no Django).

Text taken from a page carries the hyphens of its line breaks: "dis-\\nplaced" must read
"displaced" for the claims to be found, while "ill-\\ntreated" must stay "ill-treated".
"""

from __future__ import annotations

import re

# Words usually written with their hyphen ("ill-treated", "so-called"): a line break after
# the hyphen keeps it.
HYPHEN_PREFIXES = frozenset(
    re.findall(
        r"\w+",
        "anti ill non self well so ex co semi multi cross counter pro post mid war mine long "
        "short full part high low old year half one two three four five six seven eight nine "
        "ten twenty thirty forty fifty hundred follow left right far near north south east west",
    )
)
HYPHEN_SUFFIXES = frozenset(
    re.findall(
        r"\w+",
        "related affected based led run term scale called wide free up old year born type "
        "owned held made level controlled induced specific sensitive",
    )
)
HYPHENATED_RE = re.compile(r"([A-Za-z]+)([-\u2010\u2011])[ \t]*\n[ \t]*([A-Za-z]+)")
MARKED_BREAK_RE = re.compile(r"[a-z][\u2010\u00ad][ \t]*\n[ \t]*[a-z]")
SOFT_HYPHEN_BREAK_RE = re.compile(r"\u00ad[ \t]*\n[ \t]*")
HYPHENATED_FIGURE_RE = re.compile(r"(\d)([-\u2010\u2011])[ \t]*\n[ \t]*(\d)")


def join_hyphenated(text: str) -> str:
    """Joins words hyphenated at line ends, keeping the hyphen of compounds.

    A producer that marks the hyphens it adds (U+2010, as WeasyPrint writes, or a soft hyphen)
    leaves "-" at a line end only where the word has one, so there "-" always stays. Otherwise
    the document's own spelling of the word elsewhere decides, then a list of usual compounds
    ("ill-treated", "mine-related"); a hyphen before a capital ("Al-Raqqa") always stays.
    """
    marked = MARKED_BREAK_RE.search(text) is not None
    text = SOFT_HYPHEN_BREAK_RE.sub("", text)  # a soft hyphen at a line end always joins
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()))

    def join(m: re.Match[str]) -> str:
        left, hyphen, right = m.group(1), m.group(2), m.group(3)
        whole, compound = (left + right).lower(), f"{left}-{right}".lower()
        typed = hyphen in "-\u2011"
        if right[0].isupper() or (typed and marked):
            return f"{left}-{right}"
        if whole in words:
            return left + right
        if compound in words or (
            typed and (left.lower() in HYPHEN_PREFIXES or right.lower() in HYPHEN_SUFFIXES)
        ):
            return f"{left}-{right}"
        return left + right

    text = HYPHENATED_RE.sub(join, text)
    return HYPHENATED_FIGURE_RE.sub(r"\1-\3", text)
