"""A demand's history on the demands overview, written in Python: a page holds 50 demands, each
with every appeal it went through and every status change, and a template loop per step costs
more than the rest of the page. Every text is escaped here."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _step(step: dict[str, Any]) -> SafeString:
    if step["kind"] == "carried":
        return format_html("carried into {} as {}", step["reference"], step["status"])
    change = format_html("{} → {}", step["from"], step["to"]) if step["to"] else "evidence"
    evidence = format_html(": {}", step["evidence"]) if step["evidence"] else ""
    return format_html(
        '<time datetime="{}">{}</time> {}: {} ({}){}',
        step["at"].isoformat(),
        step["at"].strftime("%Y-%m-%d %H:%M"),
        step["by"],
        change,
        step["reference"],
        evidence,
    )


@register.filter
def demand_history(story: list[dict[str, Any]]) -> SafeString:
    """The steps as an ordered list, oldest first; "no change recorded" without any."""
    if not story:
        return SafeString("no change recorded")
    items = format_html_join("", "<li>{}</li>", ((_step(step),) for step in story))
    return format_html('<ol class="history">{}</ol>', items)
