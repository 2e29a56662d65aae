"""Weights of the evidence that makes a number a part of a total (see `structure.py`).

Set by hand. `make fit-weights` refits them on the annotated documents with a structured
perceptron (`scripts/fit_weights.py`) and rewrites this file; review the diff, and score the
blind set of the day with and without it before committing (docs/claims.md, "Seventh round").
An option's score is the sum of the weights of its evidence; "no total" scores 0.
"""

WEIGHTS: dict[str, float] = {
    # evidence that a number is a part of a total
    "inline": 1.0,  # the sentence pass read it as a part (a marker in its own clause)
    "marker": 2.5,  # "including", "among them", "of whom" ... just before the number
    "opening": 2.5,  # its sentence opens "This includes", "Of them", "Among the dead"
    "of-the-total": 3.0,  # "Of the 64 deaths, 50 occurred in ..."
    "of-them-after": 3.0,  # "10 civilians, five of them children": the nearest total
    "of-them-before": 2.5,  # "... 719 civilians went missing. 71 of them": the sentence's total
    "of-group-after": 2.5,  # "15 of the victims were killed": the victims counted before
    "trailing": 2.0,  # "... and 30 women were among them"
    "share-of": 2.0,  # "38 per cent of all civilian casualties": a share of that total
    "paren": 2.0,  # in parentheses right after the total
    "paren-verb": 1.5,  # in parentheses right after a verb: "children were killed (120)"
    "dash": 1.5,  # between dashes after the total
    "colon": 1.5,  # after a colon that follows the total
    "lead-in": 1.5,  # in the lines under a lead-in that states the total
    "sibling": 2.0,  # continues a list whose item before is a part of the same total
    "lead-in-measure": 1.0,  # a list after a colon takes the lead-in's measure (no total)
    "sentence-measure": 0.5,  # a group with no measure of its own takes its sentence's (no total)
    "apposite-share": 3.0,  # "6,076 (9 percent) boys": a share of the count right before it
    "ellipsis": 1.0,  # "840 fatalities in April, and 586 in May": counts what the one before
    "parallel": 1.0,  # "5,000 in 2009 and 2,800 in 2008": a bare number in a parallel phrase
    "other-date": 1.0,  # "18,817 (a week earlier some 18,657)": the same count at another date
    # costs
    "rank": -0.7,  # per nearer total, also pointed at, passed over
    "sentences-back": -0.4,  # per sentence between the total and the part
    "orphan": -1.0,  # a number with no measure or subject of its own
    "subset": -1.0,  # same measure and subject as its total: only with a marker
    "other": -1.2,  # another measure than its total's ("of whom 1,200 were tortured")
    # arithmetic over a paragraph's choice
    "adds-up": 1.5,  # two or more parts along one dimension sum exactly to their total
    "exceeds": -6.0,  # parts that could go to another total exceed this one
    "exceeds-marked": -0.5,  # parts with no other total exceed it: kept, the ledger reports it
}
