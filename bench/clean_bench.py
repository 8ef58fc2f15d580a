"""Benchmark cleaning on the page fixtures: tmbrief vs trafilatura alone vs jusText alone.

The fixtures (``tests/data/pages/``, see its README) are twelve real news
articles in the page furniture of twelve Chinese news sites, each as a raw text
scrape and as a saved HTML page, with the expected title and paragraphs. Nine
are the development fixtures the cleaning rules were written against; three are
held out (``split`` in ``expected.json``) and reported apart.

Per system and split:
- furniture kept: output paragraphs that are not article text (the title and
  the expected paragraphs), out of the page's furniture lines;
- body lost: expected paragraphs missing from the output (not there exactly);
- titles right: the system's title equals the headline;
- paragraphs exact: the output paragraphs are exactly the expected ones, in order.

Systems: tmbrief on the text scrape; tmbrief on the HTML (trafilatura marks the
main text, the cleaner does the rest); trafilatura alone (``extract`` text, its
metadata title); jusText alone (its good paragraphs; title: its first heading,
else its first paragraph), in its language-independent mode (an empty stoplist
and stopword thresholds 0, as jusText's own command line sets them for a
language without a stoplist: it counts stopwords between spaces, and Chinese
has none), with its default length thresholds and with them scaled
down for Chinese (:data:`JUSTEXT_ZH_LENGTHS`).

Run by hand from the repository root: ``.venv/bin/python bench/clean_bench.py``.
Prints a Markdown report for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import regex
from common import ROOT, machine, utc_now

from tmbrief.clean import clean, clean_page, read_page

PAGES = ROOT / "tests" / "data" / "pages"
_WS = regex.compile(r"\s+")


@dataclass
class Score:
    furniture_kept: int = 0
    furniture_total: int = 0
    body_lost: int = 0
    body_total: int = 0
    titles: int = 0
    exact: int = 0
    docs: int = 0

    def add(self, other: Score) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))


def norm(text: str) -> str:
    return _WS.sub("", text)


def furniture_lines(lines: list[str], expected: list[str]) -> int:
    """Non-blank page lines that are not (part of) an expected paragraph."""
    article = "\n".join(norm(p) for p in expected)
    return sum(1 for ln in lines if norm(ln) and norm(ln) not in article)


def score(title: str, paragraphs: list[str], want: dict, total: int) -> Score:
    expected = want["paragraphs"]
    got = [norm(p) for p in paragraphs if norm(p)]
    exp = [norm(p) for p in expected]
    kept = sum(1 for g in got if g not in exp)
    lost = sum(1 for e in exp[1:] if e not in got)
    return Score(
        furniture_kept=kept,
        furniture_total=total,
        body_lost=lost,
        body_total=len(exp) - 1,
        titles=int(norm(title) == norm(want["title"])),
        exact=int(got == exp),
        docs=1,
    )


def tmbrief_text(fid: str) -> tuple[str, list[str]]:
    doc = clean((PAGES / f"{fid}.zh.txt").read_text(encoding="utf-8"), fid)
    return doc.meta.title, [p.text for p in doc.paragraphs]


def tmbrief_html(fid: str) -> tuple[str, list[str]]:
    path = PAGES / f"{fid}.zh.html"
    doc = clean_page(read_page(path.read_bytes(), path), fid)
    return doc.meta.title, [p.text for p in doc.paragraphs]


def trafilatura_alone(fid: str) -> tuple[str, list[str]]:
    import trafilatura

    html = (PAGES / f"{fid}.zh.html").read_bytes()
    text = trafilatura.extract(html, output_format="txt", include_comments=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta else "") or ""
    lines = [t for t in text.split("\n") if t.strip()]
    # Its title is the first paragraph (when the text repeats it, count it once).
    if lines and norm(lines[0]) == norm(title):
        lines = lines[1:]
    return title, [title, *lines]


# jusText's length thresholds are characters of space-separated text; a Chinese
# character carries about what 2.8 English ones do, so the scaled run divides them.
JUSTEXT_ZH_LENGTHS = {"length_low": 25, "length_high": 70}


def justext_alone(fid: str, **lengths) -> tuple[str, list[str]]:
    import justext

    html = (PAGES / f"{fid}.zh.html").read_bytes()
    paras = justext.justext(html, frozenset(), stopwords_low=0, stopwords_high=0, **lengths)
    good = [p for p in paras if not p.is_boilerplate]
    heading = next((p.text for p in good if p.is_heading), good[0].text if good else "")
    rest = [p.text for p in good if p.text != heading]
    return heading, [heading, *rest]


SYSTEMS: dict[str, tuple[str, Callable[[str], tuple[str, list[str]]]]] = {
    "tmbrief (text scrape)": ("txt", tmbrief_text),
    "tmbrief (HTML: trafilatura + cleaner)": ("html", tmbrief_html),
    "trafilatura alone (HTML)": ("html", trafilatura_alone),
    "jusText alone (HTML, default lengths)": ("html", justext_alone),
    "jusText alone (HTML, lengths / 2.8)": (
        "html",
        lambda fid: justext_alone(fid, **JUSTEXT_ZH_LENGTHS),
    ),
}


def page_lines(fid: str, kind: str) -> list[str]:
    if kind == "txt":
        return (PAGES / f"{fid}.zh.txt").read_text(encoding="utf-8").split("\n")
    path = PAGES / f"{fid}.zh.html"
    return [ln.text for ln in read_page(path.read_bytes(), path).lines]


def run(verbose: bool) -> str:
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    splits = ("dev", "heldout")
    rows = []
    details = []
    for name, (kind, system) in SYSTEMS.items():
        per = {s: Score() for s in splits}
        for fid, want in expected.items():
            title, paras = system(fid)
            total = furniture_lines(page_lines(fid, kind), want["paragraphs"])
            s = score(title, paras, want, total)
            per[want["split"]].add(s)
            if verbose and (s.furniture_kept or s.body_lost or not s.exact):
                details.append(
                    f"- {name}, {fid}: furniture kept {s.furniture_kept}, body lost "
                    f"{s.body_lost}, title {'right' if s.titles else 'wrong'}"
                )
        for split in splits:
            s = per[split]
            rows.append(
                f"| {name} | {split} ({s.docs}) | {s.furniture_kept} / {s.furniture_total} | "
                f"{s.body_lost} / {s.body_total} | {s.titles} / {s.docs} | {s.exact} / {s.docs} |"
            )
    sites = len({w["site"] for w in expected.values()})
    held = ", ".join(f for f, w in expected.items() if w["split"] == "heldout")
    out = [
        "## Cleaning (page fixtures)",
        "",
        "Command: `.venv/bin/python bench/clean_bench.py` (add `--verbose` for the misses).",
        "",
        f"- date: {utc_now()}",
        f"- machine: {machine()}",
        f"- fixtures: `tests/data/pages/` ({len(expected)} articles, {sites} sites, each as "
        f"text scrape and saved HTML); held out: {held}",
        f"- trafilatura {version('trafilatura')}, htmldate {version('htmldate')}, "
        f"jusText {version('jusText')}",
        "",
        "| system | split (docs) | furniture kept / furniture lines | body paragraphs lost "
        "| titles right | paragraphs exact |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]
    if details:
        out += ["", "Misses:", *details]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list each fixture's misses")
    args = parser.parse_args()
    print(run(args.verbose), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
