"""The yearly data book and the quarterly Governance Brief as PDF (reportlab).

Why reportlab with a TrueType font: reportlab is pure Python from PyPI and embeds a *subset*
of a TrueType font with a ToUnicode map, so Hangul prints the same in every viewer and the
text can be searched and extracted back (the tests do). The font is NanumGothic, carried by
the ``koreanize-matplotlib`` package (a PyPI wheel, so ``pip install`` on a fresh machine is
enough — no system font package); ``MAEUL_PDF_FONT`` / ``MAEUL_PDF_FONT_BOLD`` point to another
TrueType file instead.

Both builders are plain functions taking a ``progress(percent, message)`` callable, so a
command, a test or a background job can run them alike. Every figure comes from
``maeul.publishing.figures`` — the numbers the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maeul.auditlog.models import AuditEntry

# The font lookup moved to the foundation (outreach's certificates use it too); FontMissing
# and font_files stay importable from here for the publishing modules that name them.
from maeul.core.pdffonts import FONT, FONT_BOLD, register_fonts
from maeul.core.pdffonts import FontMissing as FontMissing
from maeul.core.pdffonts import font_files as font_files
from maeul.places.models import Municipality
from maeul.publishing.figures import Chart, Comparison, Section, districts, sections
from maeul.publishing.licences import current_licence

Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str) -> None:
    """The progress callable when nobody listens."""


@dataclass(frozen=True)
class Built:
    """A finished PDF: its bytes and page count."""

    data: bytes
    pages: int


@dataclass(frozen=True)
class AuditHead:
    seq: int
    hash: str


def audit_head() -> AuditHead:
    """The newest audit entry now: printed in the PDF and kept with it, so a reader can check
    which state of the log the figures were read at."""
    head = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
    return AuditHead(head.seq, head.entry_hash) if head else AuditHead(0, "")


# ---- building blocks -----------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=24, leading=32),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=20),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=22, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=16, spaceBefore=8
        ),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=FONT_BOLD, fontSize=18, leading=24
        ),
    }


def _text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(str(value))


def _chart(chart: Chart, width: float) -> Any:
    """A horizontal bar chart drawn as vector shapes, label above each bar like the page's."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    step, bar = 26.0, 10.0
    height = step * len(chart.bars) + 4
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # the drawing's font state; Helvetica otherwise
    maximum = max((b.value for b in chart.bars), default=0) or 1
    room = width - 90
    for index, item in enumerate(chart.bars):
        top = height - index * step
        drawing.add(String(0, top - 10, item.label[:40], fontName=FONT, fontSize=7.5))
        drawing.add(
            Rect(0, top - 23, room, bar, fillColor=colors.HexColor("#eceff3"), strokeWidth=0)
        )
        length = room * float(item.value / maximum) if item.value > 0 else 0
        drawing.add(
            Rect(0, top - 23, length, bar, fillColor=colors.HexColor("#1f5fa8"), strokeWidth=0)
        )
        drawing.add(String(length + 4, top - 21, item.shown, fontName=FONT, fontSize=7.5))
    return drawing


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = _styles()
    data = [[Paragraph(_text(h), styles["cell"]) for h in headers]]
    data += [[Paragraph(_text(c), styles["cell"]) for c in row] for row in rows]
    first = width * (0.2 if len(headers) > 5 else 0.3) if len(headers) > 2 else width / 2
    rest = (width - first) / max(1, len(headers) - 1)
    table = Table(data, colWidths=[first] + [rest] * (len(headers) - 1), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4eaf2")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c2cf")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _section_story(
    section: Section, width: float, styles: dict[str, Any], *, max_rows: int | None = None
) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    story: list[Any] = [Paragraph(_text(section.title), styles["h1"])]
    story.append(Paragraph(_text(section.summary), styles["body"]))
    if section.empty:
        story.append(Spacer(1, 6))
        story.append(Paragraph(_text(_("No figures for this programme here.")), styles["body"]))
        return story
    for label, figure in section.highlights:
        story.append(Paragraph(f"{_text(label)}: <b>{_text(figure)}</b>", styles["body"]))
    for chart in section.charts:
        story.append(Paragraph(_text(chart.title), styles["h2"]))
        story.append(_chart(chart, width))
    story.append(Spacer(1, 8))
    rows = section.rows if max_rows is None else section.rows[:max_rows]
    story.append(_table(section.headers, rows, width))
    if max_rows is not None and len(section.rows) > max_rows:
        story.append(
            Paragraph(
                _text(
                    _("%(shown)s of %(total)s rows; the full table is in the open data.")
                    % {"shown": max_rows, "total": len(section.rows)}
                ),
                styles["small"],
            )
        )
    return story


def _comparison_story(comparison: Comparison, width: float, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    return [
        Paragraph(_text(_("Districts compared")), styles["h1"]),
        Paragraph(_text(comparison.chart.title), styles["h2"]),
        _chart(comparison.chart, width),
        Spacer(1, 8),
        _table(comparison.headers, comparison.rows, width),
    ]


class _Document:
    """An A4 document whose level-0 headings feed the table of contents and whose pages
    carry a footer with the page number."""

    def __init__(self, title: str, footer: str) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        self.buffer = io.BytesIO()
        footer_text = footer

        class Template(BaseDocTemplate):  # type: ignore[misc]
            def afterFlowable(self, flowable: Any) -> None:
                style = getattr(flowable, "style", None)
                if style is not None and style.name == "h1":
                    key = f"h{id(flowable)}"
                    self.canv.bookmarkPage(key)
                    self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))

        def on_page(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(FONT, 7.5)
            canvas.drawString(18 * mm, 10 * mm, footer_text)
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"- {doc.page} -")
            canvas.restoreState()

        self.doc = Template(
            self.buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=title,
            author="Maeul",
            initialFontName=FONT,  # else every page declares an unembedded Helvetica
        )
        frame = Frame(
            self.doc.leftMargin, self.doc.bottomMargin, self.doc.width, self.doc.height, id="body"
        )
        self.doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        self.width = self.doc.width

    def build(self, story: list[Any], *, toc: bool) -> Built:
        if toc:
            self.doc.multiBuild(story)
        else:
            self.doc.build(story)
        return Built(self.buffer.getvalue(), self.doc.page)


def _cover(
    title: str, subtitle: str, head: AuditHead, styles: dict[str, Any], note: str = ""
) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    licence = current_licence()
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    story = [
        Spacer(1, 40),
        Paragraph(_text(title), styles["title"]),
        Spacer(1, 6),
        Paragraph(_text(subtitle), styles["subtitle"]),
        Spacer(1, 24),
        Paragraph(
            _text(_("Generated from Maeul's database on %(when)s.") % {"when": now}), styles["body"]
        ),
        Paragraph(
            _text(
                _("Audit log head at generation: #%(seq)s %(hash)s")
                % {"seq": head.seq, "hash": head.hash or "–"}
            ),
            styles["small"],
        ),
        Paragraph(_text(f"{licence.title_ko} ({licence.title_en})"), styles["small"]),
    ]
    if note:
        story += [Spacer(1, 12), Paragraph(_text(note), styles["body"])]
    return story


# ---- the data book --------------------------------------------------------------------------


def build_databook(municipality: Municipality, year: int, progress: Progress = _quiet) -> Built:
    """Every programme's figures of ``year`` for ``municipality``: cover, table of contents,
    one chapter per programme (and the districts for a city), A4, page numbers."""
    from reportlab.platypus import PageBreak, Paragraph
    from reportlab.platypus.tableofcontents import TableOfContents

    with translation.override("ko"):
        progress(0, _("Reading the figures"))
        register_fonts()
        styles = _styles()
        head = audit_head()
        parts = sections(municipality, year)
        comparison = districts(municipality, year) if municipality.level == 1 else None
        progress(40, _("Laying out the pages"))
        title = _("%(place)s data book %(year)s") % {
            "place": municipality.full_name,
            "year": year,
        }
        by_year = [p for p in parts if p.key in ("budgeting", "votes", "deliberation")]
        note = ""
        if all(p.empty for p in by_year):
            note = _("Maeul holds no programme figures for %(year)s for this municipality.") % {
                "year": year
            }
        document = _Document(title, f"{title} · Maeul")
        story = _cover(title, _("Participatory governance in figures"), head, styles, note)
        story.append(PageBreak())
        story.append(Paragraph(_text(_("Contents")), styles["h2"]))
        toc = TableOfContents()
        toc.levelStyles = [styles["body"]]
        toc.tableStyle = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
        story.append(toc)
        for part in parts:
            story.append(PageBreak())
            story += _section_story(part, document.width, styles)
        if comparison is not None:
            story.append(PageBreak())
            story += _comparison_story(comparison, document.width, styles)
        story.append(PageBreak())
        story += _sources(municipality, parts, styles)
        progress(60, _("Writing the PDF"))
        built = document.build(story, toc=True)
        progress(100, _("Done"))
        return built


def _sources(municipality: Municipality, parts: Sequence[Section], styles: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    base = settings.SITE_URL.rstrip("/")
    story = [Paragraph(_text(_("About these figures")), styles["h1"])]
    story.append(
        Paragraph(
            _text(
                _(
                    "Every figure is read from Maeul's database when the file is made; the "
                    "tables are public and downloadable at the addresses below."
                )
            ),
            styles["body"],
        )
    )
    for part in parts:
        story.append(
            Paragraph(
                _text(f"{part.title}: {base}/data/{municipality.code}/{part.table_name}/"),
                styles["small"],
            )
        )
    return story


# ---- the Governance Brief -------------------------------------------------------------------


class BadQuarter(ValueError):
    """A quarter that is not ``YYYY-Qn`` or that has not started yet."""


def parse_quarter(text: str, today: dt.date | None = None) -> tuple[int, int]:
    """``2021-Q3`` as (2021, 3); refuses another shape and a quarter that has not begun."""
    value = str(text).strip().upper()
    if len(value) != 7 or value[4:6] != "-Q" or not value[:4].isdigit() or value[6] not in "1234":
        raise BadQuarter(
            _("%(value)s is not a quarter: write it as YYYY-Qn, e.g. 2021-Q3.") % {"value": text}
        )
    year, quarter = int(value[:4]), int(value[6])
    today = today or timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise BadQuarter(
            _("%(value)s has not begun yet: a brief reports a quarter that has started.")
            % {"value": value}
        )
    return year, quarter


def quarter_months(quarter: int) -> tuple[int, int]:
    return 3 * quarter - 2, 3 * quarter


BRIEF_ROWS = 12
"""Rows of a table shown in the brief (the full tables are in the open data and the book),
which keeps the brief within 4 to 8 pages."""


BRIEF_LEAVES_OUT = frozenset({"turnout"})
"""Sections the brief leaves to the data book and the dashboard: the turnout by dong and age
is that of the year's latest vote, not of the quarter, and one page per programme must stay
within the brief's eight pages."""


def build_brief(
    municipality: Municipality, year: int, quarter: int, progress: Progress = _quiet
) -> Built:
    """The quarter's Governance Brief: highlights on the first page, then one page per
    programme (4 to 8 A4 pages). Votes are those that closed in the quarter; the other
    programmes show the year so far."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    with translation.override("ko"):
        progress(0, _("Reading the figures"))
        register_fonts()
        styles = _styles()
        head = audit_head()
        parts = [p for p in sections(municipality, year) if p.key not in BRIEF_LEAVES_OUT]
        first, last = quarter_months(quarter)
        for part in parts:
            if part.key == "votes":
                _keep_quarter(part, year, first, last)
        progress(40, _("Laying out the pages"))
        title = _("%(place)s Governance Brief %(year)s Q%(quarter)s") % {
            "place": municipality.full_name,
            "year": year,
            "quarter": quarter,
        }
        document = _Document(title, f"{title} · Maeul")
        story = _cover(
            title,
            _("The quarter's participation in figures (%(year)s-%(first)02d to %(last)02d)")
            % {"year": year, "first": first, "last": last},
            head,
            styles,
        )
        story.append(Spacer(1, 18))
        story.append(Paragraph(_text(_("Highlights")), styles["h2"]))
        highlights = [h for part in parts for h in part.highlights]
        if not highlights:
            story.append(
                Paragraph(
                    _text(_("Maeul holds no figures for this quarter for this municipality.")),
                    styles["body"],
                )
            )
        for label, figure in highlights:
            story.append(Paragraph(_text(label), styles["body"]))
            story.append(Paragraph(_text(figure), styles["figure"]))
        for part in parts:
            story.append(PageBreak())
            story += _section_story(part, document.width, styles, max_rows=BRIEF_ROWS)
        progress(60, _("Writing the PDF"))
        built = document.build(story, toc=False)
        progress(100, _("Done"))
        return built


def _keep_quarter(section: Section, year: int, first: int, last: int) -> None:
    """Keep the polls that closed within the quarter (the table's second column is the
    closing date, ``YYYY-MM-DD``)."""
    keep = []
    for row, bar in zip(
        section.rows, section.charts[0].bars if section.charts else [], strict=False
    ):
        closed = row[1]
        if closed[:4] == str(year) and first <= int(closed[5:7]) <= last:
            keep.append((row, bar))
    section.rows = [row for row, _bar in keep]
    if section.charts:
        section.charts = [Chart(section.charts[0].title, tuple(bar for _row, bar in keep))]
    section.highlights = []
    if keep:
        section.highlights = [
            (_("Polls closed in the quarter"), f"{len(keep):,}"),
        ]
    if not keep:
        section.charts = []
