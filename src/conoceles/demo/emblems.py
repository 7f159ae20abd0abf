"""Placeholder emblems for the demo's political actors: a coloured square with the siglas."""

import io

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

SIZE = 256
MARGIN = 24


def _text_colour(background: str) -> str:
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#1A1A1A" if luminance > 160 else "#FFFFFF"


def _font(size: int):
    return ImageFont.load_default(size=size)


def emblem_png(acronym: str, colour: str) -> bytes:
    """A 256×256 PNG: the actor's colour with its siglas centred, split on '-' when long."""
    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    lines = acronym.split("-") if len(acronym) > 6 and "-" in acronym else [acronym]
    room = SIZE - 2 * MARGIN
    size = 96
    while size > 12:
        font = _font(size)
        boxes = [draw.textbbox((0, 0), line, font=font) for line in lines]
        widths = [box[2] - box[0] for box in boxes]
        height = sum(box[3] - box[1] for box in boxes) + (len(lines) - 1) * size // 4
        if max(widths) <= room and height <= room:
            break
        size -= 4
    line_height = size * 1.15
    top = SIZE / 2 - line_height * len(lines) / 2
    for index, line in enumerate(lines):
        centre = (SIZE / 2, top + line_height * (index + 0.5))
        draw.text(centre, line, font=font, fill=_text_colour(colour), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def attach_emblems(actors, user=None) -> int:
    """Save a generated emblem on every actor that has none; returns how many were made."""
    made = 0
    for actor in actors:
        if actor.emblem:
            continue
        content = ContentFile(emblem_png(actor.acronym, actor.color))
        actor.emblem.save(f"{slugify(actor.acronym) or 'actor'}.png", content, save=False)
        actor._history_user = user
        actor.save(update_fields=["emblem"])
        made += 1
    return made
