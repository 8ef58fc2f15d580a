"""Write the briefing test articles of tests/data/news/ from the WMT22 zh-en dev set.

Each article is a raw page as a Chinese news site shows it: the title, a source
line, the sentences grouped two to a paragraph (the set gives no paragraph
breaks), and for some a photo caption in one of the styles news sites use. The
English file mirrors the paragraphs (translator A). The hand-made speaker list
(tests/data/news/speakers.tsv) is not written here: it was made by reading the
articles.

Usage: .venv/bin/python bench/make_news_docs.py [--source ../shared/bench/news/...jsonl]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "bench" / "news" / "wmt22-zh-en-news-dev.jsonl"
OUT = ROOT / "tests" / "data" / "news"

# Articles with named speakers, and two (103913, 103911) whose sources are unnamed
# officials or documents: a tool that invents speakers shows it there.
DOCS = (
    "xinhua-zh-01.104156",
    "hunan_ribao-zh.7750",
    "xinhua-zh-01.103929",
    "xinhua-zh-01.103922",
    "xinhua-zh-01.103967",
    "chinese.dw.com.4112",
    "xinhua-zh-01.103859",
    "xinhua-zh-01.103896",
    "xinhua-zh-01.104085",
    "xinhua-zh-01.104086",
    "nhan_dan-zh.8742",
    "hunan_ribao-zh.7749",
    "xinhua-zh-01.103893",
    "xinhua-zh-01.104193",
    "xinhua-zh-01.103913",
    "xinhua-zh-01.103911",
)
OUTLETS = {
    "xinhua": "新华网",
    "hunan_ribao": "湖南日报",
    "chinese.dw.com": "德国之声中文网",
    "nhan_dan": "越南人民报网",
}
# Page furniture: captions in the forms news sites print them (zh, en). The
# first is credited (the cleaner marks it a caption); the others are not.
CAPTIONS = (
    ("图为活动现场。（新华社发）", "Photo shows the scene of the event. (Xinhua)"),
    ("资料图片：会议现场。", "File photo: the meeting venue."),
    ("图：相关场景（图片来源：视觉中国）", "Photo: a related scene (Photo: VCG)"),
)
PER_PARAGRAPH = 2


def outlet_of(doc_id: str) -> str:
    return next(v for k, v in OUTLETS.items() if doc_id.startswith(k))


def file_id(doc_id: str) -> str:
    return doc_id.replace(".", "-").replace("_", "-")


def article(doc: dict, k: int) -> tuple[str, str]:
    """(zh page, en page) of one WMT document; ``k`` chooses the caption style."""
    zh, en = doc["zh"], doc["en"]
    zh_pars = [zh[i : i + PER_PARAGRAPH] for i in range(1, len(zh), PER_PARAGRAPH)]
    en_pars = [en[i : i + PER_PARAGRAPH] for i in range(1, len(en), PER_PARAGRAPH)]
    zh_out = [zh[0], "", f"来源：{outlet_of(doc['id'])}", ""]
    en_out = [en[0], ""]
    for n, (zp, ep) in enumerate(zip(zh_pars, en_pars, strict=True)):
        zh_out += ["".join(zp), ""]
        en_out += [" ".join(ep), ""]
        if n == 0 and k % 2 == 0:
            cap_zh, cap_en = CAPTIONS[(k // 2) % len(CAPTIONS)]
            zh_out += [cap_zh, ""]
            en_out += [cap_en, ""]
    return "\n".join(zh_out), "\n".join(en_out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    docs = {}
    for line in args.source.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        docs[d["id"]] = d
    OUT.mkdir(parents=True, exist_ok=True)
    for k, doc_id in enumerate(DOCS):
        zh, en = article(docs[doc_id], k)
        (OUT / f"{file_id(doc_id)}.zh.txt").write_text(zh, encoding="utf-8")
        (OUT / f"{file_id(doc_id)}.en.txt").write_text(en, encoding="utf-8")


if __name__ == "__main__":
    main()
