"""The HTML briefing in a real headless Chromium (Debian's chromium, driven by Playwright).

Citations are links that land on the cited unit of the side-by-side article, the
cited units are highlighted, the page fits a 390 px phone screen without
horizontal overflow, and it prints. Skipped, saying why, only where chromium or
the playwright package is missing (.ci/run installs both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.brief_helpers import (  # noqa: F401 (the *_fixture names are pytest fixtures)
    brief_fixture,
    glossary_fixture,
    seed_fixture,
)
from tests.news_docs import news_doc
from tmbrief.brief.briefing import make_brief, make_overview
from tmbrief.brief.render import render, render_overview

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright missing")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(brief, tmp_path_factory):
    """The seed's briefing, and an overview of it with a news article, as HTML files."""
    out = tmp_path_factory.mktemp("html")
    one = out / "seed.brief.html"
    one.write_text(render(brief, "html"), encoding="utf-8")
    units, meta, kinds = news_doc("xinhua-zh-01-104086")
    other = make_brief(units, meta, paragraph_kinds=kinds)
    every = out / "all.html"
    every.write_text(render_overview(make_overview([brief, other]), "html"), encoding="utf-8")
    return one, every


def _open(browser, path, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.as_uri())
    return page


def test_citation_links_land_on_the_cited_unit(browser, pages, brief):
    page = _open(browser, pages[0], 1280)
    link = page.locator("section.summary cite a").first
    tuid = brief.summary[0].tuids[0]
    assert link.get_attribute("href") == f"#{tuid}"
    link.click()
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#{tuid}"
    row = page.locator(f"[id='{tuid}']")
    assert "cited" in row.get_attribute("class")
    assert row.is_visible()
    box = row.bounding_box()
    assert -2 <= box["y"] < 800  # scrolled into view
    # side by side on a wide screen: the Chinese and the English in one row
    zh, en = row.locator("p").nth(0).bounding_box(), row.locator("p").nth(1).bounding_box()
    assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"]
    # every citation resolves to a row of the article
    hrefs = page.eval_on_selector_all("cite a, td.tuid a", "els => els.map(e => e.hash)")
    ids = set(page.eval_on_selector_all(".side .row", "els => els.map(e => '#' + e.id)"))
    assert hrefs and {h.replace("%3A", ":") for h in hrefs} <= ids
    highlighted = page.eval_on_selector_all(
        ".side .row.cited", "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert highlighted and all(c != "rgba(0, 0, 0, 0)" for c in highlighted)
    page.close()


@pytest.mark.parametrize("which", [0, 1])
def test_fits_a_phone_screen(browser, pages, which):
    page = _open(browser, pages[which], 390)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{width} px wide in a 390 px screen"
    page.close()


def test_prints(browser, pages):
    page = _open(browser, pages[0], 1280)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.close()
