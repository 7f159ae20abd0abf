"""The candidacy photo: checked by content, bounded, re-encoded as JPEG without any metadata."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import ExifTags, Image, ImageFile

from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.services import capture_rules_for, save_photo
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def photo_code(excinfo) -> list[str]:
    return [e.code for e in excinfo.value.error_dict["photo"]]


def jpeg_with_gps(size=(800, 600), orientation=None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefono"
    exif[ExifTags.Base.Model] = "Modelo secreto"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (18.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (88.0, 18.0, 5.0),
    }
    content = image_bytes("JPEG", size=size, exif=exif.tobytes(), comment=b"casa de la candidata")
    source = Image.open(BytesIO(content))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture carries GPS coordinates"
    return content


def stored_image(questionnaire) -> Image.Image:
    with questionnaire.photo.open("rb") as handle:
        return Image.open(BytesIO(handle.read()))


def test_jpeg_with_exif_gps_is_stored_without_any_metadata(candidacy, party_user):
    questionnaire = save_photo(candidacy, upload(jpeg_with_gps(), name="maria-casa.jpg"), by=party_user)
    image = stored_image(questionnaire)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for key in ("exif", "comment", "xmp", "icc_profile"):
        assert key not in image.info
    with questionnaire.photo.open("rb") as handle:
        raw = handle.read()
    assert b"Exif" not in raw and b"Modelo secreto" not in raw and b"casa de la candidata" not in raw


def test_exif_orientation_is_applied_before_it_is_dropped(candidacy, party_user):
    questionnaire = save_photo(candidacy, upload(jpeg_with_gps((800, 600), orientation=6)), by=party_user)
    assert stored_image(questionnaire).size == (600, 800)


def test_png_with_transparency_becomes_a_valid_jpeg_on_white(candidacy, party_user):
    png = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    png.paste((10, 120, 40, 255), (0, 0, 200, 300))
    buffer = BytesIO()
    png.save(buffer, format="PNG")
    questionnaire = save_photo(candidacy, upload(buffer.getvalue(), "foto.png", "image/png"), by=party_user)
    assert questionnaire.photo.name.endswith(".jpg")
    image = stored_image(questionnaire)
    image.load()
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (400, 300)
    assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((350, 150)), (255, 255, 255), strict=True))
    assert all(abs(a - b) <= 6 for a, b in zip(image.getpixel((50, 150)), (10, 120, 40), strict=True))


def test_palette_png_with_transparency_is_flattened(candidacy, party_user):
    content = image_bytes("PNG", size=(50, 50), mode="P", color=0, transparency=0)
    image = stored_image(save_photo(candidacy, upload(content, "p.png", "image/png"), by=party_user))
    assert image.mode == "RGB" and image.getpixel((25, 25)) == (255, 255, 255)


def test_the_longest_side_is_bounded_by_the_rules(candidacy, party_user):
    content = image_bytes("PNG", size=(3000, 2000))
    assert stored_image(save_photo(candidacy, upload(content, "big.png"), by=party_user)).size == (1200, 800)
    rules = capture_rules_for(candidacy.process)
    rules.photo_max_side_px = 600
    rules.save()
    assert stored_image(save_photo(candidacy, upload(content, "big.png"), by=party_user)).size == (600, 400)


def test_small_photos_are_not_enlarged(candidacy, party_user):
    content = image_bytes("JPEG", size=(300, 400))
    assert stored_image(save_photo(candidacy, upload(content), by=party_user)).size == (300, 400)


def test_photo_lives_in_private_storage_under_a_random_name(candidacy, party_user):
    questionnaire = save_photo(candidacy, upload(image_bytes(), name="Maria Lopez INE.jpg"), by=party_user)
    assert questionnaire.photo.name.startswith("photos/") and questionnaire.photo.name.endswith(".jpg")
    assert "Maria" not in questionnaire.photo.name
    path = Path(questionnaire.photo.path)
    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    "content, name",
    [
        (b"Esto no es una foto, es un archivo de texto.\n" * 20, "foto.jpg"),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "foto.png"),
        (b"", "vacia.jpg"),
    ],
)
def test_files_that_are_not_images_are_refused_whatever_their_name(candidacy, party_user, content, name):
    with pytest.raises(ValidationError) as excinfo:
        save_photo(candidacy, upload(content, name), by=party_user)
    assert photo_code(excinfo) == [QuestionnaireErrorCode.BAD_IMAGE_TYPE]
    assert not CurricularQuestionnaire.objects.exists()


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "WEBP", "TIFF"])
def test_other_image_formats_are_refused(candidacy, party_user, fmt):
    with pytest.raises(ValidationError) as excinfo:
        save_photo(candidacy, upload(image_bytes(fmt, size=(200, 150)), "foto.jpg"), by=party_user)
    assert photo_code(excinfo) == [QuestionnaireErrorCode.BAD_IMAGE_TYPE]


def noise_image(fmt: str, size=(400, 400)) -> bytes:
    buffer = BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("pillow_lenient", [False, True])
def test_a_truncated_image_is_refused(monkeypatch, candidacy, party_user, fmt, pillow_lenient):
    """Also when Pillow is told to load truncated images (WeasyPrint sets that for the whole process)."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", pillow_lenient)
    content = noise_image(fmt)
    with pytest.raises(ValidationError) as excinfo:
        save_photo(candidacy, upload(content[: len(content) // 2]), by=party_user)
    assert photo_code(excinfo) == [QuestionnaireErrorCode.BAD_IMAGE_TYPE]
    assert save_photo(candidacy, upload(content), by=party_user).photo


def test_a_photo_over_the_size_limit_is_refused_with_the_limit_in_kb(candidacy, party_user):
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(1000 * 1000 * 3))
    buffer = BytesIO()
    noise.save(buffer, format="JPEG", quality=95)
    content = buffer.getvalue()
    assert len(content) > 700 * 1024
    with pytest.raises(ValidationError) as excinfo:
        save_photo(candidacy, upload(content), by=party_user)
    assert photo_code(excinfo) == [QuestionnaireErrorCode.PHOTO_TOO_BIG]
    message = excinfo.value.error_dict["photo"][0].messages[0]
    assert message.startswith("La fotografía pesa ") and message.endswith("el máximo es 700 KB.")

    rules = capture_rules_for(candidacy.process)
    rules.photo_max_kb = 5000
    rules.save()
    assert save_photo(candidacy, upload(content), by=party_user).photo


@pytest.mark.parametrize("size", [(6000, 5000), (20000, 10000)])
def test_decompression_bombs_are_refused_before_decoding(candidacy, party_user, size):
    """A few KB of PNG that would decode to 30 or 200 million pixels."""
    content = image_bytes("PNG", size=size, mode="1", color=0, optimize=True)
    assert len(content) < 700 * 1024
    with pytest.raises(ValidationError) as excinfo:
        save_photo(candidacy, upload(content, "bomba.png"), by=party_user)
    assert photo_code(excinfo) == [QuestionnaireErrorCode.PHOTO_TOO_MANY_PIXELS]


def test_replacing_the_photo_keeps_its_history(candidacy, party_user):
    first = save_photo(candidacy, upload(image_bytes()), by=party_user).photo.name
    second = save_photo(candidacy, upload(image_bytes(color=(0, 0, 255))), by=party_user).photo.name
    assert first != second
    history = CurricularQuestionnaire.objects.get().history.order_by("history_id")
    assert [(h.history_type, h.photo, h.history_user) for h in history] == [
        ("+", first, party_user),
        ("~", second, party_user),
    ]


def test_a_reviewer_cannot_upload_a_photo(candidacy, reviewer):
    with pytest.raises(PermissionDenied):
        save_photo(candidacy, upload(image_bytes()), by=reviewer)
