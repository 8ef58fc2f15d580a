"""The review app as a person uses it: headless Chromium (Debian's chromium, driven by Playwright).

A project whose translation joins two paragraphs is built; ``tmbrief review``
is started on a free port of 127.0.0.1 and stopped with Ctrl-C. In the page:
filter to needs-review, merge two beads, edit a target, reload and see the
change; then ``tmbrief build`` keeps both.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import SEED_ID
from tests.review_helpers import CHROMIUM, CHROMIUM_ARGS, Server, build, make_project
from tmbrief.review.workspace import Workspace
from tmbrief.tm.store import read

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) missing")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("review-e2e"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(project):
    srv = Server(project)
    yield srv
    srv.stop()


def _tm(project):
    _, units = read(project / "tm" / f"{SEED_ID}.tsv")
    return {u.tuid: u for u in units}


def test_filter_merge_edit_reload_build(project, browser, server):
    before = _tm(project)
    flagged = [u for u in before.values() if u.status == "needs-review" and u.segtype == "sentence"]
    assert flagged, "the joined paragraphs should leave a bead that needs review"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    rows = page.get_by_test_id("row")
    rows.first.wait_for()
    total = rows.count()
    assert total == len((project / "tm" / f"{SEED_ID}.beads.txt").read_text().splitlines())

    # Filter to needs-review: only the flagged units' rows remain.
    page.get_by_test_id("filter-needs-review").click()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=row]').length === n", arg=len(flagged)
    )
    shown = rows.first
    n = int(shown.get_attribute("data-n"))
    assert shown.get_by_test_id("status").inner_text() == "needs-review"

    # Merge that bead with the next one.
    tuid_next = f"{SEED_ID}:{n + 1}"
    src_ids = before[f"{SEED_ID}:{n}"].src_ids + before[tuid_next].src_ids
    tgt_ids = before[f"{SEED_ID}:{n}"].tgt_ids + before[tuid_next].tgt_ids
    shown.get_by_test_id("merge").click()
    page.get_by_test_id("message").filter(has_text=f"merge at bead {n}").wait_for()
    page.get_by_test_id("filter-needs-review").click()  # filter off: every bead
    page.get_by_test_id("filter-edited").click()
    merged = page.locator(f"#bead-{n}")
    merged.get_by_text("alignment fixed").wait_for()
    page.get_by_test_id("filter-edited").click()

    # Edit the target of another unit.
    row = page.locator("#bead-1")
    row.get_by_test_id("edit").click()
    new_target = "A reviewer's new translation of the standfirst."
    row.get_by_test_id("target-input").fill(new_target)
    row.get_by_test_id("save").click()
    page.locator("#bead-1").get_by_test_id("origin").filter(has_text="edited").wait_for()

    # Reload: both changes are still there (the server kept them, not the page).
    page.reload()
    page.locator("#bead-1").get_by_test_id("target").filter(has_text=new_target).wait_for()
    assert page.locator(f"#bead-{n}").get_by_text("alignment fixed").count() == 1
    assert page.get_by_test_id("row").count() == total - 1
    page.close()

    code, out, err = server.stop()
    assert code == 0, err
    assert "review stopped" in out

    # tmbrief build replays the records: the merge and the edit survive.
    build(project)
    after = _tm(project)
    assert after[f"{SEED_ID}:1"].target == new_target
    assert after[f"{SEED_ID}:{n}"].src_ids == src_ids
    assert after[f"{SEED_ID}:{n}"].tgt_ids == tgt_ids
    assert len([u for u in after.values() if u.segtype == "sentence"]) == total - 1
    beads = (project / "tm" / f"{SEED_ID}.beads.txt").read_text().splitlines()
    assert len(beads) == total - 1

    # The app opens with the build's QA report: the same findings as checking afresh.
    state = Workspace(project).load(SEED_ID)
    assert "unit_findings" in state.__dict__  # taken from exports/<id>.qa.json
    fresh = replace(state, qa_cache={})
    assert state.findings and state.findings == fresh.findings
