"""The release stamp in the keys of cached page parts (maeul/core/fragments.py)."""

from __future__ import annotations

import os

from django.core.cache import cache

from maeul.core import fragments


def test_stamp_changes_with_a_template_a_catalogue_or_the_code(tmp_path):
    (tmp_path / "app" / "templates").mkdir(parents=True)
    page = tmp_path / "app" / "templates" / "page.html"
    page.write_text("<p>{% trans 'Hello' %}</p>")
    (tmp_path / "app" / "views.py").write_text("X = 1\n")
    (tmp_path / "app" / "notes.md").write_text("not a source")
    first = fragments.stamp(tmp_path)
    assert fragments.stamp(tmp_path) == first

    (tmp_path / "app" / "notes.md").write_text("still not a source, longer")
    assert fragments.stamp(tmp_path) == first

    page.write_text("<p>{% trans 'Hello there' %}</p>")
    changed = fragments.stamp(tmp_path)
    assert changed != first

    info = page.stat()
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert fragments.stamp(tmp_path) not in (first, changed)

    (tmp_path / "app" / "locale").mkdir()
    before = fragments.stamp(tmp_path)
    (tmp_path / "app" / "locale" / "django.mo").write_bytes(b"\x00")
    assert fragments.stamp(tmp_path) != before


def test_a_part_stored_by_another_release_is_not_served(monkeypatch):
    cache.clear()
    monkeypatch.setattr(fragments, "release", lambda: "old-release")
    assert fragments.cached_html("part", 60, lambda: "<b>old</b>") == "<b>old</b>"
    assert fragments.cached_html("part", 60, lambda: "<b>unused</b>") == "<b>old</b>"

    monkeypatch.setattr(fragments, "release", lambda: "new-release")
    assert fragments.cached_html("part", 60, lambda: "<b>new</b>") == "<b>new</b>"
    cache.clear()


def test_the_running_release_is_computed_once_and_names_the_package():
    assert fragments.release() == fragments.release()
    assert len(fragments.release()) == 12
