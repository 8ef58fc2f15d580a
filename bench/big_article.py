"""A 10 MB article through the whole build: it must finish; time and peak memory go to RESULTS.

  .venv/bin/python bench/big_article.py [MEGABYTES]

The article is the seed's cleaned paragraphs repeated (each copy numbered, so the
cleaner does not drop it as a duplicate), with the matching English paragraphs,
written as a raw scrape (title line, blank lines between paragraphs).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SEED_ID

from tmbrief.pipeline import build


def make_article(target_bytes: int) -> tuple[str, str]:
    segments = ROOT / "segments"
    zh = (segments / f"{SEED_ID}.zh.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    en = (segments / f"{SEED_ID}.en.paragraphs.txt").read_text(encoding="utf-8").splitlines()
    zh_out, en_out, size, copy = [zh[0]], [en[0]], 0, 0
    while size < target_bytes:
        copy += 1
        for z, e in zip(zh[2:], en[2:], strict=True):
            zh_out.append(f"第{copy}部分：{z}")
            en_out.append(f"Part {copy}: {e}")
            size += len(zh_out[-1].encode("utf-8"))
    return "\n\n".join(zh_out) + "\n", "\n\n".join(en_out) + "\n"


def main() -> int:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    zh, en = make_article(int(megabytes * 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        (seeds / "big.zh.txt").write_text(zh, encoding="utf-8")
        (seeds / "big.en.txt").write_text(en, encoding="utf-8")
        start = time.perf_counter()
        result = build(seeds, Path(tmp))
        seconds = time.perf_counter() - start
        zh_tsv = Path(tmp) / "segments" / "big.zh.tsv"
        segments = zh_tsv.read_text(encoding="utf-8").count("\n") - 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"| {len(zh.encode()) / 1e6:.1f} MB zh + {len(en.encode()) / 1e6:.1f} MB en "
        f"| {segments} zh segments | {len(result.files)} files | {seconds:.1f} s | {peak:.0f} MB |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
