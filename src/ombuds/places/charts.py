"""Server-rendered charts: samples of one parameter over time against the reference value.

Written by hand as inline SVG (a line and points on two axes) because it is a few lines and
needs no JavaScript, no network and no image files; matplotlib would add a raster or a large
SVG for the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape

WIDTH, HEIGHT, PAD = 560, 200, 44


def sample_chart(samples: Sequence[Any]) -> str:
    """An SVG of the samples' values by date, with the reference value as a dashed line."""
    if not samples:
        return ""
    days = [s.sampled_on.toordinal() for s in samples]
    values = [s.value for s in samples]
    refs = [s.reference_value for s in samples if s.reference_value is not None]
    top = max([*values, *refs]) * 1.1 or 1.0
    first, last = min(days), max(days)
    span = (last - first) or 1

    def x(day: int) -> float:
        return PAD + (day - first) / span * (WIDTH - 2 * PAD) if last != first else WIDTH / 2

    def y(value: float) -> float:
        return HEIGHT - PAD + 10 - value / top * (HEIGHT - PAD - 10)

    unit = escape(samples[0].unit)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" aria-label="{escape(samples[0].parameter)} over time">',
        f'<line x1="{PAD}" y1="{y(0):.1f}" x2="{WIDTH - PAD}" y2="{y(0):.1f}" stroke="#555"/>',
        f'<line x1="{PAD}" y1="10" x2="{PAD}" y2="{y(0):.1f}" stroke="#555"/>',
        f'<text x="4" y="16" font-size="11">{top:.3g} {unit}</text>',
        f'<text x="4" y="{y(0):.1f}" font-size="11">0</text>',
        f'<text x="{PAD}" y="{HEIGHT - 4}" font-size="11">{samples[0].sampled_on}</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 4}" font-size="11" text-anchor="end">'
        f"{samples[-1].sampled_on}</text>",
    ]
    if refs:
        ref = refs[-1]
        standard = escape(next((s.reference_standard for s in samples if s.reference_standard), ""))
        parts.append(
            f'<line class="reference" x1="{PAD}" y1="{y(ref):.1f}" x2="{WIDTH - PAD}" '
            f'y2="{y(ref):.1f}" stroke="#b00" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - PAD}" y="{y(ref) - 4:.1f}" font-size="11" fill="#b00" '
            f'text-anchor="end">reference {ref:g} {unit} {standard}</text>'
        )
    points = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in zip(days, values, strict=True))
    parts.append(f'<polyline fill="none" stroke="#1f4e79" stroke-width="2" points="{points}"/>')
    for sample, d, v in zip(samples, days, values, strict=True):
        colour = "#b00" if sample.exceeds else "#1f4e79"
        parts.append(
            f'<circle class="sample" cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}">'
            f"<title>{sample.sampled_on}: {v:g} {unit}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
