"""Documents written for the project's tests (never copies of real documents)."""

from __future__ import annotations

import io
import zipfile

REPORT = (
    "Statement of the Office of the Ombudsperson of the Republic of Examplia, 3 March 2022.\n\n"
    "Since the shelling began on 1 February 2022, 41 civilians were killed, including "
    "7 children, and 130 civilians were injured.\n\n"
    "More than 600 houses and 25 schools were destroyed.\n"
)

REPORT_TWO = (
    "Update by the Examplia Mine Action Centre.\n\n"
    "In 2021, 19 people were killed by landmines and 44 people were injured.\n"
)


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF showing ``text`` (one line per line), written with WeasyPrint."""
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    result = HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()
    assert result is not None
    return bytes(result)


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_bytes(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return (
        "<!doctype html><html><head><title>Examplia statement</title></head><body>"
        f"<article><h1>Examplia statement</h1>{paragraphs}</article></body></html>"
    ).encode()


def zip_bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document.xml inflates to far more than it weighs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:t>" + b"0" * (300 * 1024 * 1024) + b"</w:t>")
    return out.getvalue()


def entity_bomb_docx() -> bytes:
    """A DOCX whose document.xml declares nested entities ("billion laughs") and uses them."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(REPORT)))
    body = good.read("word/document.xml").decode()
    entities = '<!ENTITY a "laugh laugh laugh">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    prolog, rest = body.split("?>", 1)
    body = f"{prolog}?><!DOCTYPE w:document [{entities}]>" + rest.replace("Since", "&j; Since", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in good.infolist():
            archive.writestr(
                info, body if info.filename == "word/document.xml" else good.read(info)
            )
    return out.getvalue()


def pdf_with_undecodable_page() -> bytes:
    """A PDF whose page content stream (compressed) is overwritten with zero bytes."""
    import re

    data = pdf_bytes(REPORT)
    match = re.search(rb"(?<!end)stream\r?\n", data)
    assert match is not None
    start = match.end()
    end = data.index(b"endstream", start)
    return data[:start] + b"\0" * (end - start) + data[end:]
