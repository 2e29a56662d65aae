"""OCR without the database: Tesseract's answer made into text, pictures checked before OCR."""

from __future__ import annotations

import json
import struct
import zlib

import pytest

from ombuds.sources.ocr import OcrLine, assemble_text, check_languages, parse_tsv, read_by_ocr
from ombuds.sources.reading import (
    DocumentTooLarge,
    OcrFailed,
    OcrUnavailable,
    UnreadableDocument,
    read_document,
)
from tests.sources.scans import page, picture

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv(*words: tuple[int, int, int, str, float]) -> str:
    """Tesseract's TSV for words given as (block, paragraph, line, text, confidence)."""
    rows = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t"]
    for n, (block, par, line, text, conf) in enumerate(words, start=1):
        rows.append(f"4\t1\t{block}\t{par}\t{line}\t0\t200\t{100 * line}\t900\t40\t-1\t")
        rows.append(
            f"5\t1\t{block}\t{par}\t{line}\t{n}\t{200 + n}\t{100 * line}\t80\t40\t{conf}\t{text}"
        )
    return "\n".join(rows) + "\n"


def line(text: str, paragraph: tuple[int, int] = (1, 1)) -> OcrLine:
    return OcrLine(text, paragraph=paragraph)


def test_words_become_lines_and_their_confidences_are_kept() -> None:
    lines, confidences = parse_tsv(
        tsv(
            (1, 1, 1, "At", 96.5),
            (1, 1, 1, "least", 95.0),
            (1, 1, 2, "45", 91.25),
            (2, 1, 1, "Next", 90.0),
            (2, 1, 1, " ", -1),  # a space Tesseract reports with no confidence
        )
    )

    assert [(ln.text, ln.paragraph) for ln in lines] == [
        ("At least", (1, 1)),
        ("45", (1, 1)),
        ("Next", (2, 1)),
    ]
    assert confidences == [96.5, 95.0, 91.25, 90.0]


def test_paragraphs_page_breaks_running_lines_and_hyphens() -> None:
    first = [
        line("Office of the Examplia Ombudsperson", (1, 1)),
        line("At least 45 civilians were killed and 120", (2, 1)),
        line("injured; 300 families were dis-", (2, 1)),
        line("placed.", (2, 1)),
        line("The shelling went on for a", (3, 1)),
        line("Page 1 of 2", (4, 1)),
    ]
    second = [
        line("Office of the Examplia Ombudsperson", (1, 1)),
        line("week, and 17 schools were damaged.", (2, 1)),
        line("Page 2 of 2", (3, 1)),
    ]

    text = assemble_text([first, second])

    assert text == (
        "At least 45 civilians were killed and 120\n"
        "injured; 300 families were displaced.\n\n"
        "The shelling went on for a\n"
        "week, and 17 schools were damaged."
    )


def test_a_sentence_ended_at_a_page_break_starts_a_paragraph() -> None:
    text = assemble_text([[line("The first page ends here.")], [line("A new one starts.")]])
    assert text == "The first page ends here.\n\nA new one starts."


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00"))


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(DocumentTooLarge, match=r"too large to read.*scan it at 300 dpi"):
        read_document(_png_header_only(12_000, 9_000), filename="huge.png")


def test_a_file_named_like_a_picture_that_is_none_says_so() -> None:
    with pytest.raises(UnreadableDocument, match=r"not a PNG, JPEG or TIFF picture"):
        read_document(b"GIF89a and some bytes that are no picture at all", filename="x.png")


def test_a_picture_is_recognised_by_its_bytes_whatever_its_name() -> None:
    data = picture(page([["45 killed"]], size=(600, 300)), "JPEG")
    read = read_document(data, filename="letter.txt")
    assert (read.kind, read.pages, read.needs_ocr, read.text) == ("jpeg", 1, True, "")


def test_languages_must_be_written_as_tesseract_names_them() -> None:
    with pytest.raises(OcrUnavailable, match=r"codes joined by '\+', e.g. eng\+rus"):
        check_languages("english, russian")
    with pytest.raises(OcrUnavailable, match=r"install tesseract-ocr-aze-cyrl-xx"):
        check_languages("eng+aze_cyrl_xx")
    check_languages("eng+rus+aze+aze_cyrl+ukr+hye")  # what `make ocr` installs


def test_a_blank_page_is_a_failure_that_says_what_to_do() -> None:
    blank = picture(page([], size=(1240, 900)), "PNG")
    with pytest.raises(OcrFailed, match=r"found no text on its 1 page\(s\).*300 dpi"):
        read_by_ocr(blank, kind="png", name="blank.png", languages="eng")


def test_ombuds_extract_reads_a_scan_by_ocr(tmp_path) -> None:
    from click.testing import CliRunner

    from ombuds.claims.extract_command import extract

    scan = tmp_path / "scan.png"
    lines = ["At least 45 civilians were killed and 120 injured in 2024."]
    scan.write_bytes(picture(page([lines], size=(2480, 400)), "PNG"))

    result = CliRunner().invoke(extract, [str(scan), "--ocr-languages", "eng"])

    assert result.exit_code == 0, result.output
    claims = [json.loads(row) for row in result.stdout.splitlines()]
    assert {(c["measure"], c["value"]) for c in claims} >= {("killed", 45), ("injured", 120)}
