"""Seed directories of many real articles: WMT22 zh->en news pages dressed as raw scrapes.

``write_seeds(seeds_dir, count)`` writes ``count`` documents: the repository's seed
(article, translation, notes and glossary) and WMT22 development documents
(``/work/shared/bench/news/wmt22-zh-en-news-dev.jsonl``: real Chinese news with a
professional English translation), cycled. Each generated page differs from the
others: its own paragraphing of the sentences, outlet, date, menu and editor lines
around them, so the cleaner, the segmenter and the aligner do real work on every one.
Everything is derived from the document number: the same call writes the same files.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import SEED_ID, SEEDS, SHARED

NEWS = SHARED / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl"

# Page furniture of Chinese news sites; the cleaner's rules drop or read each kind.
OUTLETS = ("新华网", "华龙网", "人民网", "湖南日报", "中国新闻网")
MENUS = (
    "首页 | 新闻 | 财经 | 教育",
    "推荐 | 要闻 | 国内 | 国际 | 社会",
    "首页 | 时政 | 区县 | 评论",
)
EDITORS = ("王明", "李华", "张静", "陈晨", "刘洋")
TAILS = (("分享到", "微信", "新浪微博"), ("上一篇", "下一篇"), ("打印", "关闭窗口"))


def news_documents() -> list[dict]:
    """The WMT22 documents with a translation: ``{"id", "zh": [...], "en": [...]}``."""
    docs = []
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            en = doc["en"] or doc["en_B"]
            if en:
                docs.append({"id": doc["id"], "zh": doc["zh"], "en": en})
    return docs


def _paragraphs(count: int, rng: random.Random) -> list[tuple[int, int]]:
    """Sentence ranges ``(start, end)`` of the body: one to four sentences a paragraph."""
    ranges, start = [], 1  # sentence 0 is the title
    while start < count:
        end = min(count, start + rng.randint(1, 4))
        ranges.append((start, end))
        start = end
    return ranges


def make_article(doc: dict, number: int) -> tuple[str, str]:
    """(raw Chinese scrape, English translation) of ``doc``, varied by ``number``."""
    rng = random.Random(number)
    day = date(2022, 1, 1) + timedelta(days=number % 365)
    zh_title, en_title = doc["zh"][0], doc["en"][0]
    ranges = _paragraphs(len(doc["zh"]), rng)
    zh_body = ["".join(doc["zh"][a:b]) for a, b in ranges]
    en_body = [" ".join(doc["en"][a:b]) for a, b in ranges]
    zh_lines = [
        rng.choice(MENUS),
        zh_title,
        f"{day.isoformat()} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00 "
        f"来源：{rng.choice(OUTLETS)}",
        *zh_body,
        f"[责任编辑: {rng.choice(EDITORS)} ]",
        *rng.choice(TAILS),
    ]
    zh = "\n\n".join(zh_lines) + "\n"
    en = "\n\n".join([en_title, *en_body]) + "\n"
    return zh, en


def write_seeds(seeds_dir: Path, count: int) -> list[str]:
    """Write ``count`` documents (the seed first) into ``seeds_dir``; return their ids."""
    seeds_dir = Path(seeds_dir)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    for name in (f"{SEED_ID}.zh.txt", f"{SEED_ID}.en.txt", f"{SEED_ID}.notes.tsv", "glossary.tsv"):
        shutil.copy(SEEDS / name, seeds_dir / name)
    ids = [SEED_ID]
    news = news_documents()
    for number in range(1, count):
        doc = news[(number - 1) % len(news)]
        doc_id = f"news-{number:07d}"
        zh, en = make_article(doc, number)
        (seeds_dir / f"{doc_id}.zh.txt").write_text(zh, encoding="utf-8")
        (seeds_dir / f"{doc_id}.en.txt").write_text(en, encoding="utf-8")
        ids.append(doc_id)
    return ids
