"""Speed of reading a scanned page by OCR (Tesseract), as the task worker reads one.

    uv run python bench/ocr_speed.py [--runs 5]

The page is drawn here: an A4 page at 300 dpi of typed prose (DejaVu Sans, 10 points, 40 lines
of a statement with figures), saved as an image-only PDF, as a scanner writes it. Each run
reads the whole PDF with `ocr.read_by_ocr` (render the page, Tesseract, text assembly), so
the figure is what a user waits per page. Printed: the median seconds per page and pages per
second over the runs (wall clock), and the median CPU seconds per page of this process and
Tesseract together (less sensitive to other work on the machine), for English with English
only, with English and Russian, and with the default languages (OMBUDS_OCR_LANGUAGES), and
Russian with the default languages; and the machine's load average.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from PIL import Image, ImageDraw, ImageFont

from ombuds.sources.ocr import DEFAULT_LANGUAGES, read_by_ocr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ENGLISH = [
    "Between 1 January and 30 June 2024, the Office recorded at least 45 civilians",
    "killed and 120 injured in the districts along the line of contact. Among the",
    "dead were 9 children and 14 women; 31 of the injured were older persons.",
    "Shelling damaged 17 schools, 4 hospitals and more than 600 houses, and 2,300",
    "people left their homes in the first week of March alone. The Office has",
    "received 212 complaints from families of missing persons since the start of",
    "the year and forwarded each of them to the competent bodies for an answer.",
    "Mine action teams cleared 812 hectares and destroyed 1,450 explosive items.",
]
RUSSIAN = [
    "С 1 января по 30 июня 2024 года Офис зарегистрировал не менее 45 погибших",
    "и 120 раненых мирных жителей в районах вдоль линии соприкосновения. Среди",
    "погибших 9 детей и 14 женщин; 31 из раненых — люди пожилого возраста.",
    "Обстрелы повредили 17 школ, 4 больницы и более 600 домов, и 2300 человек",
    "покинули свои дома только за первую неделю марта. Офис получил 212 жалоб",
    "от семей пропавших без вести с начала года и направил каждую из них в",
    "компетентные органы для ответа. Группы разминирования очистили 812 гектаров",
    "и уничтожили 1450 взрывоопасных предметов в течение отчётного периода.",
]


def scanned_page(lines: list[str]) -> bytes:
    """An image-only PDF of one A4 page at 300 dpi holding 40 lines of ``lines`` repeated."""
    font = ImageFont.truetype(FONT, 42)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for n in range(40):
        draw.text((180, 240 + n * 75), lines[n % len(lines)], font=font, fill=0)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=300)
    return out.getvalue()


def cpu_seconds() -> float:
    """CPU time used so far by this process and the Tesseract processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def seconds_per_page(data: bytes, languages: str, runs: int) -> tuple[float, float, float]:
    """The median wall and CPU seconds one run took, and the mean word confidence read."""
    wall, cpu = [], []
    confidence = 0.0
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), cpu_seconds()
        read = read_by_ocr(data, kind="pdf", name="bench.pdf", languages=languages)
        wall.append(time.perf_counter() - began)
        cpu.append(cpu_seconds() - began_cpu)
        confidence = read.confidence
    return statistics.median(wall), statistics.median(cpu), confidence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per case (the median is shown)")
    args = parser.parse_args()
    english, russian = scanned_page(ENGLISH), scanned_page(RUSSIAN)
    cases = [
        ("English page, eng", english, "eng"),
        ("English page, eng+rus", english, "eng+rus"),
        (f"English page, {DEFAULT_LANGUAGES}", english, DEFAULT_LANGUAGES),
        (f"Russian page, {DEFAULT_LANGUAGES}", russian, DEFAULT_LANGUAGES),
    ]
    print(f"OCR of one A4 page at 300 dpi, 40 lines; median of {args.runs} runs")
    for label, data, languages in cases:
        seconds, cpu, confidence = seconds_per_page(data, languages, args.runs)
        print(
            f"{label:<38} {seconds:5.2f} s/page {1 / seconds:5.2f} pages/s  "
            f"CPU {cpu:5.2f} s/page  confidence {confidence:.0f}%"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
