"""Reading a document's text from plain text, Markdown, HTML, PDF, DOCX or a picture (no Django).

The text of a plain-text file is exactly what ``Path.read_text(errors="replace")`` gives for
UTF-8 files (universal newlines), so offsets computed on it match what graders and the claim
ledger read back. Other encodings are detected with charset-normalizer.

HTML, PDF and DOCX are rendered to the same plain shape, so that one content gives the same
claims in any format: paragraphs separated by a blank line, list items "- item" one a line,
table rows "| cell | cell |" one a line, no running headers, footers, page numbers or footnote
marks. HTML goes through trafilatura (`html_reading`), PDF through pypdf (`pdf_reading`),
DOCX through python-docx (`docx_reading`). The text returned is the text stored: claim spans
point into it.

A PDF with no text layer (a scan) and a picture (PNG, JPEG, TIFF) have no text to take: they
are checked (a picture is decoded) and returned with ``needs_ocr`` and no text, and
`ocr.read_by_ocr` reads their pages with Tesseract, which takes seconds a page (the task
worker does it for an ingest).

Errors::

    ReadError                 any document that cannot be read; the message says what to do
    ├── EmptyDocument         no bytes, or no text once extracted
    ├── UnreadableDocument    binary data that is not a known document format
    ├── DocumentTooLarge      more bytes than the configured maximum, or a picture of more
    │                         pixels than OCR reads
    ├── CorruptDocument       a PDF, DOCX or picture whose structure is broken
    ├── PasswordProtected     a PDF that needs a password to open
    ├── SuspiciousArchive     a DOCX whose zip directory promises too much data (zip bomb)
    └── OcrError              reading pictures of pages went wrong (`ocr`)
        ├── OcrUnavailable    Tesseract, or the data of a language asked for, is not installed
        └── OcrFailed         Tesseract stopped or ran out of time on a page, or read no text

Text that decodes, even damaged (mojibake, glued words, broken lines), is returned, not refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

COMMON_ENCODINGS = (
    "cp1252", "cp1251", "cp1250", "cp1254", "cp1256", "koi8_r", "iso8859_2", "iso8859_9",
    "utf_16", "latin_1",
)  # fmt: skip
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".csv", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


class ReadError(Exception):
    """A document could not be read."""


class EmptyDocument(ReadError):
    """The document has no bytes or no text."""


class PasswordProtected(ReadError):
    """A PDF that cannot be opened without a password."""


class UnreadableDocument(ReadError):
    """The bytes are neither text nor a supported document format."""


class DocumentTooLarge(ReadError):
    """The document is larger than the configured maximum."""


class CorruptDocument(ReadError):
    """A PDF or DOCX file whose structure is broken."""


class SuspiciousArchive(ReadError):
    """A DOCX whose zip directory claims far more data than is safe to unpack."""


class OcrError(ReadError):
    """Reading the pictures of a document's pages failed."""


class OcrUnavailable(OcrError):
    """Tesseract or the data of a language it was asked for is not installed."""


class OcrFailed(OcrError):
    """Tesseract could not read a page, took too long, or found no text at all."""


@dataclass(frozen=True)
class ReadResult:
    """A document's text, the kind of file it came from, and the encoding used for text.

    ``needs_ocr``: the document is pictures of pages (a scanned PDF, an image), ``text`` is
    empty, and `ocr.read_by_ocr` reads its ``pages``.
    """

    text: str
    kind: str  # "text", "markdown", "html", "pdf", "docx", "png", "jpeg" or "tiff"
    encoding: str | None
    pages: int | None = None
    needs_ocr: bool = False


def read_document(
    source: str | Path | bytes, *, filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """Reads a document from a path or from bytes and returns its text.

    `filename` names the document in messages and picks the format by its suffix (the content
    is sniffed too: a PDF, DOCX or picture is recognised whatever its name). A scanned PDF or
    a picture comes back with ``needs_ocr`` and no text. Raises a `ReadError` subclass whose
    message says what to do.
    """
    if isinstance(source, bytes):
        data = source
        name = filename or "document"
    else:
        path = Path(source)
        name = filename or str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ReadError(
                f"{name}: cannot open the file ({exc.strerror}); check the path."
            ) from exc
        if size > max_bytes:
            raise DocumentTooLarge(_too_large(name, size, max_bytes))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(f"{name}: cannot read the file ({exc.strerror}).") from exc
    if len(data) > max_bytes:
        raise DocumentTooLarge(_too_large(name, len(data), max_bytes))
    if not data.strip():
        raise EmptyDocument(f"{name}: the file is empty; give a document that has text.")
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        from .pdf_reading import read_pdf

        text, pages = read_pdf(data, name)
        if not text.strip():
            return ReadResult("", "pdf", None, pages=pages, needs_ocr=True)
        return _checked(name, ReadResult(_print_characters(text), "pdf", None, pages=pages))
    from .ocr import check_image, is_image

    if is_image(data, name):
        kind, pages = check_image(data, name)
        return ReadResult("", kind, None, pages=pages, needs_ocr=True)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        from .docx_reading import read_docx

        return _checked(name, ReadResult(_print_characters(read_docx(data, name)), "docx", None))
    text, encoding = decode_text(data, name)
    # A .txt or .md file is read as it is, even if it holds markup: its offsets must match.
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES - {""} and _looks_like_html(text)):
        from .html_reading import html_text

        return _checked(name, ReadResult(_print_characters(html_text(text)), "html", encoding))
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    return _checked(name, ReadResult(text, kind, encoding))


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name}: {size:,} bytes is more than the limit of {limit:,}; split the document or "
        "raise the limit."
    )


def _checked(name: str, result: ReadResult) -> ReadResult:
    if not result.text.strip():
        raise EmptyDocument(
            f"{name}: no text could be extracted ({result.kind}); give a document that has text."
        )
    return result


# Characters of print, not of the text: ligatures become letters, soft hyphens and zero-width
# spaces go, Word's private-use bullets (Symbol, Wingdings) become "•".
PRINT_CHARACTERS = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00ad": "",
        "\u200b": "",
        "\x00": "",
        "\ufeff": "",
        "\uf0b7": "•",
        "\uf0a7": "▪",
        "\uf0d8": "•",
        "\uf076": "•",
        "\uf0fc": "•",
        "\uf0a8": "•",
        "\uf06e": "•",
    }
)


# A footnote mark drawn as a superscript after a word: "houses³", "civilians.¹²", "[4]", "*".
NOTE_MARK_RE = re.compile(r"\s*(?:\[?\d{1,3}\]?(?:[,–-]\d{1,3})*|[*†‡])\s*")
AREA_UNIT_RE = re.compile(r"(?:^|[\d\s])(?:k|c)?m\s?$")


def is_note_mark(mark: str, before: str) -> bool:
    """Whether superscript `mark` after the text `before` is a footnote mark to leave out: a
    number or symbol after some text, and not the square of a metre or kilometre ("m²")."""
    return (
        NOTE_MARK_RE.fullmatch(mark) is not None
        and bool(before.strip())
        and not AREA_UNIT_RE.search(before)
    )


def table_text(rows: list[list[str]]) -> str:
    """Table rows as text, one row a line, "| cell | cell |"; a title row over the table (one
    cell with text, as a caption spanning the columns gives) is a paragraph above it."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    titles = []
    while len(rows) > 1 and len(rows[1]) > 1 and sum(1 for c in rows[0] if c.strip()) == 1:
        titles.append(next(cell.strip() for cell in rows.pop(0) if cell.strip()))
    lines = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return "\n\n".join([*titles, lines])


def _print_characters(text: str) -> str:
    """A converted document's text without characters of print (not for plain text files,
    whose offsets must match the file)."""
    return text.translate(PRINT_CHARACTERS)


def decode_text(data: bytes, name: str = "document") -> tuple[str, str]:
    """Decodes bytes to text with newlines normalised like ``Path.read_text``.

    UTF-16 or UTF-32 when the bytes start with its byte-order mark; else UTF-8 first (with a
    BOM stripped); otherwise the encoding charset-normalizer finds. Bytes that look binary, or
    text holding a NUL character, raise `UnreadableDocument`.
    """
    marked = next((enc for bom, enc in WIDE_BOMS if data.startswith(bom)), None)
    if marked:
        try:
            raw, encoding = data.decode(marked), marked
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(
                f"{name}: the file starts with a {marked.upper()} byte-order mark but is not "
                f"{marked.upper()} text ({exc.reason} at byte {exc.start}); save it again as "
                "UTF-8 text."
            ) from None
        _refuse_nul(raw, name)
        return _universal_newlines(raw), encoding
    try:
        raw = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        # A few stray bytes in UTF-8 text (earlier conversions) are replaced, exactly as
        # Path.read_text(errors="replace") does, so offsets agree with other readers; text in
        # another encoding altogether is detected.
        replaced = data.decode("utf-8", errors="replace")
        if replaced.count("\ufffd") <= max(2, len(replaced) // 500):
            raw, encoding = replaced, "utf-8"
        else:
            raw, encoding = _detect(data, name)
    # A UTF-8 byte-order mark is kept, as Path.read_text keeps it: offsets must agree.
    if _binary(raw):
        raise UnreadableDocument(
            f"{name}: this looks like binary data, not text; convert it to PDF, DOCX, HTML or "
            "plain text."
        )
    _refuse_nul(raw, name)
    return _universal_newlines(raw), encoding


# UTF-32 first: its little-endian mark begins with UTF-16's.
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _refuse_nul(text: str, name: str) -> None:
    """PostgreSQL cannot store a NUL character, and no document's text holds one."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise UnreadableDocument(
            f"{name}: the text holds a NUL character (\\x00) on line {line}, so part of it is "
            "binary data; remove it or save the document again as plain text."
        )


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    # Short texts fool unrestricted detection (French latin-1 read as cp775): try the code
    # pages the institutions' documents use first, then everything.
    best = from_bytes(data, cp_isolation=list(COMMON_ENCODINGS)).best() or from_bytes(data).best()
    if best is None or best.encoding is None:
        if _binary(data.decode("latin-1")):
            raise UnreadableDocument(
                f"{name}: this looks like binary data, not text; convert it to PDF, DOCX, HTML "
                "or plain text."
            )
        return data.decode("utf-8", errors="replace"), "utf-8"
    return str(best), best.encoding


def _binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return control / len(sample) > 0.05


def _universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))
