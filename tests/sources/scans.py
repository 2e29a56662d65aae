"""Scans made in the test: text drawn with DejaVu Sans on a white page, saved as pictures.

The font comes from Debian's fonts-dejavu-core (`make ocr` installs it); pages are A4 at
300 dpi unless a test asks for less, as a scanner gives them.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
A4 = (2480, 3508)  # pixels at 300 dpi
SIZE = 42  # pixels: 10 points at 300 dpi


def page(paragraphs: list[list[str]], *, size: tuple[int, int] = A4) -> Image.Image:
    """A greyscale page showing each paragraph's lines, a blank line between paragraphs."""
    if not FONT.is_file():
        raise AssertionError(f"{FONT} is missing: run `make ocr` (installs fonts-dejavu-core).")
    font = ImageFont.truetype(str(FONT), SIZE)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    y = 250
    for lines in paragraphs:
        for line in lines:
            draw.text((200, y), line, font=font, fill=0)
            y += 60
        y += 60
    return image


def scanned_pdf(*pages: Image.Image) -> bytes:
    """An image-only PDF (no text layer) holding the pages, as a scanner writes one."""
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=300, save_all=True, append_images=list(pages[1:]))
    return out.getvalue()


def picture(image: Image.Image, kind: str, **options: object) -> bytes:
    """The page saved as a picture file ("PNG", "JPEG", "TIFF") at 300 dpi."""
    out = io.BytesIO()
    image.save(out, kind, dpi=(300, 300), **options)
    return out.getvalue()
