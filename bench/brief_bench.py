"""Briefing benchmark: our selector against lead-5, sumy LexRank and sumy TextRank.

All four systems choose from the same candidates (translated body passages of the
TM, first occurrence; see tmbrief.brief.select.candidates) and output whole TM
targets, so the comparison is of selection only. Scores:

- ROUGE-1/2/L F1 (rouge-score, Porter stemming) against the hand-written
  reference briefing tests/data/<id>.reference-brief.txt;
- key-fact coverage: facts of tests/data/<id>.key-facts.tsv whose keywords all
  occur in the summary (each keyword a ``|``-list of alternatives, matched
  case-insensitively at a word start).

Then: an ablation (each feature dropped, the others re-weighted) and a
robustness sweep (random weight vectors, fixed seed) showing how much of the
result depends on the chosen weights.

Units come from ``tm/<id>.tsv`` when a build has made it, else from the seed's
cleaned Chinese paragraphs and its English translation segmented by
tmbrief.segment.splitter and paired within each paragraph (1-1 when the sentence counts
agree, else one unit for the paragraph). sumy runs with a tokenizer written
here (no NLTK data): each candidate passage is one sentence.

Usage: .venv/bin/python bench/brief_bench.py [--root .] [--sweep 200]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import time
from pathlib import Path

import regex
from common import ROOT, SEED_ID, machine, utc_now

from tmbrief.brief.briefing import make_brief
from tmbrief.brief.rules import WEIGHTS
from tmbrief.brief.select import candidates, passages, select
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import DocMeta, Unit
from tmbrief.pipeline import read_translation
from tmbrief.segment.splitter import split_sentences

DOC = SEED_ID
N = 5
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*")


class PlainTokenizer:
    """A sumy tokenizer that needs no NLTK data: lines are sentences, regex words."""

    language = "english"

    def to_sentences(self, paragraph: str):
        return tuple(line.strip() for line in paragraph.splitlines() if line.strip())

    def to_words(self, sentence: str):
        return tuple(_WORD.findall(sentence))


def read_meta(root: Path, doc_id: str) -> tuple[DocMeta, list[str]]:
    m = json.loads((root / "segments" / f"{doc_id}.meta.json").read_text(encoding="utf-8"))
    fields = ("title", "outlet", "date", "time")
    roles = ("reporters", "interns", "photographers", "editors")
    meta = DocMeta(
        doc_id, **{f: m.get(f, "") for f in fields}, **{r: tuple(m.get(r, ())) for r in roles}
    )
    return meta, list(m["paragraph_kinds"])


def seed_units(root: Path, doc_id: str) -> tuple[tuple[Unit, ...], str]:
    """The TM units of ``doc_id`` and where they came from."""
    tm = root / "tm" / f"{doc_id}.tsv"
    if tm.exists():
        from tmbrief.tm.memory import read_tm

        return read_tm(tm)[1], f"tm/{doc_id}.tsv (built TM)"
    zh = (root / "segments" / f"{doc_id}.zh.paragraphs.txt").read_text(encoding="utf-8")
    en = read_translation((root / "seeds" / f"{doc_id}.en.txt").read_text(encoding="utf-8"))
    units: list[Unit] = []
    for p, (z, e) in enumerate(zip(zh.splitlines(), en, strict=True)):
        zs = [z[a:b] for a, b in split_sentences(z, "zh-CN")]
        es = [e[a:b] for a, b in split_sentences(e, "en")]
        pairs = (
            [([s], [t]) for s, t in zip(zs, es, strict=True)] if len(zs) == len(es) else [(zs, es)]
        )
        for zz, ee in pairs:
            n = len(units)
            units.append(
                Unit(f"{doc_id}:{n}", doc_id, p, (), (), "".join(zz), " ".join(ee),
                     f"{len(zz)}-{len(ee)}", 1.0, "translated")
            )  # fmt: skip
    return tuple(units), "seed paragraphs paired within each paragraph (no TM built yet)"


def sumy_ranking(cands, summarizer_cls) -> list[int]:
    """Candidate indices best first: sumy returns the top k in article order, so ask for
    k = 1, 2, ... and note which sentence each step adds."""
    order: list[int] = []
    for k in range(1, len(cands) + 1):
        added = [i for i in sumy_pick(cands, summarizer_cls, k) if i not in order]
        order.extend(added)
    return order


def fit_budget(ranking: list[int], cands, words: int) -> list[int]:
    """Walk a ranking, keeping each passage that still fits in ``words``; article order."""
    kept, left = [], words
    for i in ranking:
        if cands[i].words <= left:
            kept.append(i)
            left -= cands[i].words
    return sorted(kept)


def sumy_pick(cands, summarizer_cls, n=N) -> list[int]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tok = PlainTokenizer()
    sentences = [Sentence(p.text, tok) for p in cands]
    paragraphs: dict[int, list] = {}
    for p, s in zip(cands, sentences, strict=True):
        paragraphs.setdefault(p.paragraph, []).append(s)
    doc = ObjectDocumentModel([Paragraph(v) for _, v in sorted(paragraphs.items())])
    summarizer = summarizer_cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    picked = summarizer(doc, n)
    ids = {id(s): i for i, s in enumerate(sentences)}
    return sorted(ids[id(s)] for s in picked)


def load_facts(path: Path) -> list[tuple[str, str, list[list[str]]]]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    facts = []
    for row in rows:
        fid, desc, keys = row.split("\t")
        facts.append((fid, desc, [[a.strip() for a in k.split("|")] for k in keys.split(";")]))
    return facts


def covered(text: str, keywords: list[list[str]]) -> bool:
    return all(
        any(regex.search(r"(?<![\p{L}\p{N}])" + regex.escape(a), text, regex.I) for a in alts)
        for alts in keywords
    )


def score(summary: str, reference: str, facts) -> dict:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    r = scorer.score(reference, summary)
    hit = [fid for fid, _, keys in facts if covered(summary, keys)]
    return {
        "R1": r["rouge1"].fmeasure,
        "R2": r["rouge2"].fmeasure,
        "RL": r["rougeL"].fmeasure,
        "facts": len(hit),
        "hit": hit,
        "words": len(summary.split()),
    }


def ours(cands, meta, glossary, weights=None, words=None) -> list[int]:
    chosen = select(
        cands,
        title=meta.title,
        glossary=glossary,
        byline_names=(meta.outlet, *meta.reporters, *meta.interns, *meta.photographers),
        sentences=N,
        words=words,
        weights=weights,
    )
    index = {(p.tuids, p.span): i for i, p in enumerate(cands)}
    return [index[(p.tuids, p.span)] for p, _ in chosen]


def table(systems: dict[str, list[int]], cands, reference: str, facts) -> dict[str, dict]:
    """Score each system's choice and print one Markdown table row per system."""
    results = {}
    print("| system | ROUGE-1 F | ROUGE-2 F | ROUGE-L F | key facts | words | passages chosen |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, picked in systems.items():
        text = " ".join(cands[i].text for i in picked)
        r = results[name] = score(text, reference, facts)
        chosen = ", ".join(cands[i].tuids[0].rsplit(":", 1)[1] for i in picked)
        print(
            f"| {name} | {r['R1']:.4f} | {r['R2']:.4f} | {r['RL']:.4f} | "
            f"{r['facts']}/{len(facts)} | {r['words']} | {chosen} |"
        )
    return results


def news_table() -> None:
    """Speakers, English fields, captions and budgets on the tests/data/news/ articles."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.news_docs import doc_ids, hand_speakers, news_doc
    from tmbrief.brief.render import brief_json, english_fields
    from tmbrief.brief.select import is_caption
    from tmbrief.segment.splitter import split_sentences

    han = regex.compile(r"\p{Han}")
    hand = hand_speakers()
    print("\nSpeakers on the WMT22-dev news articles (tests/data/news, listed by hand):\n")
    print(
        "| article | listed | found | correct | invented | missed | Han in English | "
        "caption in summary | words (budget 150) | sentences=3 gives |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    tot = {"listed": 0, "found": 0, "correct": 0, "han": 0, "caption": 0, "over": 0, "s3": 0}
    for d in doc_ids():
        units, meta, kinds = news_doc(d)
        b = make_brief(units, meta, paragraph_kinds=kinds)
        found = {s.name.zh for s in b.speakers}
        english = english_fields(brief_json(b))
        han_fields = sum(bool(han.search(t)) for t in english)
        by = {u.tuid: u for u in units}
        caps = sum(
            any(is_caption(p) for p in passages([by[t] for t in s.tuids], kinds)) for s in b.summary
        )
        words = sum(len(s.text.split()) for s in b.summary)
        b3 = make_brief(units, meta, paragraph_kinds=kinds, sentences=3)
        s3 = sum(len(split_sentences(s.text, "en")) for s in b3.summary)
        ok = found & hand[d]
        print(f"| {d} | {len(hand[d])} | {len(found)} | {len(ok)} | {len(found - hand[d])} | "
              f"{len(hand[d] - found)} | {han_fields} | {caps} | {words} | {s3} |")  # fmt: skip
        tot["listed"] += len(hand[d])
        tot["found"] += len(found)
        tot["correct"] += len(ok)
        tot["han"] += han_fields
        tot["caption"] += caps
        tot["over"] += words > 150
        tot["s3"] += s3 == min(3, b3.candidates)
    p = tot["correct"] / tot["found"] if tot["found"] else 1.0
    r = tot["correct"] / tot["listed"] if tot["listed"] else 1.0
    print(f"\n{len(hand)} articles: speakers precision {p:.3f}, recall {r:.3f} "
          f"({tot['correct']}/{tot['listed']} listed, {tot['found']} found); English fields "
          f"with Han {tot['han']}; captions in summaries {tot['caption']}; budgets over 150 "
          f"words {tot['over']}; --sentences 3 exact in {tot['s3']}/{len(hand)}")  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--sweep", type=int, default=200, help="random weight vectors to try")
    ap.add_argument("--words", type=int, default=200, help="word budget of the equal-length run")
    args = ap.parse_args(argv)
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    units, origin = seed_units(args.root, DOC)
    meta, kinds = read_meta(args.root, DOC)
    glossary = load_glossary(args.root / "seeds" / "glossary.tsv")
    cands = candidates(passages([u for u in units if u.segtype == "sentence"], kinds))
    data = ROOT / "tests" / "data"
    reference = (data / f"{DOC}.reference-brief.txt").read_text(encoding="utf-8")
    facts = load_facts(data / f"{DOC}.key-facts.tsv")

    systems = {
        "lead-5": list(range(min(N, len(cands)))),
        "sumy LexRank": sumy_pick(cands, LexRankSummarizer),
        "sumy TextRank": sumy_pick(cands, TextRankSummarizer),
        "tmbrief": ours(cands, meta, glossary),
    }
    print(f"units: {origin}; {len(cands)} candidate passages; {len(facts)} key facts")
    print(f"machine: {machine()}")
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"code: git {head or '?'}")
    print(f"date: {utc_now()}\n")
    print(f"Default budget, {N} passages:\n")
    results = table(systems, cands, reference, facts)
    best_rl = max(v["RL"] for k, v in results.items() if k != "tmbrief")
    best_facts = max(v["facts"] for k, v in results.items() if k != "tmbrief")
    me = results["tmbrief"]
    print(
        f"\ntmbrief beats every baseline on ROUGE-L: {me['RL'] > best_rl} "
        f"({me['RL']:.4f} vs best {best_rl:.4f}); on key facts: {me['facts'] > best_facts} "
        f"({me['facts']} vs best {best_facts})"
    )
    for name, r in results.items():
        print(f"  {name}: facts {' '.join(r['hit'])}")

    print("\nAblation (feature dropped, remaining weights rescaled to sum 1):\n")
    print("| weights | ROUGE-L F | key facts |")
    print("| --- | --- | --- |")
    base = dict(WEIGHTS)
    for drop in [None, *base]:
        w = {k: v for k, v in base.items() if k != drop}
        total = sum(w.values())
        w = {k: v / total for k, v in w.items()}
        r = score(" ".join(cands[i].text for i in ours(cands, meta, glossary, w)), reference, facts)
        label = "all (default)" if drop is None else f"without {drop}"
        print(f"| {label} | {r['RL']:.4f} | {r['facts']} |")

    rng = random.Random(20231220)
    rls, fs, wins = [], [], 0
    for _ in range(args.sweep):
        raw = {k: rng.random() for k in base}
        total = sum(raw.values())
        w = {k: v / total for k, v in raw.items()}
        r = score(" ".join(cands[i].text for i in ours(cands, meta, glossary, w)), reference, facts)
        rls.append(r["RL"])
        fs.append(r["facts"])
        wins += r["RL"] > best_rl and r["facts"] > best_facts
    if args.sweep:
        print(
            f"\nRobustness: {args.sweep} random weight vectors (uniform, normalised, "
            f"seed 20231220): ROUGE-L min {min(rls):.4f} / median {statistics.median(rls):.4f} "
            f"/ max {max(rls):.4f}; "
            f"key facts min {min(fs)} / median {statistics.median(fs):g} / max {max(fs)}; "
            f"{wins}/{args.sweep} beat every baseline on both"
        )

    rankings = {
        "lead": list(range(len(cands))),
        "sumy LexRank": sumy_ranking(cands, LexRankSummarizer),
        "sumy TextRank": sumy_ranking(cands, TextRankSummarizer),
    }
    for words in (args.words, 120):
        print(f"\nEqual length, at most {words} words (each ranking walked until full):\n")
        budget = {name: fit_budget(r, cands, words) for name, r in rankings.items()}
        budget["tmbrief"] = ours(cands, meta, glossary, words=words)
        res = table(budget, cands, reference, facts)
        others = [v for k, v in res.items() if k != "tmbrief"]
        me = res["tmbrief"]
        print(
            f"\ntmbrief above every baseline at {words} words: ROUGE-L "
            f"{me['RL'] > max(o['RL'] for o in others)}, key facts "
            f"{me['facts'] >= max(o['facts'] for o in others)} (ties count as not below)"
        )

    news_table()

    t0 = time.perf_counter()
    runs = 20
    for _ in range(runs):
        make_brief(units, meta, paragraph_kinds=kinds, glossary=glossary)
    ms = 1000 * (time.perf_counter() - t0) / runs
    print(f"\nspeed: make_brief on the seed {ms:.1f} ms per call (warm)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
