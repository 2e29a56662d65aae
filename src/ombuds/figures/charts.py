"""The chart of a figure's values over time, one line per publisher, as inline SVG.

Drawn by hand rather than with matplotlib: the chart is a few lines and dots, and importing
matplotlib in a web worker costs about a second and a large SVG with embedded glyphs; this
module needs neither and nothing from the network. Text is escaped; colours come from a fixed
palette that stays legible in print.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ombuds.figures.checks import number

PALETTE = ("#1f5f99", "#b3541e", "#2e7d32", "#7b1fa2", "#c62828", "#00838f", "#5d4037")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 180, 20, 40


@dataclass(frozen=True)
class Point:
    """One value at one date, said by one publisher (qualifier and link for the dot)."""

    date: dt.date
    value: float
    publisher: str
    qualifier: str = "exact"
    url: str = ""


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    first = (low // step) * step
    ticks = []
    value = first
    while value <= high + step / 2:
        if value >= low - step / 2:
            ticks.append(value)
        value += step
    return ticks


def render_chart(points: Sequence[Point], *, title: str) -> str:
    """An SVG element charting ``points``; a short note when there is nothing to draw."""
    if not points:
        return '<p class="muted">No dated values to chart.</p>'
    dates = [p.date.toordinal() for p in points]
    values = [p.value for p in points]
    x_low, x_high = min(dates), max(dates)
    if x_low == x_high:
        x_low, x_high = x_low - 30, x_high + 30
    y_low = 0.0
    y_high = max(values) * 1.1 or 1.0
    ticks = _ticks(y_low, y_high)
    y_high = max(y_high, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return LEFT + (day - x_low) / (x_high - x_low) * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - (value - y_low) / (y_high - y_low) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#555"/>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(number(tick))}</text>"
        )
    for day in sorted({x_low, x_high, *dates})[:: max(1, len(set(dates)) // 6)]:
        label = dt.date.fromordinal(day).isoformat()
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11">{label}</text>'
        )
    by_publisher: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        by_publisher[point.publisher or "unnamed source"].append(point)
    for index, (publisher, members) in enumerate(sorted(by_publisher.items())):
        colour = PALETTE[index % len(PALETTE)]
        members.sort(key=lambda p: p.date)
        if len(members) > 1:
            path = " ".join(f"{x(p.date.toordinal()):.1f},{y(p.value):.1f}" for p in members)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for point in members:
            hollow = point.qualifier != "exact"
            dot = (
                f'<circle cx="{x(point.date.toordinal()):.1f}" cy="{y(point.value):.1f}" r="4" '
                f'fill="{"white" if hollow else colour}" stroke="{colour}" stroke-width="2">'
                f"<title>{escape(publisher)}, {point.date.isoformat()}: "
                f"{escape(number(point.value))} ({escape(point.qualifier)})</title></circle>"
            )
            if point.url:
                dot = f'<a href="{escape(point.url)}">{dot}</a>'
            parts.append(dot)
        legend_y = TOP + 14 + index * 18
        name = publisher if len(publisher) <= 24 else publisher[:23] + "…"
        parts.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{colour}"/><text x="{WIDTH - RIGHT + 28}" y="{legend_y}" font-size="11">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


SPARK_W, SPARK_H, SPARK_PAD = 96, 24, 3


def sparkline(points: Sequence[tuple[dt.date, float]], *, title: str) -> str:
    """A small SVG line of a figure's series (each end's value), the last point marked;
    "" for fewer than two points. Its scale starts at zero, as the chart's does, so a small
    change looks small."""
    if len(points) < 2:
        return ""
    points = sorted(points)
    days = [p[0].toordinal() for p in points]
    high = max(p[1] for p in points) or 1.0
    span = (days[-1] - days[0]) or 1

    def x(day: int) -> float:
        return SPARK_PAD + (day - days[0]) / span * (SPARK_W - 2 * SPARK_PAD)

    def y(value: float) -> float:
        return SPARK_H - SPARK_PAD - value / high * (SPARK_H - 2 * SPARK_PAD)

    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, (_when, v) in zip(days, points, strict=True))
    first, last = points[0], points[-1]
    label = (
        f"{title}: {number(first[1])} on {first[0].isoformat()} to {number(last[1])} on "
        f"{last[0].isoformat()}, {len(points)} points"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" role="img" '
        f'viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
        f'<circle cx="{x(days[-1]):.1f}" cy="{y(last[1]):.1f}" r="2.5" fill="{PALETTE[0]}"/>'
        "</svg>"
    )
