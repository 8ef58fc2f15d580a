"""OmegaT 3.6, a real CAT tool, loads our TMX and inserts our translations as exact matches.

Sentence segmentation off: every paragraph whose units are all translated
comes out as our English paragraph. Default sentence segmentation on: every
OmegaT segment made of whole beads is matched (by a sentence, block or
paragraph unit). Judged by the target file: OmegaT exits 0 even when it drops
a TMX (the control test shows that it does). Runs on the test excerpt, and on
the seed's real TM when `tmbrief build` has made tm/<seed>.tsv.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import omegat_client as omegat
from tests import tm_fixture as fx
from tests.conftest import ROOT, SEED_ID
from tmbrief.formats import FORMATS, write_bytes
from tmbrief.tm.memory import read_tm

pytestmark = pytest.mark.skipif(omegat.missing() is not None, reason=str(omegat.missing()))

SEED_TM = ROOT / "tm" / f"{SEED_ID}.tsv"
SEED_PARAGRAPHS = ROOT / "segments" / f"{SEED_ID}.zh.paragraphs.txt"


def translate_both_ways(tmp_path_factory, name, paragraphs, units, header):
    """OmegaT runs with segmentation off and on (in parallel): {seg: (run, analysis)}."""
    tmx = write_bytes(FORMATS["tmx"], units, header)[0]

    def one(seg: bool):
        root = tmp_path_factory.mktemp(f"omegat-{name}-{'seg' if seg else 'noseg'}")
        run = omegat.run(root, {name: (paragraphs, tmx)}, sentence_seg=seg)
        return seg, (run.targets[name], omegat.analyse(paragraphs, units, run.segments))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, (False, True)))


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory):
    paragraphs = [p.text for p in fx.paragraphs()]
    runs = translate_both_ways(tmp_path_factory, "excerpt", paragraphs, fx.all_units(), fx.HEADER)
    return paragraphs, runs


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    header, units = read_tm(SEED_TM)
    paragraphs = SEED_PARAGRAPHS.read_text(encoding="utf-8").rstrip("\n").split("\n")
    return paragraphs, translate_both_ways(tmp_path_factory, "seed", paragraphs, units, header)


def kinds(results):
    return {k: sum(r.kind == k for r in results) for k in ("match", "untranslated", "inside-bead")}


@pytest.mark.parametrize("doc", ["excerpt", "seed"])
@pytest.mark.parametrize("seg", [False, True], ids=["segmentation-off", "segmentation-on"])
def test_omegat_inserts_our_translation_for_every_whole_bead_segment(request, doc, seg):
    paragraphs, runs = request.getfixturevalue(doc)
    target, results = runs[seg]
    unmatched = [r.text for r in results if r.kind == "match" and r.translation is None]
    assert unmatched == []  # the TM has a unit for every segment made of whole beads
    assert list(target) == omegat.expected_target(paragraphs, results)
    if not seg:
        assert len(results) == len(paragraphs)  # no segmentation: one segment per paragraph


@pytest.mark.parametrize(
    ("seg", "expected"),
    [
        (False, {"match": 11, "untranslated": 1, "inside-bead": 0}),
        (True, {"match": 18, "untranslated": 1, "inside-bead": 0}),
    ],
    ids=["segmentation-off", "segmentation-on"],
)
def test_excerpt_share_of_matched_segments(excerpt, seg, expected):
    assert kinds(excerpt[1][seg][1]) == expected


def test_block_unit_is_what_matches_a_quote_omegat_does_not_split(excerpt):
    results = excerpt[1][True][1]
    quote = next(r for r in results if r.text.startswith("“涪陵作为全市首个"))
    assert quote.text.endswith("刘忠提问。") and quote.kind == "match"
    assert quote.translation.endswith(
        "Liu Zhong, deputy secretary of the Fuling District Party Committee and district mayor."
    )


def test_control_omegat_silently_drops_a_tmx_without_srclang(tmp_path):
    data = write_bytes(FORMATS["tmx"], fx.all_units(), fx.HEADER)[0]
    broken = data.replace(b' srclang="zh-CN"', b"", 1)
    paragraphs = [p.text for p in fx.paragraphs()]
    run = omegat.run(tmp_path, {"control": (paragraphs, broken)}, sentence_seg=False)
    assert list(run.targets["control"]) == paragraphs  # nothing inserted, and exit status 0
