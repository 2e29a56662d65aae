"""The words one language uses for breakdowns, scopes, list rows and topics, behind one interface.

The decision layers (`structure`, `evidence`, `layout`, `label_rows`, `subjects`) look for
these markers only through a `Markers` value, so that another language (Russian, Azerbaijani)
is a module that fills the same fields, with no change to the layers. English (`english.py`) is
the only one today; the sentence pass (`rules`, `measure`, `parts`, `periods`) and the lexicons
(`vocabulary`) are still English throughout.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Markers:
    """Patterns of one language. Each group named `group` captures a word naming a total."""

    part_before: re.Pattern[str]  # before a part: "including", "among them", "of whom"
    opening: re.Pattern[str]  # opening a sentence of parts: "This includes", "Of the wounded"
    of_the: re.Pattern[str]  # before a total that opens its parts' sentence: "Of the"
    trailing: re.Pattern[str]  # after parts: "... were among them"
    of_them_after: re.Pattern[str]  # after a part: "five of them"
    of_group_after: re.Pattern[str]  # after a part: "15 of the victims"
    group_measure: Mapping[str, str]  # the measure a group word names: wounded -> injured
    list_gap: re.Pattern[str]  # between two items of a list: ", and"
    ellipsis_gap: re.Pattern[str]  # between a figure and a bare number that continues it
    ellipsis_after: re.Pattern[str]  # after that bare number: "in May"
    ellipsis_lead: re.Pattern[str]  # or before it: "fell to 714, in May to 476"
    scope: re.Pattern[str]  # a sentence stating the period a document covers
    open_period: re.Pattern[str]  # a period that is a figure's own: "since", "as of"
    topic: re.Pattern[str]  # a group named as a sentence's topic: "civilian victims"
    generic: re.Pattern[str]  # a number's noun that names nobody in particular: "people"
    part_label: re.Pattern[str]  # a row label that breaks down the row above: "of which"
    apposition: re.Pattern[str]  # before a group in apposition: ", all women"
    share_of: re.Pattern[str]  # after a share, the total it is of: "per cent of all casualties"
    narrow_base: re.Pattern[str]  # a share's base narrowed: "where the status was known"
    # a word that opens the phrase around a number in a list of parallel phrases: "in", "to"
    function_word: re.Pattern[str]
