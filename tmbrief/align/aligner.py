"""Sentence alignment, Chinese -> English, with a confidence score per bead.

:func:`align_sentences` aligns two lists of sentences; :func:`align_document`
aligns two segmented documents paragraph by paragraph. Both return beads
(:class:`tmbrief.core.model.Bead`) that partition both sides in order; bead types
1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-4, 2-3, 3-2, 1-0 and 0-1.

How: each sentence becomes its length and lexical keys (CC-CEDICT glosses of
its jieba words, pinyin of names, numbers, Latin words, question marks and
quotes; :mod:`tmbrief.align.features`); a bead costs a type prior plus a
Gale-Church length cost fitted to the document pair minus its lexical
evidence (:mod:`tmbrief.align.score`); the cheapest path is found by a banded
DP, coarse to fine, in two passes (:mod:`tmbrief.align.search`).

The score of a bead estimates the probability that it is exactly right (a
logistic model of its lexical evidence, length fit and type, calibrated on
the mac-dev benchmark by ``bench/align_bench.py``); beads scoring under
:data:`REVIEW_THRESHOLD` need a human look.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

import regex

from tmbrief.align.dp import Span
from tmbrief.align.features import (
    Features,
    Units,
    add_anchors,
    en_features,
    merge,
    pack,
    with_chance_rates,
    zh_features,
)
from tmbrief.align.score import ScoreParams, evidence, length_cost
from tmbrief.align.search import Refit, align_fixed, align_units, first_pass, refit
from tmbrief.core.glossary import Term, find_terms, has_english
from tmbrief.core.memory import release_free_memory
from tmbrief.core.model import Bead, Segment
from tmbrief.core.settings import REVIEW_THRESHOLD, AlignSettings

log = logging.getLogger(__name__)

# Beads scoring under REVIEW_THRESHOLD (core.settings) need review: the model gives them
# less than an even chance of being exactly right (on mac-dev, see bench/RESULTS.md).
__all__ = ["REVIEW_THRESHOLD", "align_document", "align_sentences"]

# Logistic model of P(bead exactly right) over confidence_features(): intercept,
# then the weights of the bead's posterior (as log-odds), its lexical evidence
# per token, length cost, type prior and "is a null bead". Fitted by
# `.venv/bin/python bench/align_bench.py --calibrate` on the mac-dev beads plus,
# at 5% of the weight, beads of the same chapters with the English shuffled
# (known wrong: the score must also drop where sentences do not correspond).
CONFIDENCE_WEIGHTS = (-0.530, 1.322, 2.647, -0.129, -0.082, -0.480)

# Bead-type priors between paragraphs (costs, as DEFAULT_PRIORS): translators
# keep paragraphs far more often than sentences, and drop a whole paragraph
# (a caption, a byline) more readily than join it to its neighbour.
PARAGRAPH_PRIORS = {
    (1, 1): 0.0,
    (1, 2): 3.5,
    (2, 1): 3.5,
    (1, 3): 7.0,
    (3, 1): 7.0,
    (2, 2): 6.0,
    (1, 4): 9.0,
    (2, 3): 9.0,
    (3, 2): 9.0,
    (1, 0): 4.0,
    (0, 1): 4.0,
}

GLOSSARY_PREFIX = "§"
# A paragraph that does not end like a sentence: a heading, a caption, a dateline.
HEADING_KEY = "¶"
_SENTENCE_END = regex.compile(r"[.!?。！？…”’\"')）]\s*$")

Glossary = Iterable[tuple[str, str]]
T = TypeVar("T")


def score_params(settings: AlignSettings) -> ScoreParams:
    """The search and scoring parameters that ``settings`` give (before fitting)."""
    return ScoreParams(
        length_weight=settings.length_weight,
        lexical_weight=settings.lexical_weight,
        ratio=settings.ratio_prior,
        variance=settings.variance_prior,
        band=settings.band,
    )


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    *,
    glossary: Glossary | None = None,
    settings: AlignSettings | None = None,
) -> tuple[Bead, ...]:
    """Align Chinese sentences ``src`` with their English translation ``tgt``.

    ``glossary``: (zh, en) term pairs (or tmbrief.core.glossary Terms); a Chinese
    sentence holding a term and an English one holding its translation share
    an anchor. Ids in the beads are 0-based positions in ``src`` and ``tgt``.
    """
    settings = settings or AlignSettings()
    src_features, tgt_features = sentence_features(src, tgt, glossary)
    result = align_units(src_features, tgt_features, score_params(settings))
    return tuple(
        _beads(
            result.spans,
            result.posteriors,
            result.src,
            result.tgt,
            result.params,
            range(len(src)),
            range(len(tgt)),
        )
    )


def align_document(
    src_segments: Sequence[Segment],
    tgt_segments: Sequence[Segment],
    *,
    glossary: Glossary | None = None,
    settings: AlignSettings | None = None,
) -> tuple[Bead, ...]:
    """Align two segmented documents: paragraphs first, then sentences inside each block.

    A first alignment of all sentences, ignoring paragraphs, fits the length
    ratio and variance and learns a translation table. With those, paragraphs
    (consecutive segments sharing ``Segment.paragraph``) are aligned as units,
    with PARAGRAPH_PRIORS and ``settings.paragraph_orphan_cost`` (the cost of
    joining a paragraph that shares no key with the other side into a bead); a
    paragraph that reads like a heading or caption (no sentence-final
    punctuation) carries an extra anchor. Then the sentences of each aligned block of paragraphs are
    aligned. A bead's score multiplies its paragraph bead's posterior with
    its own. Ids in the beads are the segments' ``id``.
    """
    settings = settings or AlignSettings()
    # The first pass reads the sentences' features packed (Units: made on demand); the
    # second pass's are made paragraph by paragraph, then block by block (Refit): a long
    # document's key tables are never all alive at once.
    src_packed, tgt_packed = _sentence_features(
        [s.text for s in src_segments],
        [s.text for s in tgt_segments],
        glossary,
        lambda f: pack(f, f.words),
    )
    # Each phase's freed memory goes back to the system before the next one allocates
    # (core/memory.py): the stage's peak is its largest phase, not their sum.
    release_free_memory()
    model = refit(
        first_pass(Units.packed(src_packed), Units.packed(tgt_packed), score_params(settings))
    )
    del src_packed, tgt_packed  # the Refit keeps them packed again, with fewer words
    release_free_memory()
    src_paras = _paragraphs(src_segments)
    tgt_paras = _paragraphs(tgt_segments)
    para_spans, para_chances = _align_paragraphs(
        model, src_paras, tgt_paras, src_segments, tgt_segments, settings
    )
    release_free_memory()
    src_ids = [s.id for s in src_segments]
    tgt_ids = [s.id for s in tgt_segments]
    beads: list[Bead] = []
    for (p0, p1, q0, q1), para_chance in zip(para_spans, para_chances, strict=True):
        i0 = src_paras[p0][0] if p0 < p1 else _start(src_paras, p0, len(src_segments))
        i1 = src_paras[p1 - 1][-1] + 1 if p0 < p1 else i0
        j0 = tgt_paras[q0][0] if q0 < q1 else _start(tgt_paras, q0, len(tgt_segments))
        j1 = tgt_paras[q1 - 1][-1] + 1 if q0 < q1 else j0
        src, tgt = model.src_features(i0, i1), model.tgt_features(j0, j1)
        spans, block_chances = align_fixed(src, tgt, model.params)
        # A bead is right only if its paragraph bead is: P(bead) = P(paragraphs) P(bead | them).
        chances = [para_chance * chance for chance in block_chances]
        beads.extend(_beads(spans, chances, src, tgt, model.params, src_ids[i0:i1], tgt_ids[j0:j1]))
    log.info("%d paragraphs x %d paragraphs, %d beads", len(src_paras), len(tgt_paras), len(beads))
    return tuple(beads)


def _align_paragraphs(
    model: Refit,
    src_paras: Sequence[Sequence[int]],
    tgt_paras: Sequence[Sequence[int]],
    src_segments: Sequence[Segment],
    tgt_segments: Sequence[Segment],
    settings: AlignSettings,
) -> tuple[list[Span], list[float]]:
    """The paragraph path and each paragraph bead's posterior.

    The paragraph units are made from the model's sentences each time the search reads
    one (Units): a long document's would be ~4.8 KB each, all alive. Their sentences'
    chance tables are not made: a unit's own are set against the other side's units.
    """

    def src_unit(k: int) -> Features:
        p = src_paras[k]
        return _paragraph_unit(model.src_features(p[0], p[-1] + 1, False), src_segments[p[-1]])

    def tgt_unit(k: int) -> Features:
        p = tgt_paras[k]
        return _paragraph_unit(model.tgt_features(p[0], p[-1] + 1, False), tgt_segments[p[-1]])

    para_src, para_tgt = with_chance_rates(
        Units(src_unit, len(src_paras)), Units(tgt_unit, len(tgt_paras))
    )
    para_params = replace(
        model.params, priors=dict(PARAGRAPH_PRIORS), orphan_cost=settings.paragraph_orphan_cost
    )
    return align_fixed(para_src, para_tgt, para_params)


def sentence_features(
    src: Sequence[str], tgt: Sequence[str], glossary: Glossary | None = None
) -> tuple[list[Features], list[Features]]:
    """Features of the Chinese and English sentences, with glossary anchors."""
    return _sentence_features(src, tgt, glossary, lambda f: f)


def _sentence_features(
    src: Sequence[str], tgt: Sequence[str], glossary: Glossary | None, keep: Callable[[Features], T]
) -> tuple[list[T], list[T]]:
    """``keep`` of each sentence's features (:func:`sentence_features`), made one at a time."""
    terms = _terms(glossary)
    # Terms are found as QA finds them (tmbrief.core.glossary): Chinese longest first,
    # English from a word start with anything after it ("clusters").
    keys = {term: f"{GLOSSARY_PREFIX}{n}" for n, term in enumerate(terms)}
    vocabulary: set[str] = set()
    tgt_kept = []
    for text in tgt:
        f = en_features(text)
        vocabulary.update(f.keys)
        found = dict.fromkeys(keys[term] for term in terms if has_english(text, term))
        tgt_kept.append(keep(add_anchors(f, list(found)) if found else f))
    src_kept = []
    for text in src:
        f = zh_features(text, vocabulary)
        found = dict.fromkeys(keys[term] for term in find_terms(text, terms)) if terms else {}
        src_kept.append(keep(add_anchors(f, list(found)) if found else f))
    return src_kept, tgt_kept


def _terms(glossary: Glossary | None) -> tuple[Term, ...]:
    """Glossary Terms, from Terms or from (zh, en) pairs; entries missing a side are left out."""
    terms = []
    for item in glossary or ():
        zh, en = (item.zh, item.en) if isinstance(item, Term) else item
        zh, en = zh.strip(), " ".join(en.split())
        if zh and en:
            terms.append(Term(zh, en, "term"))
    return tuple(dict.fromkeys(terms))


def confidence_features(
    posterior: float, src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams
) -> tuple[float, ...]:
    """Inputs of the confidence model (see CONFIDENCE_WEIGHTS) for one bead."""
    p = min(max(posterior, 1e-6), 1 - 1e-6)
    log_odds = math.log(p / (1 - p))
    prior = params.priors[(len(src), len(tgt))]
    if not src or not tgt:
        return (1.0, log_odds, 0.0, 0.0, prior, 1.0)
    ev = evidence(src, tgt, params)
    lexical = (ev.matched - ev.expected) / max(1, ev.size)
    return (1.0, log_odds, lexical, float(length_cost([ev.delta])[0]), prior, 0.0)


def confidence(
    posterior: float, src: Sequence[Features], tgt: Sequence[Features], params: ScoreParams
) -> float:
    """Estimated probability that a bead is exactly right, in [0, 1].

    ``posterior``: the bead's share of the probability of all paths
    (:func:`tmbrief.align.dp.posteriors`), recalibrated together with its
    lexical evidence, length fit and type.
    """
    features = confidence_features(posterior, src, tgt, params)
    z = sum(w * x for w, x in zip(CONFIDENCE_WEIGHTS, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def _beads(
    spans: Sequence[Span],
    chances: Sequence[float],
    src: Sequence[Features],
    tgt: Sequence[Features],
    params: ScoreParams,
    src_ids: Sequence[int],
    tgt_ids: Sequence[int],
) -> Iterable[Bead]:
    """The beads of ``spans`` (positions in ``src``/``tgt``), with ids and confidence scores."""
    for (i0, i1, j0, j1), posterior in zip(spans, chances, strict=True):
        score = confidence(posterior, src[i0:i1], tgt[j0:j1], params)
        yield Bead(tuple(src_ids[i0:i1]), tuple(tgt_ids[j0:j1]), round(score, 4))


def _paragraphs(segments: Sequence[Segment]) -> list[list[int]]:
    """Positions of the segments of each paragraph, paragraphs in document order."""
    paragraphs: list[list[int]] = []
    last = None
    for k, segment in enumerate(segments):
        if segment.paragraph != last or not paragraphs:
            paragraphs.append([])
            last = segment.paragraph
        paragraphs[-1].append(k)
    return paragraphs


def _paragraph_unit(features: Sequence[Features], last: Segment) -> Features:
    """One unit for a paragraph's sentences (``last`` its last segment)."""
    # One unit, whatever its sentences: leaving a paragraph out costs one null prior.
    unit = replace(merge(features), count=1)
    if not _SENTENCE_END.search(last.text):
        unit = add_anchors(unit, [HEADING_KEY])
    return unit


def _start(paragraphs: Sequence[Sequence[int]], p: int, total: int) -> int:
    """Position of the first segment of paragraph ``p`` (``total`` past the last one)."""
    return paragraphs[p][0] if p < len(paragraphs) else total
