"""The Korean TrueType font embedded in Maeul's PDFs (the publishing data book and brief,
outreach's course certificates), registered with reportlab once per process.

Why here: two programmes print PDFs and programmes may not import each other, so the font
lookup lives in the foundation. The font is NanumGothic, carried by the
``koreanize-matplotlib`` package (a PyPI wheel, so ``pip install`` on a fresh machine is
enough — no system font package); ``MAEUL_PDF_FONT`` / ``MAEUL_PDF_FONT_BOLD`` point to another
TrueType file instead. reportlab embeds a subset with a ToUnicode map, so Hangul prints the
same in every viewer and the text can be extracted back.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings

FONT = "MaeulSans"
FONT_BOLD = "MaeulSans-Bold"


class FontMissing(RuntimeError):
    """No Korean TrueType font could be found to embed."""


def font_files() -> tuple[Path, Path]:
    """The regular and bold TrueType files to embed."""
    if settings.PDF_FONT:
        regular = Path(settings.PDF_FONT)
        bold = Path(settings.PDF_FONT_BOLD or settings.PDF_FONT)
    else:
        spec = importlib.util.find_spec("koreanize_matplotlib")
        if spec is None or not spec.submodule_search_locations:
            raise FontMissing(
                "No Korean font: install the koreanize-matplotlib package (it carries "
                "NanumGothic) or set MAEUL_PDF_FONT to a TrueType file."
            )
        folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
        regular, bold = folder / "NanumGothic.ttf", folder / "NanumGothicBold.ttf"
    for path in (regular, bold):
        if not path.is_file():
            raise FontMissing(f"Korean font file {path} does not exist.")
    return regular, bold


def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
