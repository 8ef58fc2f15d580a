"""The review app: how fast the seed opens, a 5,000-bead document, edits; screenshots.

  .venv/bin/python bench/review_bench.py [--beads 5000] [--runs 20]

Starts ``tmbrief review`` on the seed (a copy of the repository's build) on a free
port of 127.0.0.1 and drives it in headless Chromium (Debian's chromium,
Playwright): time until the page shows its rows, an edit's round trip (HTTP
POST to answer, and click-to-row in the page), then the same on a document of
about 5,000 beads (the seed's sentences repeated; served in this process, its
background rebuild off since the repeated article is not a real one).
Screenshots at 1280 and 390 px go to bench/out/; ``--docs-image`` also writes
docs/img/review.png. Prints a Markdown section for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from common import ROOT, SEED_ID, machine, utc_now

from tests.review_helpers import CHROMIUM, CHROMIUM_ARGS, Server, copy_built
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Bead, Segment
from tmbrief.core.settings import REVIEW_THRESHOLD
from tmbrief.qa.report import qa_file
from tmbrief.review.workspace import Workspace, read_beads, read_paragraphs, read_segments
from tmbrief.tm import store
from tmbrief.tm.composite import build_paragraph_units
from tmbrief.tm.memory import build_units

OUT = ROOT / "bench" / "out"
BIG_ID = "big-review"
GLOSSARY = ROOT / "seeds" / "glossary.tsv"


def make_big_project(root: Path, beads_wanted: int) -> int:
    """A built project of one document: the seed's sentences and beads repeated; its bead count.

    Every 7th bead gets a low confidence (so the needs-review filter has rows).
    """
    seg = ROOT / "segments"
    zh = read_segments(seg / f"{SEED_ID}.zh.tsv", "zh")
    en = read_segments(seg / f"{SEED_ID}.en.tsv", "en")
    paras = read_paragraphs(seg / f"{SEED_ID}.zh.paragraphs.txt", seg / f"{SEED_ID}.meta.json")
    beads = read_beads(ROOT / "tm" / f"{SEED_ID}.beads.txt")
    copies = -(-beads_wanted // len(beads))
    out_zh, out_en, out_paras, out_beads = [], [], [], []
    for c in range(copies):
        dz, de, dp = c * len(zh), c * len(en), c * len(paras)
        out_zh += [replace(s, id=s.id + dz, paragraph=s.paragraph + dp) for s in zh]
        out_en += [replace(s, id=s.id + de, paragraph=s.paragraph + dp) for s in en]
        out_paras += [replace(p, index=p.index + dp) for p in paras]
        for b in beads:
            score = 0.3 if len(out_beads) % 7 == 3 else b.score
            out_beads.append(
                Bead(tuple(i + dz for i in b.src), tuple(i + de for i in b.tgt), score)
            )
    units = build_units(BIG_ID, out_zh, out_en, out_beads, review_threshold=REVIEW_THRESHOLD)
    units += build_paragraph_units(BIG_ID, units, out_paras)
    header, _ = store.read(ROOT / "tm" / f"{SEED_ID}.tsv")
    header = replace(header, doc_id=BIG_ID, title=f"{header.title} ({copies} copies)")
    for name in ("seeds", "segments", "tm"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "seeds" / f"{BIG_ID}.zh.txt").write_text(
        "\n\n".join(p.text for p in out_paras) + "\n", encoding="utf-8"
    )
    shutil.copy(ROOT / "seeds" / "glossary.tsv", root / "seeds" / "glossary.tsv")
    for lang, segs in (("zh", out_zh), ("en", out_en)):
        _write_segments(root / "segments" / f"{BIG_ID}.{lang}.tsv", segs)
    (root / "segments" / f"{BIG_ID}.zh.paragraphs.txt").write_text(
        "".join(p.text + "\n" for p in out_paras), encoding="utf-8"
    )
    kinds = [p.kind for p in out_paras]
    (root / "segments" / f"{BIG_ID}.meta.json").write_text(
        json.dumps({"paragraph_kinds": kinds}), encoding="utf-8"
    )
    (root / "tm" / f"{BIG_ID}.beads.txt").write_text("".join(f"{b}\n" for b in out_beads))
    # The build's QA report, which the app opens with (checking 7,000 units takes a while).
    report = qa_file(f"tm/{BIG_ID}.tsv", header, units, glossary=load_glossary(GLOSSARY))
    (root / "exports").mkdir(exist_ok=True)
    (root / "exports" / f"{BIG_ID}.qa.json").write_text(report.render("json"), encoding="utf-8")
    with open(root / "tm" / f"{BIG_ID}.tsv", "w", encoding="utf-8", newline="\n") as fh:
        store.write(units, header, fh)
    return len(out_beads)


def _write_segments(path: Path, segs: list[Segment]) -> None:
    from tmbrief.core import escape

    path.write_text(
        escape.format_rows(
            ("segment", "paragraph", "start", "end", "text"),
            ((s.id, s.paragraph, s.start, s.end, s.text) for s in segs),
        ),
        encoding="utf-8",
    )


class InProcess:
    """uvicorn serving ``create_app`` in a thread on a free port (for the big document)."""

    def __init__(self, root: Path):
        import uvicorn

        from tmbrief.review.app import create_app

        self.app = create_app(Workspace(root), rebuild=None)
        token = self.app.state.session.token
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.url = f"{self.base}/?token={token}"
        self.token = token
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)

    def stop(self):
        self.server.should_exit = True
        self.thread.join()
        self.sock.close()


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def time_open(browser, url: str, runs: int, width: int = 1280) -> list[float]:
    """Seconds from navigation to the rows on screen, each in a fresh page."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": width, "height": 900})
        t = time.perf_counter()
        page.goto(url)
        page.get_by_test_id("row").first.wait_for()
        times.append(time.perf_counter() - t)
        page.close()
    return times


def time_api_edits(base: str, token: str, doc: str, tuid: str, runs: int) -> list[float]:
    """Seconds per edit POST (the target changes each time), answered and parsed."""
    import httpx

    headers = {"Authorization": f"token {token}"}
    times = []
    with httpx.Client(base_url=base, headers=headers) as c:
        rev = c.get(f"/api/docs/{doc}/units/{tuid}").json()["unit"]["rev"]
        for i in range(runs):
            t = time.perf_counter()
            r = c.post(f"/api/docs/{doc}/units/{tuid}", json={"rev": rev, "target": f"Edit {i}."})
            rev = r.json()["unit"]["rev"]
            times.append(time.perf_counter() - t)
            assert r.status_code == 200, r.text
    return times


SHOWN_EDIT = (
    "Advanced materials are a strategic and foundational industry, the cornerstone of "
    "high-quality development in manufacturing."
)


def _edit(server, doc: str, tuid: str, **change) -> None:
    import httpx

    with httpx.Client(
        base_url=server.base, headers={"Authorization": f"token {server.token}"}
    ) as c:
        rev = c.get(f"/api/docs/{doc}/units/{tuid}").json()["unit"]["rev"]
        r = c.post(f"/api/docs/{doc}/units/{tuid}", json={"rev": rev, **change})
        assert r.status_code == 200, r.text


def time_api_pages(base: str, token: str, doc: str, runs: int) -> list[float]:
    """Seconds per GET of a page of rows (100, or the needs-review ones), answered and parsed."""
    import httpx

    times = []
    with httpx.Client(base_url=base, headers={"Authorization": f"token {token}"}) as c:
        for i in range(runs):
            params = {"offset": 100 * (i % 3)} if i % 2 else {"filter": "needs-review"}
            t = time.perf_counter()
            r = c.get(f"/api/docs/{doc}/beads", params=params)
            r.json()
            times.append(time.perf_counter() - t)
    return times


def time_page_edits(browser, url: str, n: int, runs: int) -> list[float]:
    """Seconds from clicking Save to the edited row back on screen, in the page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    times = []
    for i in range(runs):
        row = page.locator(f"#bead-{n}")
        row.get_by_test_id("edit").click()
        text = f"Page edit {i}."
        row.get_by_test_id("target-input").fill(text)
        t = time.perf_counter()
        row.get_by_test_id("save").click()
        page.locator(f"#bead-{n}").get_by_test_id("target").filter(has_text=text).wait_for()
        times.append(time.perf_counter() - t)
    page.close()
    return times


def stats(times: list[float]) -> str:
    ms = sorted(_ms(t) for t in times)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    median = statistics.median(ms)
    return f"median {median:.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms (n={len(ms)})"


def screenshots(browser, url: str, docs_image: bool) -> list[str]:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    for width, height in ((1280, 900), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.get_by_test_id("row").first.wait_for()
        path = OUT / f"review-{width}.png"
        page.screenshot(path=str(path))
        made.append(str(path.relative_to(ROOT)))
        # On a phone width nothing may stick out sideways: the page must not scroll horizontally.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        made.append(f"horizontal overflow at {width} px: {overflow} px")
        if docs_image and width == 1280:
            img = ROOT / "docs" / "img" / "review.png"
            img.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(img))
            made.append(str(img.relative_to(ROOT)))
        page.close()
    return made


def measure(browser, server, doc: str, label: str, open_runs: int, runs: int) -> list[str]:
    """The four timings of one served document, as RESULTS lines."""
    opens = time_open(browser, server.url, open_runs)
    pages = time_api_pages(server.base, server.token, doc, runs)
    api = time_api_edits(server.base, server.token, doc, f"{doc}:2", runs)
    clicks = time_page_edits(browser, server.url, 2, max(5, runs // 2))
    return [
        f"- {label}, page open to rows shown (first 100 rows): {stats(opens)}",
        f"- {label}, a page of rows (HTTP GET to answer): {stats(pages)}",
        f"- {label}, edit round trip (HTTP POST to answer): {stats(api)}",
        f"- {label}, edit in the page (Save click to row redrawn): {stats(clicks)}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--beads", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--docs-image", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    lines = [
        "## Review app",
        "",
        f"- date: {utc_now()}; commit {head.stdout.strip()}",
        f"- machine: {machine()}; Chromium {CHROMIUM} headless",
    ]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        seed = copy_built(Path(tmp) / "seed")
        server = Server(seed)
        try:
            lines += measure(browser, server, SEED_ID, f"seed ({SEED_ID})", args.runs, args.runs)
            # For the screenshots: unit 2 edited as a hurried reviewer might, dropping the
            # byline (the QA findings then show inline) and marked as needing review.
            _edit(server, SEED_ID, f"{SEED_ID}:2", target=SHOWN_EDIT)
            _edit(server, SEED_ID, f"{SEED_ID}:2", status="needs-review")
            lines += [f"- {s}" for s in screenshots(browser, server.url, args.docs_image)]
        finally:
            code, _, err = server.stop()
            lines.append(f"- seed server stopped with Ctrl-C: exit {code}")
        big = Path(tmp) / "big"
        t = time.perf_counter()
        n = make_big_project(big, args.beads)
        lines.append(f"- big document: {n} beads (made in {time.perf_counter() - t:.1f} s)")
        srv = InProcess(big)
        try:
            first = time_open(browser, srv.url, 1)
            lines.append(f"- big, first open (loads and checks the document): {stats(first)}")
            lines += measure(browser, srv, BIG_ID, "big", max(3, args.runs // 4), args.runs)
            pages = time_api_pages(srv.base, srv.token, BIG_ID, 3)
            lines.append(f"- big, a page of rows right after edits (checks rerun): {stats(pages)}")
        finally:
            srv.stop()
        browser.close()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
