"""Screenshots of the seed's HTML briefing in headless Chromium, at 1280 and 390 px.

Writes bench/out/brief-1280.png and bench/out/brief-390.png (not committed); with
--docs also docs/img/brief.png (the 1280 px view, top of the page), for docs/briefings.md.
Needs Debian's chromium and the playwright package (never `playwright install`).

Usage: .venv/bin/python bench/brief_screens.py [--root .] [--docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from common import ROOT, SEED_ID

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--docs", action="store_true", help="also write docs/img/brief.png")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    page_path = args.root / "exports" / f"{SEED_ID}.brief.html"
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(out / f"brief-{width}.png"), full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            print(f"{width} px: page {overflow} px wide -> bench/out/brief-{width}.png")
            if width == 1280 and args.docs:
                page.screenshot(path=str(ROOT / "docs" / "img" / "brief.png"))
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
