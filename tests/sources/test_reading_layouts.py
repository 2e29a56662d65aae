"""Real-world layouts read as clean prose: one content gives the same claims in every format.

Each test builds a document the way institutions publish them (a paginated PDF report with
running headers, footnotes, columns, a table and hyphenation; a news page wrapped in menus,
banners and related links; a Word statement with headers, footers and a table), reads it with
`read_document`, and compares the claims the engine finds with the claims it finds in the same
content written as plain text: paragraphs separated by blank lines, list items "- item", table
rows "| cell | cell |", footnotes at the end. The documents are invented; nobody in them is real.
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from ombuds.claims.engine import extract
from ombuds.sources.hyphenation import join_hyphenated
from ombuds.sources.pdf_reading import Line, clean_pdf_text
from ombuds.sources.reading import (
    PasswordProtected,
    read_document,
)

Key = tuple[str, str, float, str]

FILLER = (
    "The monitoring teams travelled to the affected communities, met local authorities and "
    "collected testimonies from residents about access to water, electricity and schooling. "
)
TITLE = "Protection of civilians in the eastern districts"
# {n} marks a footnote reference; {^2} a real superscript (square metres).
P_CASUALTIES = (
    "Since 1 January 2024, the mine action centre has recorded 143 civilian casualties from "
    "landmines and explosive remnants of war, including 37 children.{1}"
)
P_HOUSES = (
    "During the reporting period, 3,410 houses{3} and 120 apartment buildings were damaged by "
    "shelling in the eastern districts."
)
# split across a page break in the PDF, after "were"
P_DISPLACED_HEAD = "More than 12,500 people were"
P_DISPLACED_TAIL = (
    "displaced from the border villages, and at least 48 civilians{12} were killed in the "
    "same weeks."
)
P_MINES = (
    "Deminers cleared 2,350 ha of agricultural land and found 1,870 anti-personnel mines in "
    "the ﬁelds, where 1,200 residents had ﬂed."
)
P_MISSING = (
    "The office confirmed that 214 people remain missing and that 61 detainees were "
    "ill-treated in custody."
)
TABLE = [["District", "Killed", "Injured"], ["North", "12", "30"], ["South", "7", "19"]]
CAPTION = "Table 1. Civilian casualties by district"
ITEMS = ["42 schools were damaged", "17 hospitals were damaged"]
NOTES = [
    "Field monitoring by the office, March 2024.",
    "Another 9 civilians were injured after the reporting period closed.",
]


def keys(text: str) -> list[Key]:
    return [(c.measure, c.subject, c.value, c.unit) for c in extract(text)]


def plain(paragraph: str) -> str:
    """A paragraph as plain text: footnote marks out, real superscripts as digits."""
    return re.sub(r"\{\^(\d)\}", r"\1", re.sub(r"\{\d+\}", "", paragraph))


def plain_report() -> str:
    rows = "\n".join("| " + " | ".join(row) + " |" for row in TABLE)
    return "\n\n".join(
        [
            TITLE,
            plain(f"{FILLER}{P_CASUALTIES} {FILLER}"),
            plain(f"{FILLER * 2}{P_HOUSES}"),
            plain(f"{FILLER}{P_DISPLACED_HEAD} {P_DISPLACED_TAIL} {FILLER}"),
            plain(f"{FILLER}{P_MINES} {FILLER}{P_MISSING}"),
            CAPTION,
            rows,
            "\n".join(f"- {item}" for item in ITEMS),
            FILLER.strip(),
            *NOTES,
        ]
    )


def test_the_plain_report_has_the_claims_the_layouts_must_keep() -> None:
    found = keys(plain_report())
    for claim in [
        ("casualties", "civilians", 143.0, "count"),
        ("casualties", "children", 37.0, "count"),
        ("damaged", "houses", 3410.0, "count"),
        ("displaced", "people", 12500.0, "count"),
        ("killed", "civilians", 48.0, "count"),
        ("cleared", "land", 2350.0, "ha"),
        ("found", "anti_personnel_mines", 1870.0, "count"),
        ("ill_treated", "people", 61.0, "count"),
        ("damaged", "schools", 42.0, "count"),
        ("injured", "civilians", 9.0, "count"),
    ]:
        assert claim in found


# --- PDF ---------------------------------------------------------------------------------

PDF_CSS = """
@page {
  size: A5; margin: 22mm 16mm 24mm;
  @top-center { content: "Office of the Regional Ombudsman \\2014 Quarterly report"; font-size: 7pt; }
  @bottom-left { content: "QR/2024/2"; font-size: 7pt; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; }
}
body { font-family: "DejaVu Serif"; font-size: 10pt; line-height: 1.3;
       text-align: justify; hyphens: auto; }
h1 { font-size: 15pt; text-align: left; }
p { margin: 0 0 8pt; orphans: 1; widows: 1; }
.cols { columns: 2; column-gap: 8mm; }
.newpage { break-before: page; }
.note { float: footnote; font-size: 7pt; text-align: left; }
::footnote-call { font-size: 6pt; vertical-align: super; }
sup { font-size: 6pt; vertical-align: super; line-height: 0; }
table { border-collapse: collapse; margin: 6pt 0; }
td, th { border: 0.5pt solid black; padding: 2pt 8pt; }
"""


def pdf_html(paragraph: str) -> str:
    """Footnote 1 and 2 are real footnotes at the foot of the page; others are bare marks."""

    def mark(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n <= len(NOTES):
            return f'<span class="note">{NOTES[n - 1]}</span>'
        return f"<sup>{n}</sup>"

    return re.sub(r"\{\^(\d)\}", r"<sup>\1</sup>", re.sub(r"\{(\d+)\}", mark, paragraph))


def report_pdf() -> bytes:
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in TABLE)
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    # The sentence on displacement is cut by a page break: its head ends page 1 and its tail
    # opens page 2, with a footnote and the running header and footer drawn in between.
    body = f"""
    <h1>{TITLE}</h1>
    <p>{FILLER}{pdf_html(P_CASUALTIES)} {FILLER}</p>
    <p>{FILLER * 2}{pdf_html(P_HOUSES)}</p>
    <p>{FILLER}{pdf_html(P_DISPLACED_HEAD)}</p>
    <p class="newpage">{pdf_html(P_DISPLACED_TAIL).replace("were killed", 'were killed<span class="note">' + NOTES[1] + "</span>")} {FILLER}</p>
    <div class="cols"><p>{FILLER}{pdf_html(P_MINES)} {FILLER}{pdf_html(P_MISSING)}</p></div>
    <p>{CAPTION}</p>
    <table>{rows}</table>
    <ul>{items}</ul>
    <p>{FILLER}</p>
    """
    html = f"<html lang='en'><head><style>{PDF_CSS}</style></head><body>{body}</body></html>"
    data = HTML(string=html).write_pdf()
    assert data is not None
    return bytes(data)


@pytest.fixture(scope="module")
def report() -> bytes:
    return report_pdf()


def test_the_pdf_fixture_has_the_damage_a_raw_reader_sees(report: bytes) -> None:
    """The premise: pypdf alone gives running lines, glued marks, hyphens and split pages."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(report)).pages]
    raw = "\n".join(pages)
    assert len(pages) >= 2
    assert all("Quarterly report" in page and "QR/2024/2" in page for page in pages)
    assert "houses3" in raw
    assert "civilians12" in raw
    assert re.search(r"[a-z]\u2010\n[a-z]", raw)  # hyphenation at line ends
    # the page breaks inside the sentence, with a footnote and the footer in between
    assert pages[0].split("\n")[-4:-2] == ["12,500 people were", f"1. {NOTES[0]}"]
    assert pages[0].rstrip().endswith(f"Page 1 of {len(pages)}")
    assert pages[1].startswith("displaced from")
    assert "District Killed Injured" in raw  # table cells glued by single spaces
    assert "ﬁelds" in raw  # a ligature character
    assert keys(raw) != keys(plain_report())


def test_pdf_report_gives_the_claims_of_its_plain_text(report: bytes) -> None:
    result = read_document(report, filename="report.pdf")
    assert result.kind == "pdf"
    assert keys(result.text) == keys(plain_report())


def test_pdf_report_text_is_clean_prose(report: bytes) -> None:
    text = read_document(report, filename="report.pdf").text
    flat = " ".join(text.split())
    # running header and footer, page numbers
    assert "Quarterly report" not in text
    assert "QR/2024/2" not in text
    assert not re.search(r"Page \d+ of \d+", text)
    # footnote marks and hyphenation
    assert "3,410 houses and 120" in flat
    assert "48 civilians were killed in" in flat
    assert "\u2010" not in text
    assert "ill-treated" in flat
    assert "anti-personnel" in flat
    # the sentence cut by the page break is whole again
    assert "12,500 people were\ndisplaced from" in text
    # ligatures
    assert "ﬁ" not in text
    assert "ﬂ" not in text
    assert "the fields, where 1,200 residents had fled" in flat
    # paragraphs (the title wraps on two lines), the table and the list
    assert text.startswith("Protection of civilians in the eastern\ndistricts\n\nThe monitoring")
    assert "| District | Killed | Injured |\n| North | 12 | 30 |\n| South | 7 | 19 |" in text
    assert "• 42 schools were damaged\n• 17 hospitals were damaged" in text
    # footnotes moved after the text, one a paragraph
    assert text.rstrip().endswith(NOTES[1])
    for n, note in enumerate(NOTES, start=1):
        assert f"\n\n{n}. {note}" in text


def test_pdf_spans_point_into_the_text_as_read(report: bytes) -> None:
    text = read_document(report, filename="report.pdf").text
    claims = extract(text)
    assert claims
    for claim in claims:
        assert text[claim.span[0] : claim.span[1]] == claim.quote


def test_columns_drawn_line_across_are_read_column_by_column() -> None:
    left = [
        "More than 12,500 people were",
        "displaced from the border",
        "villages in the first week.",
    ]
    right = [
        "Deminers cleared 2,350 ha of",
        "agricultural land and found",
        "1,870 anti-personnel mines.",
    ]
    ops = [
        f"BT /F1 10 Tf 1 0 0 1 {x} {700 - 14 * i} Tm ({line}) Tj ET"
        for i, (a, b) in enumerate(zip(left, right, strict=True))
        for x, line in ((50, a), (320, b))
    ]
    data = _raw_pdf([" ".join(ops)])
    assert "people were Deminers" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    text = read_document(data, filename="columns.pdf").text
    assert text == "\n".join(left) + "\n\n" + "\n".join(right)
    assert ("displaced", "people", 12500.0, "count") in keys(text)
    assert ("found", "anti_personnel_mines", 1870.0, "count") in keys(text)


def test_page_numbers_alone_and_headers_first_are_dropped() -> None:
    # Word draws the header before the text; a bare page number at the foot
    pages = []
    for n, body in enumerate(
        ["At least 48 civilians were killed and", "63 civilians were injured in the attacks."],
        start=1,
    ):
        pages.append(
            f"BT /F1 8 Tf 1 0 0 1 200 760 Tm (Office of the Ombudsman) Tj ET "
            f"BT /F1 11 Tf 1 0 0 1 50 700 Tm ({body}) Tj ET "
            f"BT /F1 8 Tf 1 0 0 1 290 40 Tm ({n}) Tj ET"
        )
    text = read_document(_raw_pdf(pages), filename="two.pdf").text
    assert (
        text == "At least 48 civilians were killed and\n63 civilians were injured in the attacks."
    )
    assert ("injured", "civilians", 63.0, "count") in keys(text)


def test_superscript_after_metres_is_kept_as_a_square() -> None:
    ops = (
        "BT /F1 10 Tf 1 0 0 1 50 700 Tm (Deminers cleared 45,000 m) Tj ET "
        "BT /F1 6 Tf 1 0 0 1 176 704 Tm (2) Tj ET "
        "BT /F1 10 Tf 1 0 0 1 180 700 Tm ( of pasture and 12 houses) Tj ET "
        "BT /F1 6 Tf 1 0 0 1 300 704 Tm (7) Tj ET "
        "BT /F1 10 Tf 1 0 0 1 304 700 Tm ( were destroyed.) Tj ET"
    )
    text = " ".join(read_document(_raw_pdf([ops]), filename="m2.pdf").text.split())
    assert "45,000 m2 of pasture" in text
    assert "12 houses were destroyed" in text


@pytest.mark.parametrize(
    ("broken", "joined"),
    [
        ("were dis\u2010\nplaced from", "were displaced from"),
        ("were dis-\nplaced from", "were displaced from"),
        ("were in\u00ad\njured", "were injured"),
        ("were ill-\ntreated in custody", "were ill-treated in custody"),
        ("found anti-person\u2010\nnel mines", "found anti-personnel mines"),
        ("the mine-\nrelated incidents", "the mine-related incidents"),
        ("in 2022-\n2023 the", "in 2022-2023 the"),
        # the document's own spelling decides: "post-war" is written so elsewhere
        ("the post-war years; post-\nwar repairs", "the post-war years; post-war repairs"),
        ("the re-\nport and the report", "the report and the report"),
        ("from Al-\nRaqqa and", "from Al-Raqqa and"),
        # where the producer marks its own hyphens (U+2010), a typed "-" is the word's own
        ("the north-\nwest, pro\u2010\nvinces", "the north-west, provinces"),
        ("the re-\nport, pro\u2010\nvinces", "the re-port, provinces"),
        ("the north-\nwest, pro\u00ad\nvinces", "the north-west, provinces"),
    ],
)
def test_line_end_hyphens(broken: str, joined: str) -> None:
    assert join_hyphenated(broken) == joined


def test_running_lines_need_to_recur() -> None:
    """A line at the top of one page only is text, not a running header."""
    pages = [
        [Line("Statement on the flooding"), Line("In March, 300 houses were damaged.")],
        [Line("Office of the Ombudsman"), Line("Later, 40 schools were damaged.")],
        [Line("Office of the Ombudsman"), Line("Since then, 2 bridges were damaged.")],
    ]
    text = clean_pdf_text(pages)
    assert "Statement on the flooding" in text
    assert "Office of the Ombudsman" not in text


def _raw_pdf(contents: list[str]) -> bytes:
    """A PDF with one page per content stream, Helvetica as /F1."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for content in contents:
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(content.encode())
        page[NameObject("/Contents")] = ArrayObject([writer._add_object(stream)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- PDF: scans and encryption --------------------------------------------------------------


def _png(width: int = 40, height: int = 20) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(
        b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_scanned_pdf_is_returned_for_ocr_with_its_pages() -> None:
    image = base64.b64encode(_png()).decode()
    html = (
        "<html><body>"
        + f'<img src="data:image/png;base64,{image}" style="width: 100%">' * 2
        + "</body></html>"
    )
    data = HTML(string=html).write_pdf()
    assert data is not None
    read = read_document(bytes(data), filename="scan.pdf")
    assert (read.text, read.kind, read.pages, read.needs_ocr) == ("", "pdf", 1, True)


def _encrypted(report: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(report))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_encrypted_with_an_empty_password_is_read(report: bytes) -> None:
    text = read_document(_encrypted(report, ""), filename="locked.pdf").text
    assert keys(text) == keys(plain_report())


def test_a_pdf_that_needs_a_password_is_refused(report: bytes) -> None:
    with pytest.raises(PasswordProtected, match="password"):
        read_document(_encrypted(report, "secret"), filename="locked.pdf")


# --- HTML news pages ----------------------------------------------------------------------

ARTICLE = [
    "Shelling damages thousands of homes in the east",
    "KYIV, 3 March 2024 — During the reporting period, 3,410 houses and 120 apartment "
    "buildings were damaged by shelling in the eastern districts, the regional ombudsman's "
    "office said on Sunday.",
    "More than 12,500 people were displaced from the border villages, and at least 48 "
    "civilians were killed in the same weeks, according to the office, which said the "
    "figures were still being checked.",
    "The office also listed the damage to public buildings:",
]
ARTICLE_END = (
    "Deminers cleared 2,350 ha of agricultural land and found 1,870 anti-personnel mines in "
    "the fields, the mine action centre added in a separate statement."
)


def news_page() -> str:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE[1:])
    head = "".join(f"<th>{c}</th>" for c in TABLE[0])
    related = "".join(
        f'<li><a href="/news/{n}">{title}</a> <span class="count">{n}</span></li>'
        for n, title in [
            (1, "Floods leave 300 families homeless in the south"),
            (2, "Storm: 14 people injured as roofs collapse"),
            (3, "Aid convoy reaches 5 villages cut off by snow"),
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{ARTICLE[0]} | Example News</title>
<script>window.dataLayer = [{{"event": "pageview", "id": 45123}}];</script></head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience.
 <button>Accept all cookies</button> <button>Manage settings</button></p></div>
<header><a class="logo" href="/">Example News</a>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/europe">Europe</a></li><li><a href="/live">Live: 24 hours</a></li></ul></nav></header>
<nav class="breadcrumbs" aria-label="breadcrumb"><a href="/">Home</a> &gt; <a href="/world">World</a>
 &gt; <a href="/europe">Europe</a></nav>
<main><article>
<h1>{ARTICLE[0]}</h1>
<div class="byline">By a staff reporter · <time datetime="2024-03-03">3 March 2024</time></div>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
 <a href="#">Email</a></div>
<p>{ARTICLE[1]}</p>
<p>{ARTICLE[2]}</p>
<p>{ARTICLE[3]}</p>
<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul>
<table><caption>{CAPTION}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<p>{ARTICLE_END}</p>
</article>
<aside class="related"><h2>Related articles</h2><ol>{related}</ol></aside>
<section class="newsletter"><h2>Newsletter</h2><p>Get the 5 most read stories every morning.</p></section>
</main>
<footer><p>© 2024 Example News. All rights reserved.</p><ul><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body></html>"""


def plain_article() -> str:
    rows = "\n".join("| " + " | ".join(row) + " |" for row in TABLE)
    return "\n\n".join(
        [*ARTICLE, "\n".join(f"- {item}" for item in ITEMS), CAPTION, rows, ARTICLE_END]
    )


def test_news_page_gives_the_claims_of_its_article(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(news_page(), encoding="utf-8")
    result = read_document(path)
    assert result.kind == "html"
    assert keys(result.text) == keys(plain_article())
    assert ("displaced", "people", 12500.0, "count") in keys(result.text)


def test_news_page_keeps_the_article_and_drops_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(news_page(), encoding="utf-8")
    text = read_document(path).text
    for junk in [
        "cookies",
        "Manage settings",
        "Live: 24 hours",
        "Europe",
        "Share on",
        "Related articles",
        "300 families",
        "14 people injured",
        "Newsletter",
        "All rights reserved",
        "dataLayer",
    ]:
        assert junk not in text, junk
    # the headline is a paragraph of its own, and every paragraph too
    assert text.startswith(ARTICLE[0] + "\n\n")
    for paragraph in [*ARTICLE[1:], ARTICLE_END]:
        assert f"\n\n{paragraph}" in text
    # list items and table rows are lines
    assert "- 42 schools were damaged\n- 17 hospitals were damaged" in text
    assert "| District | Killed | Injured |\n| North | 12 | 30 |\n| South | 7 | 19 |" in text


def test_html_footnote_marks_go_and_square_metres_stay() -> None:
    html = (
        "<html><body><article><h1>Demining update</h1><p>Deminers cleared 45,000 m<sup>2</sup>"
        ' of pasture and 3,410 houses<sup><a href="#n3">3</a></sup> were damaged, the centre '
        "said in its monthly update on the northern districts.</p><p>The teams will return to "
        "the area in the spring when the ground thaws and the roads reopen.</p></article>"
        "</body></html>"
    )
    text = read_document(html.encode(), filename="update.html").text
    assert "45,000 m2 of pasture and 3,410 houses were damaged" in text


# --- DOCX ---------------------------------------------------------------------------------


def statement_docx() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Office of the Regional Ombudsman — Statement 12/2024"
    section.footer.paragraphs[0].text = "Page 1 of 2 · Tel. +00 123 4567"
    document.add_heading(TITLE, level=1)

    def paragraph(text: str) -> None:
        p = document.add_paragraph()
        for part in re.split(r"(\{\^?\d+\})", text):
            if m := re.fullmatch(r"\{\^?(\d+)\}", part):
                run = p.add_run(m.group(1))
                run.font.superscript = True
            elif part:
                p.add_run(part)

    paragraph(f"{FILLER}{P_CASUALTIES} {FILLER}")
    paragraph(f"{FILLER * 2}{P_HOUSES}")
    head = document.add_paragraph(f"{FILLER}{P_DISPLACED_HEAD} ")
    head.add_run().add_break(WD_BREAK.LINE)  # a manual line break in the sentence
    head.add_run(f"{P_DISPLACED_TAIL} {FILLER}".replace("{12}", ""))
    paragraph(f"{FILLER}{P_MINES} {FILLER}{P_MISSING}")
    document.add_paragraph(CAPTION)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for item in ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(FILLER.strip())
    out = io.BytesIO()
    document.save(out)
    return _with_footnotes(out.getvalue(), NOTES)


def _with_footnotes(data: bytes, notes: list[str]) -> bytes:
    """Adds a footnotes part as Word writes it (separators first)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        f" {note}</w:t></w:r></w:p></w:footnote>"
        for n, note in enumerate(notes, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:footnote>{body}</w:footnotes>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("word/footnotes.xml", xml)
    return out.getvalue()


def plain_statement() -> str:
    rows = "\n".join("| " + " | ".join(row) + " |" for row in TABLE)
    return "\n\n".join(
        [
            TITLE,
            plain(f"{FILLER}{P_CASUALTIES} {FILLER}").strip(),
            plain(f"{FILLER * 2}{P_HOUSES}"),
            plain(f"{FILLER}{P_DISPLACED_HEAD} \n{P_DISPLACED_TAIL} {FILLER}").strip(),
            plain(f"{FILLER}{P_MINES} {FILLER}{P_MISSING}"),
            CAPTION,
            rows,
            "\n".join(f"- {item}" for item in ITEMS),
            FILLER.strip(),
            *NOTES,
        ]
    )


def test_docx_statement_gives_the_claims_of_its_plain_text() -> None:
    result = read_document(statement_docx(), filename="statement.docx")
    assert result.kind == "docx"
    assert keys(result.text) == keys(plain_statement())
    assert result.text == plain_statement().translate({0xFB01: "fi", 0xFB02: "fl"})


def test_docx_statement_text_is_clean() -> None:
    text = read_document(statement_docx(), filename="statement.docx").text
    assert "Office of the Regional Ombudsman" not in text
    assert "Page 1 of 2" not in text
    assert "3,410 houses and 120" in text
    assert "37 children." in text
    assert "children.1" not in text
    # the table stands where it was written, after its caption, one row a line
    assert f"{CAPTION}\n\n| District | Killed | Injured |\n| North | 12 | 30 |" in text
    assert "- 42 schools were damaged\n- 17 hospitals were damaged" in text
    assert text.endswith(NOTES[-1])


def test_docx_merged_cells_and_tracked_insertions() -> None:
    document = docx.Document()
    p = document.add_paragraph("In total, ")
    # a tracked insertion, as Word writes it when changes are tracked
    ins = p._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins",
        {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id": "1"},
    )
    run = p.add_run("61 detainees were ill-treated")
    p._p.remove(run._r)
    ins.append(run._r)
    p._p.append(ins)
    p.add_run(" in custody.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Killed in 2023"
    table.cell(0, 2).text = "Injured"
    table.cell(1, 0).text = "North"
    table.cell(1, 1).text = "12"
    table.cell(1, 2).text = "30"
    out = io.BytesIO()
    document.save(out)
    text = read_document(out.getvalue(), filename="merged.docx").text
    assert text.startswith("In total, 61 detainees were ill-treated in custody.")
    # a cell spanning two columns is written once
    assert "| Killed in 2023 | Injured |\n| North | 12 | 30 |" in text
