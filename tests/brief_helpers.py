"""Briefing test helpers: units of the seed's real sentences and the fixtures built from them.

The units are real: the seed's cleaned Chinese paragraphs and its human English
translation, split by the segmenter and paired within each paragraph (one unit
per sentence when the counts agree, else one unit for the paragraph), so the
tests do not depend on the aligner's current quality.
"""

from __future__ import annotations

import functools

import pytest

from tests.conftest import SEED_GLOSSARY, SEED_ID, SEEDS
from tmbrief.brief.briefing import make_brief
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Unit
from tmbrief.core.textio import read_text
from tmbrief.pipeline import read_translation
from tmbrief.segment.splitter import split_sentences


def pair_units(doc_id, zh_paragraphs, en_paragraphs):
    """Units of real text: sentences paired 1-1 within a paragraph when the counts agree."""
    units = []
    for p, (zh, en) in enumerate(zip(zh_paragraphs, en_paragraphs, strict=True)):
        zs = [zh[a:b] for a, b in split_sentences(zh, "zh-CN")]
        es = [en[a:b] for a, b in split_sentences(en, "en")]
        pairs = [([z], [e]) for z, e in zip(zs, es, strict=True)] if len(zs) == len(es) else []
        for z, e in pairs or [(zs, es)]:
            n = len(units)
            units.append(
                Unit(f"{doc_id}:{n}", doc_id, p, (n,), (n,), "".join(z), " ".join(e),
                     f"{len(z)}-{len(e)}", 1.0, "translated")
            )  # fmt: skip
    return tuple(units)


@functools.cache
def glossary():
    """The seed glossary's terms."""
    return load_glossary(SEED_GLOSSARY)


# Fixtures: a test module imports them by name (``from tests.brief_helpers import
# brief_fixture, glossary_fixture, seed_fixture``); pytest then offers ``glossary``,
# ``seed`` and ``brief`` to its tests, built once per module.


@pytest.fixture(scope="module", name="glossary")
def glossary_fixture():
    """The seed glossary's terms."""
    return glossary()


@pytest.fixture(scope="module", name="seed")
def seed_fixture(seed_doc):
    """(units, DocMeta, paragraph kinds) of the seed, from its cleaned document."""
    en = read_translation(read_text(SEEDS / f"{SEED_ID}.en.txt"))
    units = pair_units(SEED_ID, [p.text for p in seed_doc.paragraphs], en)
    kinds = tuple(p.kind for p in seed_doc.paragraphs)
    return units, seed_doc.meta, kinds


@pytest.fixture(scope="module", name="brief")
def brief_fixture(seed):
    """The seed's briefing with the seed glossary."""
    units, meta, kinds = seed
    return make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary())


def by_tuid(units):
    return {u.tuid: u for u in units}


def unit(n, paragraph, source, target, status="translated"):
    """A unit of document ``d`` for small hand-made cases."""
    return Unit(f"d:{n}", "d", paragraph, (n,), (n,), source, target, "1-1", 1.0, status)
