"""Consent evidence (a signed format, PDF or image): checked by content, then rebuilt so that nothing of the upload
but what a reader sees is kept (content disarm and reconstruction).

- An image (JPEG or PNG) is re-encoded as a new JPEG, as the candidacy photo is: no EXIF (GPS), XMP, comments or ICC
  profile survives.
- A PDF is opened with PDFium (Chromium's PDF engine, through pypdfium2) and each page rendered to an image; the
  stored file is a new PDF made of those images only. JavaScript, actions, forms, attachments, links, metadata and
  anything a reader could run are gone, and a file PDFium cannot open is refused.

Formats are printed, signed by hand and scanned: the page images are what the reviewer needs to read. A digital
signature inside a PDF does not survive the reconstruction (docs/manual, «Formato firmado»).
"""

import threading
from dataclasses import dataclass
from io import BytesIO

import pypdfium2
from django.core.exceptions import ValidationError
from PIL import Image

from ..error_codes import QuestionnaireErrorCode
from .photos import file_size, inspect_image, reencode_photo

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 60_000_000  # a scanned page at 600 dpi is ≈ 35 million pixels
EVIDENCE_MAX_PAGES = 10  # the format is one page; a few more for an annex
RENDER_DPI = 150  # enough to read a handwritten signature and the marked answers
MAX_SIDE_PX = 2400  # no page image larger than this on its longest side (a poster-sized page is scaled down)
JPEG_QUALITY = 80

# PDFium is not thread-safe: one document at a time per process (uploads are rare; a page renders in milliseconds).
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class CleanEvidence:
    content: bytes
    extension: str  # "pdf" or "jpg"
    pages: int


def _bad() -> ValidationError:
    return ValidationError(
        "El formato firmado debe ser un PDF o una imagen JPEG o PNG válidos.", code=QuestionnaireErrorCode.BAD_EVIDENCE
    )


def clean_evidence(uploaded) -> CleanEvidence:
    """The rebuilt file of a valid evidence upload. ValidationError codes: evidence_too_big (over 10 MB),
    evidence_too_many_pages, bad_evidence (anything else: not a PDF nor a JPEG/PNG by content, damaged, encrypted)."""
    size = file_size(uploaded)
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            "El archivo pesa %(size_mb)s MB; el máximo es %(max_mb)s MB.",
            code=QuestionnaireErrorCode.EVIDENCE_TOO_BIG,
            params={"size_mb": f"{size / 1024 / 1024:.1f}", "max_mb": EVIDENCE_MAX_BYTES // 1024 // 1024},
        )
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if data.startswith(b"%PDF-"):
        return _rebuild_pdf(data)
    try:
        inspect_image(uploaded, max_pixels=EVIDENCE_MAX_PIXELS)
        content = reencode_photo(uploaded, MAX_SIDE_PX)
    except ValidationError:
        raise _bad() from None
    return CleanEvidence(content, "jpg", 1)


def _rebuild_pdf(data: bytes) -> CleanEvidence:
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            raise _bad() from None
        try:
            count = len(document)
            if count == 0:
                raise _bad()
            if count > EVIDENCE_MAX_PAGES:
                raise ValidationError(
                    "El PDF tiene %(pages)s páginas; el máximo es %(max_pages)s.",
                    code=QuestionnaireErrorCode.EVIDENCE_TOO_MANY_PAGES,
                    params={"pages": count, "max_pages": EVIDENCE_MAX_PAGES},
                )
            images = [_page_image(document[index]) for index in range(count)]
        except pypdfium2.PdfiumError:
            raise _bad() from None
        finally:
            document.close()
    output = BytesIO()
    images[0].save(
        output, format="PDF", save_all=True, append_images=images[1:], resolution=RENDER_DPI, quality=JPEG_QUALITY
    )
    return CleanEvidence(output.getvalue(), "pdf", count)


def _page_image(page) -> Image.Image:
    width, height = page.get_size()  # points (1/72 inch)
    scale = min(RENDER_DPI / 72, MAX_SIDE_PX / max(width, height, 1))
    bitmap = page.render(scale=scale, may_draw_forms=False)
    image = bitmap.to_pil().convert("RGB")  # a copy: independent of PDFium's buffer
    bitmap.close()
    page.close()
    return image


def page_png(content: bytes, index: int) -> bytes:
    """Page `index` (from 0) of a stored, already rebuilt evidence PDF as a PNG at its scanned resolution, for the
    reviewer's screen (no PDF viewer, no frame: an image like any other). IndexError past the last page."""
    with _PDFIUM:
        document = pypdfium2.PdfDocument(content)
        try:
            if not 0 <= index < len(document):
                raise IndexError(index)
            buffer = BytesIO()
            _page_image(document[index]).save(buffer, format="PNG")
        finally:
            document.close()
    return buffer.getvalue()
