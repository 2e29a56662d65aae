"""A lexicon compiled into one regex: ordered (pattern, value) entries matched at word starts.

Written by hand because the lexicons are matched thousands of times per document at chosen
offsets, and one alternation per lexicon, guarded by the first letters its entries can start with,
keeps them within the engine's speed bar (0.5 MB/s, `bench/engine_speed.py`); the patterns
tolerate words glued together by PDF conversion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Lexicon = Sequence[tuple[str, str]]

# PDF conversion glues words together ("peoplewere evacuated", "hadevacuated",
# "fledShirqat"): a lexicon word may touch one of these short words, or a capitalised word.
_GLUE = (
    "were|was|are|is|in|to|and|of|the|have|had|has|from|at|by|on|with|as|for|between|camps"
    "|about|around|nearly|almost|more|over|some|approximately|following|after|during|because"
)
_GLUED_BEFORE = (
    r"(?:\b|"
    + "|".join(
        f"(?<={w})"
        for w in (
            "had",
            "have",
            "were",
            "was",
            "are",
            "been",
            "the",
            "in",
            "still",
            "and",
            "new",
            "newly",
        )
    )
    + ")"
)
# A non-ASCII letter right after a word is mojibake of an apostrophe ("familiesŠ—È homes").
_GLUED_AFTER = rf"(?=(?:{_GLUE})?(?![\w-])|(?-i:[A-Z][a-z])|[^\x00-\x7f])"


WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")

# Hits remembered within one call of `extract` only (`new_document` starts a new call), so that
# a text read again, as a benchmark does, is read afresh.
_generation = 0


def new_document() -> None:
    """Forget the ranges read so far: `extract` calls this before reading a text."""
    global _generation
    _generation += 1


def generation() -> int:
    """The number of the current call of `extract`, for caches of other modules."""
    return _generation


_GLUE_PREFIXES = ("had", "have", "were", "was", "are", "been", "the", "in", "still", "and", "new")


def _split_top(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source."""
    out, depth, current, i = [], 0, "", 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current += pattern[i : i + 2]
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(current)
            current = ""
            i += 1
            continue
        current += ch
        i += 1
    out.append(current)
    return out


def _closing(pattern: str, open_at: int) -> int:
    depth = 0
    i = open_at
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern) - 1


def _heads(pattern: str) -> set[str]:
    """Lower-case literal beginnings (one to three letters) every match of `pattern` starts with.

    An empty string in the result means "could start with anything".
    """
    out: set[str] = set()
    for branch in _split_top(pattern):
        out |= _branch_heads(branch)
    return out


def _branch_heads(branch: str) -> set[str]:
    if not branch:
        return {""}
    if branch.startswith(("(?<!", "(?<=", "(?!", "(?=")):
        # a lookaround matches no letters: the heads are those of what follows it
        return _branch_heads(branch[_closing(branch, 0) + 1 :])
    if branch.startswith("(?:") or (branch.startswith("(") and not branch.startswith("(?")):
        close = _closing(branch, 0)
        inner = branch[3 if branch.startswith("(?:") else 1 : close]
        rest = branch[close + 1 :]
        if rest[:1] in ("?", "*"):
            return _heads(inner) | _branch_heads(rest[1:])
        return _heads(inner)
    literal = ""
    for i, ch in enumerate(branch):
        if not (ch.isalpha() or ch in "'’-"):
            break
        if branch[i + 1 : i + 2] in ("?", "*", "{"):
            break
        literal += ch.lower()
        if len(literal) == 3:
            break
    return {literal}


class CompiledLexicon:
    """One regex over a whole lexicon; `lastgroup` tells which entry matched.

    Searching tries the regex only at word starts whose first letters can begin an entry, which
    is many times faster than letting the regex engine try every position.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        parts = []
        self.values: dict[str, str] = {}
        heads: set[str] = set()
        self._entries: list[tuple[str, frozenset[str]]] = []
        for i, (pattern, value) in enumerate(lexicon):
            name = f"g{i}"
            parts.append(f"(?P<{name}>{pattern})")
            self.values[name] = value
            entry_heads = _heads(pattern)
            heads |= entry_heads
            self._entries.append((parts[-1], frozenset(h[:1] for h in entry_heads)))
        self.regex = self._compile(parts)
        self.any_start = "" in heads
        self.heads1 = frozenset(h for h in heads if len(h) == 1)
        self.heads2 = frozenset(h for h in heads if len(h) == 2)
        self.heads3 = frozenset(h for h in heads if len(h) == 3)
        # One regex per first letter, holding only the entries that can start with it (in the
        # lexicon's order, so the same entry wins): the regex engine tries an alternation's
        # branches one by one, and most of them cannot match a given word.
        self._by_letter: dict[str, re.Pattern[str]] = {}
        # the hits of the ranges already read in the last text (compared by identity): the
        # engine reads some sentences again (a paragraph's cause, a heading's measure)
        self._memo: tuple[str, int, dict[tuple[int, int], tuple[tuple[str, int, int], ...]]] = (
            "",
            -1,
            {},
        )

    @staticmethod
    def _compile(parts: list[str]) -> re.Pattern[str]:
        return re.compile(
            _GLUED_BEFORE + r"(?:" + "|".join(parts) + r")" + _GLUED_AFTER, re.IGNORECASE
        )

    def _regex_for(self, text: str, pos: int) -> re.Pattern[str]:
        letter = text[pos : pos + 1].lower()
        regex = self._by_letter.get(letter)
        if regex is None:
            parts = [part for part, firsts in self._entries if letter in firsts or "" in firsts]
            regex = self._compile(parts) if parts else re.compile(r"(?!)")
            self._by_letter[letter] = regex
        return regex

    def match(self, text: str, pos: int, endpos: int) -> tuple[str, int, int] | None:
        """The entry that matches exactly at `pos`, as (value, start, end)."""
        m = self._regex_for(text, pos).match(text, pos, endpos)
        if not m or m.lastgroup is None:
            return None
        return self.values[m.lastgroup], m.start(), m.end()

    def find_all(self, text: str, pos: int, endpos: int) -> list[tuple[str, int, int]]:
        """Every entry found in text[pos:endpos], in order, not overlapping."""
        memo = self._memo
        if memo[0] is not text or memo[1] != _generation:
            memo = self._memo = (text, _generation, {})
        known = memo[2].get((pos, endpos))
        if known is not None:
            return list(known)
        hits = self._find_all(text, pos, endpos)
        memo[2][(pos, endpos)] = tuple(hits)
        return hits

    def _find_all(self, text: str, pos: int, endpos: int) -> list[tuple[str, int, int]]:
        hits: list[tuple[str, int, int]] = []
        last_end = pos
        h1, h2, h3 = self.heads1, self.heads2, self.heads3
        regex_for = self._regex_for
        values = self.values
        for w in WORD_RE.finditer(text, pos, endpos):
            start = w.start()
            if start < last_end:
                continue
            word = w.group().lower()
            if self.any_start or word[:3] in h3 or word[:2] in h2 or word[:1] in h1:
                m = regex_for(text, start).match(text, start, endpos)
                if m and m.lastgroup is not None:
                    hits.append((values[m.lastgroup], start, m.end()))
                    last_end = m.end()
                    continue
            if len(word) > 4 and word.startswith(_GLUE_PREFIXES):
                for glue in _GLUE_PREFIXES:
                    if len(word) > len(glue) + 2 and word.startswith(glue):
                        rest = word[len(glue) :]
                        if rest[:3] in h3 or rest[:2] in h2 or rest[:1] in h1:
                            at = start + len(glue)
                            m = regex_for(text, at).match(text, at, endpos)
                            if m and m.lastgroup is not None:
                                hits.append((values[m.lastgroup], m.start(), m.end()))
                                last_end = m.end()
                                break
        return hits

    def search(self, text: str, pos: int, endpos: int) -> tuple[str, int, int] | None:
        """The first entry found in text[pos:endpos]."""
        hits = self.find_all(text, pos, endpos)
        return hits[0] if hits else None

    def search_last(self, text: str, pos: int, endpos: int) -> tuple[str, int, int] | None:
        """The last entry found in text[pos:endpos]."""
        hits = self.find_all(text, pos, endpos)
        return hits[-1] if hits else None
