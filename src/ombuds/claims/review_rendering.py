"""The review screen's list of claims as HTML, written in Python.

A source may hold hundreds of claims; the template language costs about a millisecond a row,
which made the screen of a 500-claim source take most of a second. Each row is one f-string
of escaped values (the way ``sources/highlighting.py`` marks the text), ten times faster. The
markup is the one ``static/claims/review.js`` and ``review.css`` expect.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ombuds.claims import labels
from ombuds.claims.queries import ReviewRow

QUOTE_SHOWN = 300


def _why(row: ReviewRow) -> str:
    claim = row.claim
    quote = claim.quote if len(claim.quote) <= QUOTE_SHOWN else claim.quote[: QUOTE_SHOWN - 1] + "…"
    confidence = "— (added by hand)" if claim.confidence is None else f"{claim.confidence:.2f}"
    evidence = ", ".join(claim.evidence) or "—"
    return (
        '<details class="why"><summary>why</summary>'
        f"<p>Rule: <code>{escape(claim.rule)}</code></p>"
        f"<p>Evidence: {escape(evidence)}</p>"
        f"<p>Confidence: {confidence}</p>"
        f"<blockquote>{escape(quote)}</blockquote></details>"
    )


def _row(row: ReviewRow) -> str:
    claim = row.claim
    meta = f'<span class="badge state">{escape(claim.get_status_display())}</span>'
    if claim.origin == "hand":
        meta += ' <span class="badge">added by hand</span>'
    if claim.corrected_fields:
        fields = ", ".join(labels.words(name) for name in claim.corrected_fields)
        meta += f' <span class="corrected">corrected: {escape(fields)}</span>'
    if row.parts_sum:
        kind = "sum-ok" if row.sum_ok else "sum-bad"
        meta += f' <span class="sum {kind}">{escape(row.parts_sum)}</span>'
    part = '<span class="part-of">part: </span>' if row.depth else ""
    return (
        f'<li class="claim-row status-{escape(claim.status)} depth-{min(row.depth, 3)}" '
        f'id="row-{claim.ordinal}" data-id="{claim.pk}" data-ordinal="{claim.ordinal}" '
        f'data-edit-url="{escape(row.edit_url)}" tabindex="-1">'
        f'<label class="pick"><input type="checkbox" class="select" value="{claim.pk}" '
        f'aria-label="select claim {claim.ordinal}"></label><div class="claim-body">'
        f'<p class="claim-sentence">{part}<a href="#claim-{claim.ordinal}">'
        f"{escape(row.sentence)}</a></p>"
        f'<p class="claim-meta">{meta}</p>{_why(row)}</div></li>\n'
    )


def review_list(rows: Sequence[ReviewRow]) -> SafeString:
    """The ``<li>`` of every row, in order (every value escaped)."""
    return mark_safe("".join(_row(row) for row in rows))


def total_options(rows: Sequence[ReviewRow]) -> SafeString:
    """The ``<option>`` of every claim, for choosing the total of a bulk "make parts"."""
    return mark_safe(
        "".join(
            f'<option value="{row.claim.pk}">[{row.claim.ordinal}] {escape(row.sentence)}</option>'
            for row in rows
        )
    )
