"""Choosing the summary: passages, candidate filtering, salience features and MMR.

The summary is extractive. Units are grouped into passages (whole English
sentences), body passages become candidates, each candidate gets five features
in [0, 1] computed over the Chinese source:

- ``lead``: news puts the gist first, so 1 for the first candidate falling
  linearly to 1/n for the last;
- ``centrality``: continuous LexRank over jieba TF-IDF cosine similarities;
- ``figures``: key figures that survive translation (quantities of the Chinese the
  number checker also finds in the English; no dates, ordinals or names such as
  “33618”), log-damped;
- ``entities``: proper names (jieba tags and glossary names), each weighted by its
  inverse document frequency over the candidates, so the article's constant
  subject (涪陵) counts for nothing;
- ``title``: share of the headline's content words the sentence contains.

Salience is the weighted sum (:data:`tmbrief.brief.rules.WEIGHTS`) times a form
factor (questions and short maxims are discounted). Sentences are then picked
greedily by maximal marginal relevance against the ones already chosen, until the
sentence count or word budget is reached, and finally put back in article order.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import regex

from tmbrief.brief.facts import key_figure_pairs
from tmbrief.brief.model import Passage, Scores, quotable
from tmbrief.brief.rules import (
    CAPTION_EN,
    CAPTION_ZH,
    ENTITY_KINDS,
    FORM_RULES,
    FRAGMENT_MAX_WORDS,
    MAX_CANDIDATES,
    MMR_LAMBDA,
    QUESTION_MARK,
    SENTENCE_END_EN,
    SUMMARY_KINDS,
    WEIGHTS,
)
from tmbrief.brief.text import (
    content_words,
    cosine,
    entity_words,
    idf,
    lexrank,
    similarity_matrix,
    tfidf,
)
from tmbrief.core import rx
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.model import Unit
from tmbrief.numbers.extract import extract_numbers
from tmbrief.segment.splitter import split_sentences

_FORM = {name: factor for name, factor, _ in FORM_RULES}
_SPACES = rx.compile(r"\s+")
_EN_WORD = rx.compile(r"[\p{L}\p{N}]{3,}")


def passages(units: Iterable[Unit], paragraph_kinds: Sequence[str]) -> tuple[Passage, ...]:
    """Group ``units`` (TM order) into passages of whole English sentences.

    A passage closes at a paragraph change, after a target that ends a sentence,
    and around a unit with no target (untranslated units stand alone).
    """
    out: list[Passage] = []
    current: list[Unit] = []

    def close():
        if current:
            out.append(Passage(tuple(current), kind_of(current[0].paragraph, paragraph_kinds)))
            current.clear()

    for unit in sorted(units, key=lambda u: u.paragraph):  # stable: TM order within
        if current and current[-1].paragraph != unit.paragraph:
            close()
        if not quotable(unit):
            close()
            current.append(unit)
            close()
            continue
        current.append(unit)
        if SENTENCE_END_EN.search(unit.target):
            close()
    close()
    return tuple(out)


def kind_of(paragraph: int, paragraph_kinds: Sequence[str]) -> str:
    """The kind of paragraph ``paragraph``; ``body`` when the list does not reach it."""
    return paragraph_kinds[paragraph] if 0 <= paragraph < len(paragraph_kinds) else "body"


def is_caption(passage: Passage) -> bool:
    """Whether a passage labels a picture (图为…, …摄, “Photo shows …”), whatever its kind.

    The cleaner marks captions it recognises; these rules catch the others, so that
    no caption enters a summary.
    """
    zh, en = _caption_patterns()
    return any(p.search(passage.source) for p in zh) or any(p.search(passage.full_text) for p in en)


@functools.cache
def _caption_patterns() -> tuple[tuple[regex.Pattern, ...], tuple[regex.Pattern, ...]]:
    return tuple(rx.compile(r.value) for r in CAPTION_ZH), tuple(
        rx.compile(r.value) for r in CAPTION_EN
    )


def sentences_of(passage: Passage) -> tuple[Passage, ...]:
    """The passage cut at the English sentence boundaries of its targets, one per sentence.

    Each piece quotes its sentence verbatim and cites the passage's units.
    """
    spans = split_sentences(passage.full_text, TGT_LANG)
    if len(spans) <= 1:
        return (passage,)
    return tuple(replace(passage, span=span) for span in spans)


def candidates(all_passages: Iterable[Passage]) -> tuple[Passage, ...]:
    """English sentences the summary may quote: translated body text, first occurrence only.

    Titles, standfirsts, headings and captions restate or label the body and are
    never candidates, nor is a passage the caption rules recognise; a body
    passage whose Chinese repeats an earlier one is dropped. Each passage is cut
    into its English sentences (:func:`sentences_of`).
    """
    seen: set[str] = set()
    out: list[Passage] = []
    for p in all_passages:
        if p.kind not in SUMMARY_KINDS or not p.quotable or is_caption(p):
            continue
        key = _SPACES.sub("", p.source)
        if key in seen:
            continue
        seen.add(key)
        out.extend(sentences_of(p))
    return tuple(out)


def agreeing_figures(source: str, target: str) -> int:
    """How many key figures of ``source`` (zh) ``target`` (en) carries, paired one to one.

    The pairs the figures table lists (:func:`tmbrief.brief.facts.key_figure_pairs`):
    no dates, ordinals or names in quotes (“33618”), and one English number per figure.
    """
    zh, en = extract_numbers(source, SRC_LANG), extract_numbers(target, TGT_LANG)
    return len(key_figure_pairs(source, zh, en))


def form_factor(passage: Passage) -> float:
    """1, discounted for a question and for a fragment (see FORM_RULES)."""
    factor = 1.0
    whole = passage.span is None
    if QUESTION_MARK.search(passage.text) or (whole and QUESTION_MARK.search(passage.source)):
        factor *= _FORM["question"]
    if passage.words <= FRAGMENT_MAX_WORDS:
        factor *= _FORM["fragment"]
    return factor


def _normalise(values: Sequence[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top > 0 else 0.0 for v in values]


def features(
    cands: Sequence[Passage],
    title: str,
    glossary_names: Iterable[str] = (),
    byline_names: Iterable[str] = (),
    *,
    sim: Sequence[Sequence[float]] | None = None,
    centrality: bool = True,
) -> list[dict[str, float]]:
    """The five features of each candidate, each in [0, 1] (see the module docstring).

    ``byline_names`` (outlet, reporters, photographers) are not entities of the
    story: the sentence that carries the byline is not about its reporter.
    ``sim``: the candidates' similarity matrix, when the caller has it already;
    ``centrality=False`` skips that quadratic feature (it is then 0).
    """
    n = len(cands)
    if n == 0:
        return []
    bags = [content_words(p.source) for p in cands]
    if not centrality:
        central = [0.0] * n
    else:
        central = _normalise(lexrank(sim if sim is not None else similarities(cands)))

    figures = _normalise([math.log1p(agreeing_figures(p.source, p.text)) for p in cands])

    names = sorted(set(glossary_names))
    skip = frozenset(byline_names)
    ents = [(entity_words(p.source) | {g for g in names if g in p.source}) - skip for p in cands]
    df: dict[str, int] = {}
    for e in ents:
        for w in e:
            df[w] = df.get(w, 0) + 1
    entities = _normalise([sum(math.log(n / df[w]) for w in e) for e in ents])

    title_words = set(content_words(title))
    title_share = [
        len(title_words & set(bag)) / len(title_words) if title_words else 0.0 for bag in bags
    ]
    return [
        {
            "lead": 1.0 - i / n,
            "centrality": central[i],
            "figures": figures[i],
            "entities": entities[i],
            "title": title_share[i],
        }
        for i in range(n)
    ]


def similarities(cands: Sequence[Passage]) -> list[list[float]]:
    """Cosine similarities of the candidates' TF-IDF vectors over their Chinese words.

    Two sentences of the same units share their Chinese: they are compared by
    their English words instead.
    """
    bags = [content_words(p.source) for p in cands]
    table = idf(bags)
    sim = similarity_matrix([tfidf(bag, table) for bag in bags])
    english = [Counter(w.lower() for w in _EN_WORD.findall(p.text)) for p in cands]
    for i in range(len(cands)):
        for j in range(i + 1, len(cands)):
            if cands[i].tuids == cands[j].tuids:
                sim[i][j] = sim[j][i] = cosine(dict(english[i]), dict(english[j]))
    return sim


def shortlist(cands: Sequence[Passage], salience_of, limit: int = MAX_CANDIDATES) -> list[Passage]:
    """The ``limit`` candidates of highest linear-time salience, in article order.

    Centrality and MMR compare every pair of candidates; past ``limit`` (a very
    long document) only the best by the other features go on to them.
    """
    if len(cands) <= limit:
        return list(cands)
    ranked = sorted(range(len(cands)), key=lambda i: (-salience_of[i], i))[:limit]
    return [cands[i] for i in sorted(ranked)]


def glossary_entity_names(glossary: Iterable) -> tuple[str, ...]:
    """Chinese forms of the glossary's named entities (persons, places, ...)."""
    return tuple(sorted({t.zh for t in glossary if t.kind in ENTITY_KINDS and t.zh}))


def select(
    cands: Sequence[Passage],
    *,
    title: str,
    glossary: Iterable = (),
    byline_names: Iterable[str] = (),
    sentences: int = 5,
    words: int | None = None,
    weights: Mapping[str, float] | None = None,
    mmr_lambda: float = MMR_LAMBDA,
) -> list[tuple[Passage, Scores]]:
    """Choose passages by MMR; return them in article order with their scores.

    ``sentences`` caps the number of passages; ``words``, when given, instead caps
    the English word count (a passage that would overflow it is skipped and the
    next best tried). Ties go to the earlier passage.
    """
    if words is None and sentences < 1:
        raise ValueError(f"sentences must be at least 1, not {sentences}")
    if words is not None and words < 1:
        raise ValueError(f"words must be at least 1, not {words}")
    weights = dict(WEIGHTS) if weights is None else dict(weights)
    names = glossary_entity_names(glossary)

    def salience_of(feats, forms):
        return [forms[i] * sum(weights[k] * f[k] for k in weights) for i, f in enumerate(feats)]

    if len(cands) > MAX_CANDIDATES:
        cheap = features(cands, title, names, byline_names, centrality=False)
        cheap_salience = salience_of(cheap, [form_factor(p) for p in cands])
        cands = shortlist(cands, cheap_salience, MAX_CANDIDATES)
    sim = similarities(cands)
    feats = features(cands, title, names, byline_names, sim=sim)
    forms = [form_factor(p) for p in cands]
    salience = salience_of(feats, forms)
    # English word counts, once: the loop below asks for them on every round.
    lengths = [p.words for p in cands]

    chosen: list[tuple[int, float, float]] = []  # (index, redundancy, mmr)
    left = words
    remaining = set(range(len(cands)))
    while remaining and (words is not None or len(chosen) < sentences):
        best = None
        for i in sorted(remaining):
            if left is not None and lengths[i] > left:
                continue
            redundancy = max((sim[i][j] for j, _, _ in chosen), default=0.0)
            score = mmr_lambda * salience[i] - (1 - mmr_lambda) * redundancy
            if best is None or score > best[2]:
                best = (i, redundancy, score)
        if best is None:
            break
        chosen.append(best)
        remaining.discard(best[0])
        if left is not None:
            left -= lengths[best[0]]

    picked = []
    for rank, (i, redundancy, score) in enumerate(chosen, 1):
        f = feats[i]
        scores = Scores(
            lead=f["lead"],
            centrality=f["centrality"],
            figures=f["figures"],
            entities=f["entities"],
            title=f["title"],
            form=forms[i],
            salience=salience[i],
            redundancy=redundancy,
            mmr=score,
            rank=rank,
        )
        picked.append((i, cands[i], scores))
    return [(p, s) for _, p, s in sorted(picked, key=lambda t: t[0])]
