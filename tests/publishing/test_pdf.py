"""The data book and the brief, read back: page counts, the dashboard's figures in the text,
Korean text and embedded fonts, bad input, and the kept publication's digest and audit head."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfReader

from maeul.auditlog.models import AuditEntry
from maeul.publishing.catalogue import municipality_for
from maeul.publishing.figures import sections
from maeul.publishing.models import Publication
from maeul.publishing.pdf import BadQuarter, build_brief, build_databook, parse_quarter

GEUMCHEON = "1154500000"


def text_of(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def dashboard_figures(html: str) -> list[str]:
    """The highlight figures and table cells the dashboard page shows."""
    strong = re.findall(r"<li>[^<]*<strong>([^<]+)</strong></li>", html)
    cells = re.findall(r"<t[dh][^>]*>([^<]+)</t[dh]>", html)
    return [value.strip() for value in strong + cells if value.strip()]


def test_the_data_book_carries_the_dashboards_figures_in_korean(shared_demo: None) -> None:
    geumcheon = municipality_for(GEUMCHEON)
    steps: list[tuple[int, str]] = []
    built = build_databook(geumcheon, 2021, lambda p, m: steps.append((p, m)))
    pages, text = text_of(built.data)
    assert pages == built.pages >= 7
    assert steps[0][0] == 0 and steps[-1][0] == 100
    flat = squeeze(text)
    assert "서울특별시금천구2021데이터북" in flat
    assert "목차" in flat and "-1-" in flat and f"-{pages}-" in flat
    html = Client().get(f"/data/{GEUMCHEON}/2021/dashboard/").content.decode()
    figures = dashboard_figures(html)
    assert "1,956" in figures and "69" in figures  # mobile voters 2021, pledges followed
    missing = [f for f in figures if squeeze(f) not in flat]
    assert not missing, missing
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(built.data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("+" in name for name in fonts)  # embedded subsets, no viewer font


def test_a_year_without_data_gives_a_book_that_says_so(shared_demo: None) -> None:
    built = build_databook(municipality_for(GEUMCHEON), 2009)
    _pages, text = text_of(built.data)
    assert "2009년사업자료가없습니다" in squeeze(text)


@pytest.mark.parametrize("code", [GEUMCHEON, "seoul", "gyeonggi"])
def test_the_brief_has_four_to_eight_pages(shared_demo: None, code: str) -> None:
    built = build_brief(municipality_for(code), 2021, 2)
    pages, text = text_of(built.data)
    assert 4 <= pages <= 8
    assert "거버넌스브리프2021년2분기" in squeeze(text)


def test_the_brief_shows_the_quarters_polls_only(shared_demo: None) -> None:
    namgu = municipality_for("2915500000")
    html = Client().get("/data/2915500000/2020/dashboard/").content.decode()
    titles = re.findall(r'<th scope="row">([^<]+)</th><td>2020-(\d\d)-\d\d</td>', html)
    assert titles
    _pages, text = text_of(build_brief(namgu, 2020, 2).data)
    flat = squeeze(text)
    for title, month in titles:
        assert (squeeze(title) in flat) == (4 <= int(month) <= 6), title


def test_quarters_are_checked() -> None:
    assert parse_quarter("2021-q3") == (2021, 3)
    for bad in ("2021Q3", "2021-Q5", "21-Q1", "2999-Q1", ""):
        with pytest.raises(BadQuarter):
            parse_quarter(bad)


def test_publish_keeps_the_file_with_its_digest_and_audit_head(
    shared_demo: None, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None
    output = tmp_path / "book.pdf"
    out = io.StringIO()
    call_command(
        "publish",
        "databook",
        "--municipality",
        GEUMCHEON,
        "--year",
        "2021",
        "--output",
        str(output),
        stdout=out,
    )
    publication = Publication.objects.get()
    data = output.read_bytes()
    assert hashlib.sha256(data).hexdigest() == publication.sha256
    kept = tmp_path / "publications" / publication.file_name
    assert kept.read_bytes() == data
    assert (publication.audit_seq, publication.audit_hash) == (head.seq, head.entry_hash)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and entry.kind == "publishing.published"
    assert entry.data["sha256"] == publication.sha256
    assert entry.data["audit_hash"] == head.entry_hash
    assert publication.sha256 in out.getvalue()
    call_command(
        "publish",
        "brief",
        "--municipality",
        GEUMCHEON,
        "--quarter",
        "2021-Q2",
        "--output",
        str(tmp_path / "brief.pdf"),
        stdout=io.StringIO(),
    )
    brief = Publication.objects.get(kind="brief")
    assert (brief.period, brief.version) == ("2021-Q2", 1)
    assert 4 <= brief.pages <= 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["databook", "--municipality", "nowhere", "--year", "2021"], "unknown municipality"),
        (["databook", "--municipality", GEUMCHEON, "--year", "21"], "is not a year"),
        (["brief", "--municipality", GEUMCHEON, "--quarter", "2999-Q1"], "2999-Q1"),
        (["brief", "--municipality", GEUMCHEON, "--quarter", "2021-3"], "YYYY-Qn"),
    ],
)
@pytest.mark.django_db
def test_bad_input_gets_a_clear_message(
    places: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("publish", *args, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_sections_match_between_dashboard_and_figures(shared_demo: None) -> None:
    html = Client().get(f"/data/{GEUMCHEON}/dashboard/").content.decode()
    for section in sections(municipality_for(GEUMCHEON)):
        assert f'data-testid="section-{section.key}"' in html
        for row in section.rows[:3]:
            assert row[0] in html


def test_card_news_are_square_pngs_of_the_briefs_highlights(shared_demo: None) -> None:
    from PIL import Image

    from maeul.publishing.cards import build_cards

    cards = build_cards(municipality_for(GEUMCHEON), 2021, 2)
    figures = {card.figure for card in cards}
    assert {"1,956", "69"} <= figures
    for card in cards:
        image = Image.open(io.BytesIO(card.png))
        assert image.format == "PNG" and image.size == (1080, 1080)
        assert len(image.getcolors(1_000_000) or []) > 20  # text drawn, not a blank square
