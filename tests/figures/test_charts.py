"""The chart is plain SVG drawn on the server: escaped text, one colour per publisher."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ombuds.figures.charts import Point, render_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_the_chart_is_valid_svg_with_a_line_per_publisher_and_escaped_names():
    points = [
        Point(dt.date(2021, 9, 21), 3890, "Trend <news> & co", url="/sources/x/#claim-8"),
        Point(dt.date(2023, 1, 25), 3890, "Ombudsman"),
        Point(dt.date(2023, 6, 1), 4000, "Ombudsman", qualifier="approx"),
    ]
    svg = render_chart(points, title="missing · people")
    root = ET.fromstring(svg)  # well-formed, so every name was escaped
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}polyline")) == 1  # only the publisher with two points
    circles = root.iter(f"{SVG}circle")
    fills = sorted(c.get("fill") for c in circles)
    assert fills.count("white") == 1  # the approximate value is a hollow dot
    assert "Trend &lt;news&gt; &amp; co" in svg
    assert 'href="/sources/x/#claim-8"' in svg
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_no_points_gives_a_note_not_an_empty_chart():
    assert "No dated values" in render_chart([], title="nothing")
