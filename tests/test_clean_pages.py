"""Pages of twelve Chinese news sites, as text scrapes and saved HTML (tests/data/pages).

Each fixture is a real article (WMT22 news) in one site's page furniture; the
cleaner must keep every body paragraph once, drop every furniture line, find the
title and read the metadata, and the text scrape and the HTML page must give the
same paragraphs.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import DATA
from tmbrief.clean import clean, clean_html
from tmbrief.core.model import BYLINE_FIELDS, CleanDoc
from tmbrief.pipeline import build

PAGES = DATA / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
FIXTURES = sorted(EXPECTED)
ROLE_FIELDS = BYLINE_FIELDS


def from_text(fid: str) -> CleanDoc:
    return clean((PAGES / f"{fid}.zh.txt").read_text(encoding="utf-8"), fid)


def from_html(fid: str) -> CleanDoc:
    path = PAGES / f"{fid}.zh.html"
    return clean_html(path.read_bytes(), path, fid)


READERS = {"text": from_text, "html": from_html}


def test_the_fixtures_cover_at_least_eight_sites_and_hold_some_out():
    assert len({w["site"] for w in EXPECTED.values()}) >= 8
    assert {w["split"] for w in EXPECTED.values()} == {"dev", "heldout"}


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("fid", FIXTURES)
def test_paragraphs_are_exactly_the_article(fid, kind):
    """Every body paragraph once, in order, and no furniture line."""
    doc = READERS[kind](fid)
    assert [p.text for p in doc.paragraphs] == EXPECTED[fid]["paragraphs"]


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("fid", FIXTURES)
def test_title_and_metadata(fid, kind):
    want = EXPECTED[fid]
    meta = READERS[kind](fid).meta
    assert meta.title == want["title"]
    assert (meta.outlet, meta.date, meta.time) == (want["outlet"], want["date"], want["time"])
    for field in ROLE_FIELDS:
        assert list(getattr(meta, field)) == want[field], field


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("fid", FIXTURES)
def test_every_raw_line_is_accounted_for(fid, kind):
    doc = READERS[kind](fid)
    assert [r.line for r in doc.provenance] == list(range(1, len(doc.provenance) + 1))
    assert all(r.fate in ("kept", "duplicate", "dropped") and r.reason for r in doc.provenance)
    kept = {r.target for r in doc.provenance if r.fate == "kept"}
    assert kept == set(range(len(doc.paragraphs)))
    if kind == "text":
        raw = (PAGES / f"{fid}.zh.txt").read_text(encoding="utf-8")
        assert len(doc.provenance) == len(raw.split("\n")) - raw.endswith("\n")
    else:
        assert all(r.origin.startswith("html:") for r in doc.provenance)


@pytest.mark.parametrize("fid", FIXTURES)
def test_text_scrape_and_saved_page_give_the_same_paragraphs(fid):
    assert [p.text for p in from_text(fid).paragraphs] == [
        p.text for p in from_html(fid).paragraphs
    ]


def test_gb_pages_are_read_in_the_charset_they_declare():
    doc = from_html("chinanews-ivy")  # declares gb2312, holds GB18030 bytes
    assert doc.encoding == "gb18030"
    assert "— —" in doc.paragraphs[1].text  # A1AA is an em dash, as browsers read it


def test_a_saved_page_builds_like_its_text_scrape(tmp_path):
    """seeds/<id>.zh.html builds: the same segments and TM as the text scrape of the page."""
    fid = "cctv-greater-bay"
    results = {}
    for kind in ("txt", "html"):
        seeds = tmp_path / kind / "seeds"
        seeds.mkdir(parents=True)
        shutil.copy(PAGES / f"{fid}.zh.{kind}", seeds / f"{fid}.zh.{kind}")
        shutil.copy(PAGES / f"{fid}.en.txt", seeds / f"{fid}.en.txt")
        results[kind] = build(seeds, tmp_path / kind).files
    same = [f"segments/{fid}.zh.tsv", f"segments/{fid}.en.tsv", f"tm/{fid}.beads.txt"]
    for name in same:
        assert results["txt"][name] == results["html"][name], name
    beads = results["html"][f"tm/{fid}.beads.txt"].decode().splitlines()
    assert len(beads) == 6  # title + 5 sentences of 4 paragraphs, one to one
    meta = json.loads(results["html"][f"segments/{fid}.meta.json"])
    assert (meta["title"], meta["outlet"], meta["encoding"]) == (
        EXPECTED[fid]["title"],
        "新华社",
        "utf-8",
    )
    provenance = results["html"][f"segments/{fid}.zh.provenance.tsv"].decode()
    assert provenance.split("\n")[0].endswith("\torigin")
