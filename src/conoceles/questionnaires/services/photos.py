"""Uploaded images: checked by content, never by name; the candidacy photo is re-encoded without metadata."""

import math
import uuid
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from conoceles.review.editing import require_editable

from ..error_codes import QuestionnaireErrorCode
from ..models import CurricularQuestionnaire
from .curricular import capture_rules_for, require_capture, write_curricular

ACCEPTED_IMAGE_FORMATS = ("JPEG", "PNG")
# Decoding costs memory in proportion to pixels, not to file size: a 40 KB PNG can hold 100 million pixels
# (a decompression bomb). 25 million pixels (≈ 100 MB decoded as RGBA) is more than any phone camera yields.
PHOTO_MAX_PIXELS = 25_000_000
JPEG_QUALITY = 85


def file_size(uploaded) -> int:
    size = getattr(uploaded, "size", None)
    if size is None:
        position = uploaded.tell()
        uploaded.seek(0, 2)
        size = uploaded.tell()
        uploaded.seek(position)
    return size


def inspect_image(uploaded, *, max_pixels: int = PHOTO_MAX_PIXELS) -> str:
    """The format ("JPEG" or "PNG") of a valid image, judged by its content (Image.open + verify).

    Raises ValidationError "bad_image_type" for anything else (a text file named .jpg, a GIF, a truncated file)
    and "photo_too_many_pixels" above `max_pixels`, before any pixel is decoded."""
    bad_type = ValidationError(
        "El archivo no es una imagen JPEG ni PNG válida.", code=QuestionnaireErrorCode.BAD_IMAGE_TYPE
    )
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                if image.format not in ACCEPTED_IMAGE_FORMATS:
                    raise bad_type
                width, height = image.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                image.verify()
                image_format = image.format
        uploaded.seek(0)
        if not _is_complete(uploaded.read(), image_format):
            raise bad_type
        return image_format
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None, None, max_pixels) from None
    except Exception:  # Pillow raises many kinds of errors on malformed input; all mean "not a valid image"
        raise bad_type from None
    finally:
        uploaded.seek(0)


def _is_complete(data: bytes, image_format: str) -> bool:
    """Whether the file ends where its format says, whatever Pillow's process-wide LOAD_TRUNCATED_IMAGES says
    (WeasyPrint sets it to True when imported, and Pillow would then decode a truncated upload as grey).

    JPEG: an end-of-image marker after the start of the last scan (entropy-coded data never contains FF D9).
    PNG: the IEND chunk after the last IDAT chunk."""
    if image_format == "JPEG":
        last_scan = data.rfind(b"\xff\xda")
        return last_scan != -1 and data.find(b"\xff\xd9", last_scan) != -1
    if image_format == "PNG":
        return data.rfind(b"IEND\xae\x42\x60\x82") > data.rfind(b"IDAT") != -1
    return False


def _too_many_pixels(width, height, max_pixels) -> ValidationError:
    size = f" ({width:,} × {height:,} píxeles)" if width else ""
    return ValidationError(
        "La imagen es demasiado grande%(size)s; el máximo es %(max_megapixels)s megapíxeles.",
        code=QuestionnaireErrorCode.PHOTO_TOO_MANY_PIXELS,
        params={"size": size, "max_pixels": max_pixels, "max_megapixels": f"{max_pixels / 1_000_000:g}"},
    )


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Colours as the profile says (phones shoot Display P3), before the profile is dropped with the metadata."""
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
    except Exception:  # a broken or unsupported profile: keep the pixels as they are
        return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without transparency: transparent areas become white (JPEG has no alpha)."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit greyscale PNG
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def reencode_photo(uploaded, max_side: int) -> bytes:
    """JPEG (RGB, quality 85) at most `max_side` pixels on the longest side, upright, sRGB, without metadata.

    The pixels are copied into a new image, so nothing of the original's EXIF (GPS included), XMP, comments or
    ICC profile survives."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as original:
            original.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale, cheaply
            icc_profile = original.info.get("icc_profile")
            image = ImageOps.exif_transpose(original)
            image = _flatten(_to_srgb(image, icc_profile))
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            "La imagen está dañada o incompleta.", code=QuestionnaireErrorCode.BAD_IMAGE_TYPE
        ) from None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    output = BytesIO()
    clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue()


def save_photo(candidacy, uploaded_file, *, by) -> CurricularQuestionnaire:
    """Check, re-encode and save the candidacy's photo (rubro Datos generales).

    Refuses (ValidationError, key "photo"): "photo_too_big" over CaptureRules.photo_max_kb, "bad_image_type" for
    anything that is not a valid JPEG or PNG by content, "photo_too_many_pixels" for decompression bombs.
    The stored file is a new JPEG in private storage named at random (the upload's name is not kept)."""
    require_capture(by, candidacy)
    require_editable(candidacy, "general")
    rules = capture_rules_for(candidacy.process)
    try:
        size = file_size(uploaded_file)
        if size > rules.photo_max_kb * 1024:
            raise ValidationError(
                "La fotografía pesa %(size_kb)s KB; el máximo es %(max_kb)s KB.",
                code=QuestionnaireErrorCode.PHOTO_TOO_BIG,
                params={"size_kb": f"{math.ceil(size / 1024):,}", "max_kb": f"{rules.photo_max_kb:,}"},
            )
        if size == 0:
            raise ValidationError("El archivo está vacío.", code=QuestionnaireErrorCode.BAD_IMAGE_TYPE)
        inspect_image(uploaded_file)
        content = reencode_photo(uploaded_file, rules.photo_max_side_px)
    except ValidationError as error:
        raise ValidationError({"photo": error}) from None
    field = CurricularQuestionnaire._meta.get_field("photo")
    name = field.storage.save(field.generate_filename(None, f"{uuid.uuid4().hex}.jpg"), ContentFile(content))
    return write_curricular(candidacy, lambda current: {"photo": name}, by=by)
