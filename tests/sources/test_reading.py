"""read_document: text, HTML, PDF and DOCX; encodings; the errors for bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from ombuds.sources.reading import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    ReadError,
    SuspiciousArchive,
    UnreadableDocument,
    read_document,
)


def test_utf8_text_equals_read_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("One\r\nTwo\rThree\n\u00ab\u00bb 5 ﬂed".encode())
    result = read_document(path)
    assert result.text == path.read_text(errors="replace")
    assert (result.kind, result.encoding) == ("text", "utf-8")


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Report\n\n14 houses were destroyed.\n")
    assert read_document(path).kind == "markdown"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "cp1251",
            "Омбудсмен сообщил, что 14 мирных жителей погибли и 20 были ранены."
            " Дома разрушены, люди покинули свои дома из-за обстрелов.",
        ),
        (
            "latin-1",
            "Le Défenseur des droits a reçu 312 réclamations; l'équipe a visité "
            "les communes touchées à côté de la frontière.",
        ),
    ],
)
def test_legacy_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    result = read_document(path)
    assert result.text == text
    assert result.encoding is not None


def test_html(tmp_path: Path) -> None:
    html = (
        "<html><head><title>t</title><script>var x = 1;</script></head><body><nav>Menu</nav>"
        "<article><h1>Update</h1><p>On Monday, 23 civilians were injured in the city, the "
        "regional administration said in a statement published on its website.</p>"
        "<p>Rescue teams worked through the night.</p></article></body></html>"
    )
    path = tmp_path / "a.html"
    path.write_text(html)
    result = read_document(path)
    assert result.kind == "html"
    assert "23 civilians were injured" in result.text
    assert "var x" not in result.text


def _pdf_with_text(line: str) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 10 Tf 20 100 Td ({line}) Tj ET".encode())
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(stream)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(_pdf_with_text("In 2023, 48 deminers were injured."))
    result = read_document(path)
    assert result.kind == "pdf"
    assert "48 deminers were injured" in result.text


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "b.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    with pytest.raises((CorruptDocument, EmptyDocument)):
        read_document(path)


def test_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Statement of the Ombudsman")
    document.add_paragraph("Since 2020, 75 schools were damaged.")
    path = tmp_path / "a.docx"
    document.save(str(path))
    result = read_document(path)
    assert result.kind == "docx"
    assert "75 schools were damaged" in result.text


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(SuspiciousArchive, match="zip bomb"):
        read_document(path)


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "c.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CorruptDocument):
        read_document(path)


def test_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(EmptyDocument, match="empty"):
        read_document(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(UnreadableDocument, match="binary"):
        read_document(path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(DocumentTooLarge, match="limit"):
        read_document(path, max_bytes=1000)


def test_bytes_input_and_hierarchy() -> None:
    assert read_document(b"9 civilians were killed.", filename="n.txt").text.startswith("9")
    assert issubclass(SuspiciousArchive, ReadError)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="check the path"):
        read_document(tmp_path / "nothing.txt")


def test_stray_bytes_in_utf8_are_replaced_like_read_text(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    body = "Since 2020, 61 civilians were killed. " * 40
    path.write_bytes(body.encode() + b"\x97 end\r\n")
    assert read_document(path).text == path.read_text(errors="replace")
