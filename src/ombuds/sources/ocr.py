"""Text read from pictures of pages (scanned PDFs, PNG, JPEG, TIFF) with Tesseract (no Django).

A PDF with no text layer is rendered page by page with pypdfium2 at 300 dpi (Tesseract's
documentation asks for at least that); an image is read frame by frame (a TIFF may hold several
pages). Each page goes to Debian's ``tesseract`` as a greyscale PGM on its standard input, and
its TSV answer gives every word with its position and confidence. The words become lines and
the lines paragraphs as Tesseract grouped them; then what page layout adds is removed as for a
PDF's text layer (`pdf_reading.drop_running_lines`: running headers, footers, page numbers)
and words hyphenated at line ends are joined (`hyphenation`). The text has the shape of
`reading`'s other formats: paragraphs separated by a blank line.

Tesseract is called directly, not through a wrapper: one command line with a timeout, the
image on standard input (no temporary files), and the TSV parsed here; what a wrapper adds
(temporary files, its own parsing) is not needed. ``OMP_THREAD_LIMIT=1`` is set for it: with
OpenMP threads on a busy machine a page took 6 to 10 s instead of under 2 s.

The languages are Tesseract's codes joined by "+" ("eng+rus"); the first is its main one.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import statistics
import subprocess
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .hyphenation import join_hyphenated
from .pdf_reading import Line, drop_running_lines
from .reading import (
    PRINT_CHARACTERS,
    CorruptDocument,
    DocumentTooLarge,
    OcrFailed,
    OcrUnavailable,
    UnreadableDocument,
)

if TYPE_CHECKING:
    from PIL.Image import Image

# The settings' default (settings.OMBUDS_OCR_LANGUAGES): English, Russian, Azerbaijani (Latin
# script), Ukrainian and Armenian; "aze_cyrl" is installed too for older Azerbaijani texts.
DEFAULT_LANGUAGES = "eng+rus+aze+ukr+hye"
DPI = 300
# A page rendered or an image decoded holds at most this many pixels (an A3 page at 600 dpi
# has 70 million): a larger picture is a decompression bomb or a scan far finer than reading
# needs. Below Pillow's own limit, so its warning never fires first.
MAX_PIXELS = 80_000_000
PAGE_TIMEOUT = 300  # seconds for one page; a dense page at 300 dpi takes a few
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpeg", "TIFF": "tiff"}
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# Tesseract's names: "eng", "aze_cyrl", "chi_sim_vert", "script/Cyrillic".
LANGUAGE = r"[a-z]{3}(?:_[a-z]+)*|script/[A-Z][A-Za-z_]+"
LANGUAGES_RE = re.compile(rf"(?:{LANGUAGE})(?:\+(?:{LANGUAGE}))*")
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", ")", "»")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrText:
    """The text read from a document's pages and the mean confidence of its words (0-100)."""

    text: str
    confidence: float
    pages: int
    words: int


@dataclass
class OcrLine(Line):
    """One line Tesseract read, with the paragraph (block, paragraph) it grouped it in."""

    paragraph: tuple[int, int] = (0, 0)


def is_image(data: bytes, name: str) -> bool:
    """Whether the bytes are a PNG, JPEG or TIFF picture (by their start, or else by the name)."""
    if data.startswith(IMAGE_MAGIC):
        return True
    return os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES


def check_image(data: bytes, name: str) -> tuple[str, int]:
    """The kind ("png", "jpeg", "tiff") and number of pages of an image, every page decoded.

    Raises `CorruptDocument` for a damaged picture, `UnreadableDocument` for another format and
    `DocumentTooLarge` for a page of more than MAX_PIXELS, each saying what to do.
    """
    pages = 0
    with _opened_image(data, name) as image, _truncation_refused():
        kind = IMAGE_FORMATS[str(image.format)]
        for frame in _frames(image, name):
            try:
                frame.load()
            except (OSError, ValueError, SyntaxError) as exc:
                raise _damaged(name, exc) from exc
            pages += 1
    return kind, pages


_TRUNCATION_LOCK = threading.Lock()


@contextmanager
def _truncation_refused() -> Iterator[None]:
    """Pillow set to refuse a truncated picture while the block runs.

    WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` when it is imported (for
    the appeals' PDFs), after which half a JPEG loads as a picture with a grey bottom; a
    scan cut short must be refused instead. The flag is set back afterwards.
    """
    from PIL import ImageFile

    with _TRUNCATION_LOCK:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def read_by_ocr(
    data: bytes,
    *,
    kind: str,
    name: str,
    languages: str,
    on_page: ProgressCallback | None = None,
) -> OcrText:
    """Reads the text of a scanned PDF (``kind`` "pdf") or an image with Tesseract.

    ``on_page(number, total)`` is called before each page is read. Raises `OcrUnavailable`
    when Tesseract or a language's data is missing, `OcrFailed` when a page cannot be read or
    no text is found, `CorruptDocument` for a file that does not decode; each says what to do.
    """
    check_languages(languages)
    pages: list[list[OcrLine]] = []
    confidences: list[float] = []
    images = _pdf_pages(data, name) if kind == "pdf" else _image_pages(data, name)
    total = 0
    for number, (image, dpi, count) in enumerate(images, start=1):
        total = count
        if on_page is not None:
            on_page(number, count)
        lines, confidence = recognise(image, languages=languages, dpi=dpi, page=number)
        pages.append(lines)
        confidences.extend(confidence)
    text = assemble_text(pages)
    if not text.strip():
        raise OcrFailed(
            f"{name}: OCR found no text on its {total} page(s); the scan may be blank, faint or "
            "upside down. Scan it again at 300 dpi, or check the languages in "
            f"OMBUDS_OCR_LANGUAGES ({languages})."
        )
    return OcrText(
        text=text,
        confidence=round(statistics.fmean(confidences), 1) if confidences else 0.0,
        pages=total,
        words=len(confidences),
    )


def check_languages(languages: str) -> None:
    """Raises `OcrUnavailable` unless Tesseract is installed with every language named."""
    if not LANGUAGES_RE.fullmatch(languages):
        raise OcrUnavailable(
            f"{languages!r} is not a list of Tesseract languages: set OMBUDS_OCR_LANGUAGES to "
            "codes joined by '+', e.g. eng+rus."
        )
    installed = installed_languages()
    missing = [code for code in languages.split("+") if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.replace('_', '-')}" for code in missing)
        raise OcrUnavailable(
            f"Tesseract has no data for the language(s) {', '.join(missing)}: install {packages} "
            "(`make ocr` installs the usual ones) or remove them from OMBUDS_OCR_LANGUAGES."
        )


def installed_languages() -> set[str]:
    """The languages Tesseract has data for; raises `OcrUnavailable` if it is not installed."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable(
            "Tesseract is not installed on the server: install Debian's tesseract-ocr with its "
            "language data (`make ocr` does), then read the text again."
        )
    found = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60, check=False
    )
    # The first line names the folder; the languages follow, one a line.
    return {line.strip() for line in found.stdout.splitlines()[1:] if line.strip()}


def recognise(
    image: Image, *, languages: str, dpi: int | None, page: int = 1
) -> tuple[list[OcrLine], list[float]]:
    """The lines Tesseract reads on one page and the confidence of each of its words."""
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # greyscale: a PGM, the cheapest format to hand over
    command = ["tesseract", "stdin", "stdout", "-l", languages]
    if dpi:
        command += ["--dpi", str(dpi)]
    command.append("tsv")
    try:
        done = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise OcrFailed(
            f"Page {page} took longer than {PAGE_TIMEOUT // 60} minutes to read; split the "
            "document or scan that page again at 300 dpi."
        ) from None
    except FileNotFoundError:
        installed_languages()  # raises the message saying how to install it
        raise
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(
            f"Tesseract could not read page {page} ({said[-1] if said else done.returncode}); "
            "scan the page again or give another copy."
        )
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> tuple[list[OcrLine], list[float]]:
    """Tesseract's TSV answer as lines of words in its reading order, and the words'
    confidences (each 0-100; words Tesseract gives no confidence are left out)."""
    lines: dict[tuple[int, int, int], OcrLine] = {}
    words: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        text = fields[11].strip()
        if not text:
            continue
        block, paragraph, line = int(fields[2]), int(fields[3]), int(fields[4])
        key = (block, paragraph, line)
        if key not in lines:
            top = -float(fields[7])  # pixels from the top; a PDF's y grows upwards
            lines[key] = OcrLine("", x=float(fields[6]), y=top, paragraph=(block, paragraph))
            words[key] = []
        words[key].append(text)
        confidence = float(fields[10])
        if confidence >= 0:
            confidences.append(confidence)
    for key, line_words in words.items():
        lines[key].text = " ".join(line_words)
    return list(lines.values()), confidences


def assemble_text(pages: list[list[OcrLine]]) -> str:
    """The pages' lines as prose: lines of one paragraph on lines of their own, paragraphs
    apart by a blank line, running headers, footers and page numbers out, a sentence running
    on over a page break kept together, words hyphenated at line ends joined."""
    kept = drop_running_lines(pages)
    out: list[str] = []
    previous: OcrLine | None = None
    for lines in kept:
        for n, line in enumerate(lines):
            if previous is not None:
                if n == 0:  # a page break
                    ends = previous.text.rstrip().endswith(SENTENCE_END)
                    out.append("\n\n" if ends else "\n")
                else:
                    out.append("\n" if line.paragraph == previous.paragraph else "\n\n")
            out.append(line.text)
            previous = line
    return join_hyphenated("".join(out)).translate(PRINT_CHARACTERS)


def _pdf_pages(data: bytes, name: str) -> Iterator[tuple[Image, int, int]]:
    """Each page of a PDF rendered in grey at 300 dpi (less for a huge page), with its dpi
    and the number of pages."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _damaged(name, exc) from exc
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = DPI / 72
                if width * height * scale * scale > MAX_PIXELS:
                    scale = math.sqrt(MAX_PIXELS / (width * height))
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil().convert("L")
            except pdfium.PdfiumError as exc:
                raise OcrFailed(
                    f"{name}: page {index + 1} could not be drawn ({exc}); re-export the PDF "
                    "or give another copy."
                ) from exc
            finally:
                page.close()
            yield image, round(scale * 72), count
    finally:
        document.close()


def _image_pages(data: bytes, name: str) -> Iterator[tuple[Image, int | None, int]]:
    """Each page (frame) of an image in grey, with its resolution when the file gives one."""
    from PIL import ImageOps

    with _opened_image(data, name) as image:
        count = getattr(image, "n_frames", 1)
        for frame in _frames(image, name):
            dpi = _dpi(frame.info.get("dpi"))
            try:
                # A photo of a letter taken with a phone is stored sideways with a note to
                # turn it (EXIF orientation): turned, Tesseract reads it.
                grey = ImageOps.exif_transpose(frame).convert("L")
            except (OSError, ValueError, SyntaxError) as exc:
                raise _damaged(name, exc) from exc
            yield grey, dpi, count


def _dpi(value: Any) -> int | None:
    """The horizontal resolution an image declares, if it is a plausible scanner setting."""
    try:
        dpi = round(float(value[0]))
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 70 <= dpi <= 1200 else None


@contextmanager
def _opened_image(data: bytes, name: str) -> Iterator[Any]:
    """The image opened with Pillow as PNG, JPEG or TIFF, its errors turned into messages."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        # The MAX_PIXELS check says what to do, and a damaged picture fails to decode; Pillow's
        # warnings (a bomb, "Corrupt EXIF data") would say neither.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        except UnidentifiedImageError:
            raise UnreadableDocument(
                f"{name}: this is not a PNG, JPEG or TIFF picture that can be read (damaged, "
                "or another format); save the scan again as PNG, JPEG, TIFF or PDF."
            ) from None
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(name, str(exc)) from exc
        except (OSError, ValueError, SyntaxError) as exc:
            raise _damaged(name, exc) from exc
        with image:
            yield image


def _frames(image: Any, name: str) -> Iterator[Any]:
    """The image's frames (a TIFF's pages), each checked against MAX_PIXELS before decoding."""
    count = getattr(image, "n_frames", 1)
    for index in range(count):
        try:
            image.seek(index)
        except (OSError, ValueError, EOFError, SyntaxError) as exc:
            raise _damaged(name, exc) from exc
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _too_many_pixels(name, f"page {index + 1} has {width} × {height} pixels")
        yield image


def _damaged(name: str, exc: BaseException) -> CorruptDocument:
    return CorruptDocument(
        f"{name}: the picture is damaged ({exc}); scan the page again or give another copy."
    )


def _too_many_pixels(name: str, detail: str) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: the picture is too large to read ({detail}, more than "
        f"{MAX_PIXELS // 1_000_000} million pixels); scan it at 300 dpi."
    )
