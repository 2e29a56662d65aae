"""The overlap table of k lists: how many people are on each combination of lists.

A pattern is a tuple of k zeros and ones, one per list in the table's order: (1, 0, 1) is
"on the first and third lists only". The all-zero pattern is the people no list recorded,
which the estimates fill in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ombuds.registry.estimation import EstimationError

Pattern = tuple[int, ...]
MAX_LISTS = 12


def patterns(k: int) -> list[Pattern]:
    """The 2^k - 1 observable patterns of k lists, in binary order (0..01 first, 1..1 last)."""
    return [p for p in itertools.product((0, 1), repeat=k) if any(p)]


@dataclass(frozen=True)
class OverlapTable:
    """``counts`` of people per pattern over ``lists``; a pattern not given counts 0."""

    lists: tuple[str, ...]
    counts: Mapping[Pattern, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        k = len(self.lists)
        if k < 2:
            raise EstimationError(
                "An estimate needs at least two lists: choose more lists, or a wider stratum."
            )
        if k > MAX_LISTS:
            raise EstimationError(
                f"{k} lists make {2**k - 1} combinations: choose at most {MAX_LISTS} lists."
            )
        if len(set(self.lists)) != k:
            raise EstimationError("A list is named twice: name each list once.")
        for pattern, count in self.counts.items():
            if len(pattern) != k or any(bit not in (0, 1) for bit in pattern):
                raise EstimationError(f"{pattern} is not a pattern of {k} lists of 0 and 1.")
            if not any(pattern):
                raise EstimationError("The people on no list are what is estimated, not given.")
            if count < 0 or int(count) != count:
                raise EstimationError(f"The count of {pattern} is not a whole number >= 0.")

    @classmethod
    def from_memberships(
        cls, lists: Iterable[str], memberships: Iterable[Iterable[int]]
    ) -> OverlapTable:
        """The table of people given as the set of list positions each one is on."""
        names = tuple(lists)
        counts: dict[Pattern, int] = {}
        for member in memberships:
            on = set(member)
            pattern = tuple(int(i in on) for i in range(len(names)))
            if any(pattern):
                counts[pattern] = counts.get(pattern, 0) + 1
        return cls(names, counts)

    @property
    def k(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        """How many people are on at least one list."""
        return sum(self.counts.values())

    def cells(self) -> list[tuple[Pattern, int]]:
        """Every observable pattern with its count, in binary order."""
        return [(p, int(self.counts.get(p, 0))) for p in patterns(self.k)]

    def list_totals(self) -> dict[str, int]:
        """How many people each list holds."""
        return {
            name: sum(n for p, n in self.counts.items() if p[i])
            for i, name in enumerate(self.lists)
        }

    def on_lists(self) -> dict[int, int]:
        """How many people are on exactly 1, 2, ... k lists."""
        out = dict.fromkeys(range(1, self.k + 1), 0)
        for p, n in self.counts.items():
            out[sum(p)] += n
        return out

    def check_estimable(self) -> None:
        """EstimationError when no estimate can be made: a list holds nobody, or no person is
        on two lists (then the lists say nothing about each other)."""
        empty = [name for name, n in self.list_totals().items() if n == 0]
        if empty:
            raise EstimationError(
                f"No person in this stratum is on {', '.join(empty)}: leave "
                f"{'that list' if len(empty) == 1 else 'those lists'} out."
            )
        if not any(n for p, n in self.counts.items() if sum(p) >= 2):
            raise EstimationError(
                "No person is on two lists, so the lists say nothing about whom they miss: link "
                "the records first, or choose lists that overlap."
            )
