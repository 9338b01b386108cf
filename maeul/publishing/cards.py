"""Card news: the brief's highlights as square PNG cards (1080×1080) for social media.

Each card carries one figure large, its label, the place and quarter, and where the open
data is — the same highlights as the brief's first page, drawn with the PDFs' Korean font
(Pillow, which reportlab already depends on).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from maeul.places.models import Municipality
from maeul.publishing.figures import sections
from maeul.publishing.pdf import Progress, _keep_quarter, _quiet, font_files, quarter_months

SIZE = 1080
MARGIN = 90


@dataclass(frozen=True)
class Card:
    label: str
    figure: str
    png: bytes


def _fit(draw: object, text: str, font_path: str, start: int, width: int) -> Any:
    """The largest font size (from ``start`` down) at which ``text`` fits ``width``."""
    from PIL import ImageFont

    size = start
    while size > 24:
        font = ImageFont.truetype(font_path, size)
        if draw.textlength(text, font=font) <= width:  # type: ignore[attr-defined]
            return font
        size -= 6
    return ImageFont.truetype(font_path, size)


def _wrap(draw: object, text: str, font: object, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for char in text:
        if draw.textlength(line + char, font=font) > width and line:  # type: ignore[attr-defined]
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    if line:
        lines.append(line)
    return lines


def card_png(place: str, period: str, label: str, figure: str, footer: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    regular, bold = (str(path) for path in font_files())
    image = Image.new("RGB", (SIZE, SIZE), "#f4f7fb")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE, 24], fill="#1f5fa8")
    width = SIZE - 2 * MARGIN
    small = ImageFont.truetype(regular, 40)
    draw.text((MARGIN, 110), place, font=ImageFont.truetype(bold, 52), fill="#1b2a3a")
    draw.text((MARGIN, 180), period, font=small, fill="#4a5a6a")
    label_font = ImageFont.truetype(regular, 56)
    y = 380
    for line in _wrap(draw, label, label_font, width)[:3]:
        draw.text((MARGIN, y), line, font=label_font, fill="#1b2a3a")
        y += 72
    figure_font = _fit(draw, figure, bold, 200, width)
    draw.text((MARGIN, y + 40), figure, font=figure_font, fill="#1f5fa8")
    draw.text((MARGIN, SIZE - 140), footer, font=ImageFont.truetype(regular, 32), fill="#4a5a6a")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def build_cards(
    municipality: Municipality, year: int, quarter: int, progress: Progress = _quiet
) -> list[Card]:
    """One card per highlight of the quarter's brief."""
    with translation.override("ko"):
        progress(0, _("Reading the figures"))
        parts = sections(municipality, year)
        first, last = quarter_months(quarter)
        for part in parts:
            if part.key == "votes":
                _keep_quarter(part, year, first, last)
        highlights = [h for part in parts for h in part.highlights]
        period = _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        footer = f"{settings.SITE_URL.rstrip('/')}/data/{municipality.code}/"
        cards = []
        for index, (label, figure) in enumerate(highlights, start=1):
            png = card_png(municipality.full_name, period, label, figure, footer)
            cards.append(Card(label, figure, png))
            progress(int(100 * index / max(1, len(highlights))), label)
        progress(100, _("Done"))
        return cards
