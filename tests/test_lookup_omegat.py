"""A pre-translated article in OmegaT 3.6 (console mode): its TMX in tm/auto/ gives OmegaT
the same matches we inserted, and the pre-translated XLIFF opens as a source file.

Judged by OmegaT's target files (it exits 0 even when it drops an input;
see shared/ref/omegat-notes.md).
"""

from __future__ import annotations

import io

import pytest
from lxml import etree

from tests import omegat_client as omegat
from tests.conftest import ROOT, SEED_ID
from tests.test_lookup import FUZZY_NEW, XLIFF_NS, write_new_article
from tmbrief.lookup.analyze import match_segments, read_article
from tmbrief.lookup.index import CorpusIndex
from tmbrief.lookup.pretranslate import header_for, pretranslate, write_pretranslated

pytestmark = pytest.mark.skipif(omegat.missing() is not None, reason=str(omegat.missing()))


@pytest.fixture(scope="module")
def pretranslated(tmp_path_factory):
    tm = tmp_path_factory.mktemp("tm")
    (tm / f"{SEED_ID}.tsv").write_bytes((ROOT / "tm" / f"{SEED_ID}.tsv").read_bytes())
    index = CorpusIndex(tm, tmp_path_factory.mktemp("ix") / "index.sqlite")
    path = write_new_article(tmp_path_factory.mktemp("new") / "new-article.zh.txt")
    article = read_article(path)
    inserted = pretranslate(article, index.run(lambda b: match_segments(b, article.segments)))
    index.close()
    header = header_for(article, 70)

    def written(fmt):
        buf = io.StringIO(newline="")
        write_pretranslated(inserted, header, fmt, buf)
        return buf.getvalue().encode("utf-8")

    paragraphs = [p.text for p in article.cleaned.paragraphs]
    return paragraphs, inserted, written("tmx"), written("xliff")


def test_omegat_inserts_the_matches_we_inserted(pretranslated, tmp_path):
    paragraphs, inserted, tmx, _ = pretranslated
    units = [i.unit for i in inserted]
    run = omegat.run(tmp_path, {"new-article": (paragraphs, tmx)}, sentence_seg=True)
    results = omegat.analyse(paragraphs, units, run.segments)
    assert list(run.targets["new-article"]) == omegat.expected_target(paragraphs, results)
    matched = [r for r in results if r.kind == "match"]
    # Every inserted translation whose sentence OmegaT also segments out came back.
    assert len(matched) >= 30
    assert any(r.text == FUZZY_NEW for r in matched)


def test_the_pretranslated_xliff_opens_in_omegat(pretranslated, tmp_path):
    paragraphs, inserted, tmx, xliff = pretranslated
    for d in ("source", "target", "tm/auto", "glossary", "omegat", "config"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
    (tmp_path / "omegat.project").write_text(omegat.PROJECT.format(seg="true"), encoding="utf-8")
    (tmp_path / "source" / "new-article.xlf").write_bytes(xliff)
    omegat.translate(tmp_path)
    out = tmp_path / "target" / "new-article.xlf"
    assert out.exists(), "OmegaT wrote no target XLIFF"
    targets = {
        u.find("x:source", XLIFF_NS).text: (u.find("x:target", XLIFF_NS).text or "")
        for u in etree.parse(str(out)).getroot().iterfind(".//x:trans-unit", XLIFF_NS)
    }
    assert len(targets) == len({i.unit.source for i in inserted})
    for i in inserted:
        if i.unit.target:
            assert targets[i.unit.source] == i.unit.target
