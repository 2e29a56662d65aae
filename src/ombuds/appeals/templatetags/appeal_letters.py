"""The letter's body as HTML: its blocks (paragraphs, headings, lists, quotations) of runs with
their marks, each figure with its note mark. Written in Python because the nesting (runs in
marks in list items in lists) reads badly in template tags; every text is escaped here."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
TAGS = {"p": "p", "h2": "h2", "h3": "h3", "li": "li", "blockquote": "blockquote"}


def _segment(segment: dict[str, Any]) -> str:
    if "figure" in segment:
        return format_html(
            '<span class="figure">{}</span><sup class="fn"><a href="#fn{}">{}</a></sup>',
            segment["display"],
            segment["figure"],
            segment["figure"],
        )
    if "error" in segment:
        return format_html('<mark class="ref-error">[no figure: {}]</mark>', segment["error"])
    text = str(conditional_escape(segment.get("text", ""))).replace("\n", "<br>")
    for mark in segment.get("marks", []):
        tag = {"b": "strong", "i": "em"}.get(mark)
        if tag:
            text = f"<{tag}>{text}</{tag}>"
    if segment.get("href"):
        text = str(format_html('<a href="{}">{}</a>', segment["href"], mark_safe(text)))
    return text


@register.filter
def letter_body(doc: dict[str, Any]) -> SafeString:
    """The body's HTML (a copy frozen before blocks were kept: paragraphs only)."""
    kinds = doc.get("blocks") or [{"tag": "p", "listed": ""}] * len(doc["paragraphs"])
    out: list[str] = []
    open_list = ""
    for segments, kind in zip(doc["paragraphs"], kinds, strict=False):
        listed = kind.get("listed", "") if kind.get("tag") == "li" else ""
        if open_list and listed != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if listed and not open_list:
            out.append(f"<{listed}>")
            open_list = listed
        tag = TAGS.get(kind.get("tag", "p"), "p")
        inner = "".join(_segment(s) for s in segments)
        if tag == "blockquote":
            out.append(f"<blockquote><p>{inner}</p></blockquote>")
        else:
            out.append(f"<{tag}>{inner}</{tag}>")
    if open_list:
        out.append(f"</{open_list}>")
    return mark_safe("\n".join(out))  # every text above is escaped


@register.simple_tag
def letter_head(doc: dict[str, Any]) -> dict[str, Any]:
    """The document's letterhead (``office.letterhead_of``) with its logo as a data: URI."""
    from ombuds.appeals.office import letterhead_of, logo_data_uri

    head = letterhead_of(doc)
    head["logo_src"] = logo_data_uri(head["logo"])
    return head
