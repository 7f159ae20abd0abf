"""A handful of portrait-like pictures for the demo (a silhouette on a coloured background), stored once each.

Many questionnaires point at the same few files: a 200,000-candidacy demo writes 24 files, not 200,000. Each
picture goes through the photo pipeline's own re-encoding (services.photos.reencode_photo), so the stored file
is exactly what an upload would have left.
"""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.services import reencode_photo

PHOTO_COUNT = 24
SIZE = (300, 400)
BACKGROUNDS = [(214, 226, 240), (236, 229, 214), (222, 236, 222), (240, 222, 226), (230, 230, 230), (220, 214, 236)]
SKINS = [(241, 204, 170), (224, 172, 130), (198, 142, 103), (161, 108, 72), (120, 80, 55)]
HAIRS = [(30, 25, 20), (70, 50, 35), (110, 80, 50), (150, 150, 150), (20, 20, 25)]
CLOTHES = [(40, 60, 110), (150, 30, 40), (240, 240, 240), (60, 110, 70), (90, 90, 90), (200, 140, 40), (110, 60, 130)]


def portrait(rng: random.Random) -> bytes:
    """One PNG: background, shoulders, neck, head and hair, in colours and proportions drawn from `rng`."""
    width, height = SIZE
    image = Image.new("RGB", SIZE, rng.choice(BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    centre = width // 2 + rng.randrange(-12, 13)
    skin, hair, clothes = rng.choice(SKINS), rng.choice(HAIRS), rng.choice(CLOTHES)
    head_w, head_h = rng.randrange(96, 120), rng.randrange(124, 150)
    head_top = rng.randrange(70, 100)
    long_hair = rng.random() < 0.5
    if long_hair:
        draw.rounded_rectangle(
            (centre - head_w // 2 - 16, head_top - 10, centre + head_w // 2 + 16, head_top + head_h + 60),
            radius=50,
            fill=hair,
        )
    draw.ellipse((centre - 150, head_top + head_h + 20, centre + 150, height + 220), fill=clothes)
    draw.rectangle((centre - 24, head_top + head_h - 20, centre + 24, head_top + head_h + 40), fill=skin)
    draw.ellipse((centre - head_w // 2, head_top, centre + head_w // 2, head_top + head_h), fill=skin)
    draw.chord(
        (centre - head_w // 2 - 6, head_top - 14, centre + head_w // 2 + 6, head_top + head_h // 1.6),
        180,
        360,
        fill=hair,
    )
    output = BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def store_demo_photos(seed: int, max_side: int, count: int = PHOTO_COUNT) -> list[str]:
    """Store `count` demo portraits in the photo field's private storage; their storage names, in order.

    A picture already stored under its name (a demo loaded again over the same folder) is reused."""
    rng = random.Random(f"{seed}:photos")
    field = CurricularQuestionnaire._meta.get_field("photo")
    storage = field.storage
    names = []
    for index in range(1, count + 1):
        content = reencode_photo(BytesIO(portrait(rng)), max_side)
        name = field.generate_filename(None, f"demo-retrato-{seed}-{index:02d}.jpg")
        if not storage.exists(name):
            name = storage.save(name, ContentFile(content))
        names.append(name)
    return names


def signed_format() -> bytes:
    """A JPEG standing for a scanned, signed consent format: a page with lines of text and a signature."""
    page = Image.new("RGB", (850, 1100), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle((80, 80, 770, 120), fill=(60, 60, 60))
    for top in range(180, 800, 34):
        draw.line((80, top, 770 - (top * 7) % 160, top), fill=(150, 150, 150), width=6)
    draw.line([(480, 930), (520, 900), (560, 950), (600, 905), (650, 940), (700, 915)], fill=(20, 40, 120), width=4)
    draw.line((450, 960, 770, 960), fill=(0, 0, 0), width=2)
    output = BytesIO()
    page.save(output, format="JPEG", quality=80)
    return output.getvalue()
