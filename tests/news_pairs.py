"""The dev news pairs (../shared/bench/news): real Chinese news, two human translations.

Shared by the QA quality-floor tests and bench/qa_news.py. :func:`news_documents`
makes one TM of sentence units per document and translator; :data:`REAL_FAULTS`
lists the findings on them shown, by reading the pair, to be real faults of the
human translation (everything else a check reports there is a false alarm).
"""

from __future__ import annotations

import json
from pathlib import Path

from tmbrief.core.model import Unit

ROOT = Path(__file__).resolve().parent.parent  # as tests/conftest.py: SHARED = ROOT.parent/shared
NEWS = ROOT.parent / "shared" / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl"
TRANSLATORS = (("A", "en"), ("B", "en_B"))


def news_documents(path=NEWS):
    """[(doc id, translator, units)] of the news file: one TM per document and translator."""
    docs = []
    with open(path, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream if line.strip()]
    for row in rows:
        for name, key in TRANSLATORS:
            if not row.get(key):
                continue
            units = tuple(
                Unit(
                    tuid=f"{row['id']}:{name}:{i}",
                    doc_id=row["id"],
                    paragraph=i,
                    src_ids=(i,),
                    tgt_ids=(i,),
                    source=zh,
                    target=en,
                    bead_type="1-1",
                    confidence=1.0,
                    status="translated",
                )
                for i, (zh, en) in enumerate(zip(row["zh"], row[key], strict=True))
            )
            docs.append((row["id"], name, units))
    return docs


# Findings on the dev pairs that are real faults of the human translation, shown by
# reading the pair: (unit id, check, why). Everything else a check reports is a
# false alarm.
_X = "xinhua-zh-01."
REAL_FAULTS = (
    ("hunan_ribao-zh.7750:B:1", "numbers", "百年 rendered “100 hundred years”"),
    (_X + "104135:B:1", "numbers", "用３年时间 (over 3 years) left out"),
    (_X + "104125:B:1", "numbers", "target is the title's translation again (unit B:0): "
     "the sentence is not translated"),
    (_X + "104125:B:1", "consistency", "the same: B:1 repeats B:0's translation"),
    (_X + "104125:B:0", "consistency", "its twin B:1 repeats this translation"),
    (_X + "104125:B:1", "length-ratio", "the same: the sentence is not translated"),
    (_X + "104125:B:1", "punctuation", "the same: the sentence is not translated"),
    (_X + "103949:A:2", "numbers", "12月8日至10日 rendered “December 8 to 12”"),
    (_X + "103949:B:2", "numbers", "12月8日至10日 rendered “December 8-12”"),
    (_X + "103949:B:3", "numbers", "二十大 rendered “the 2ith National Congress”"),
    (_X + "103949:A:3", "numbers", "二十大 (the 20th) rendered “the 21st National Congress”"),
    (_X + "104117:B:4", "numbers", "target repeats unit B:3's translation: the sentence "
     "is not translated"),
    (_X + "104117:B:4", "consistency", "the same"),
    (_X + "104117:B:3", "consistency", "its twin B:4 repeats this translation"),
    (_X + "103896:B:1", "numbers", "10.85万吨 (108,500 t) rendered “108.5 million”"),
    ("parallel:A:116", "numbers", "33.3％ (30/90) rendered “33.4%”"),
    ("parallel:A:177", "numbers", "33.1% (40/121) rendered “33.0%”"),
    ("parallel:A:89", "numbers", "the 12 and 3 cases of sentence 90 are translated in "
     "sentence 89: the pair does not correspond (alignment)"),
    ("parallel:A:89", "length-ratio", "the same"),
    ("parallel:A:90", "numbers", "the same, seen from sentence 90"),
    ("parallel:A:90", "length-ratio", "the same"),
    ("parallel:A:96", "numbers", "15例患者均获随访 (all 15 patients were followed up) left out"),
    (_X + "103868:B:4", "punctuation", "the target has no full stop"),
    (_X + "104104:A:4", "punctuation", "the target has no full stop"),
    (_X + "104104:B:4", "punctuation", "the target has no full stop"),
    (_X + "104255:A:14", "punctuation", "the target ends with a comma"),
    (_X + "103922:A:5", "punctuation", "the target ends with an ideographic full stop 。"),
    ("chinese.dw.com.4112:B:9", "brackets", "closing quote typed as an opening “"),
    ("chinese.dw.com.4112:B:10", "brackets", "closing quote typed as an opening “"),
    (_X + "104125:A:2", "brackets", "“heated topic“: closing quote typed as an opening one"),
    (_X + "104125:A:7", "brackets", "“strange phenomenon: quotation never closed"),
    (_X + "103859:B:7", "brackets", "“the 10th best athletes: quotation never closed"),
    ("hunan_ribao-zh.7750:B:0", "whitespace", "double space in “19th  Central”"),
    ("chinese.dw.com.4112:B:11", "whitespace", "double space in “that  with”"),
    (_X + "103949:B:14", "whitespace", "double space"),
)  # fmt: skip
