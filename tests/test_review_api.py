"""The review app's JSON API alone, with Starlette's test client (no server, no browser)."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from starlette.testclient import TestClient

from tests.conftest import SEED_ID
from tests.review_helpers import copy_built
from tmbrief.review.app import create_app
from tmbrief.review.record import read_fixes, replay
from tmbrief.review.workspace import Rebuilder, Workspace, read_beads
from tmbrief.tm.edits import edits_path, read_edits

TOKEN = "test-token"
AUTH = {"Authorization": f"token {TOKEN}"}
DOC = f"/api/docs/{SEED_ID}"


@pytest.fixture
def project(tmp_path):
    return copy_built(tmp_path)


@pytest.fixture
def client(project):
    app = create_app(Workspace(project), token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.headers.update(AUTH)
        yield c


def snapshot(root):
    """sha256 of every file under ``root`` (to show a refused request wrote nothing)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def rows(client, **params):
    return client.get(f"{DOC}/beads", params=params).json()


def unit(client, n):
    return client.get(f"{DOC}/units/{SEED_ID}:{n}").json()["unit"]


# --- security -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "query", "status"),
    [
        ({}, "", 401),
        ({"Authorization": "token nope"}, "", 403),
        ({}, "?token=nope", 403),
        ({"Authorization": "Bearer " + TOKEN}, "", 401),
        ({}, f"?token={TOKEN}", 200),
        ({"Authorization": f"token {TOKEN}"}, "", 200),
    ],
)
def test_token_is_required_everywhere(project, headers, query, status):
    app = create_app(Workspace(project), token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for path in ("/", "/api/docs", f"{DOC}/beads"):
            r = c.get(path + query, headers=headers)
            assert r.status_code == status, path
            if status != 200:
                assert r.json()["status"] == status
        before = snapshot(project)
        r = c.post(f"{DOC}/beads/0/merge" + query, headers=headers, json={"rev": "x"})
        assert r.status_code == (409 if status == 200 else status)
        assert snapshot(project) == before


def test_another_host_is_refused(project):
    app = create_app(Workspace(project), token=TOKEN)
    with TestClient(app, base_url="http://attacker.example") as c:
        assert c.get(f"/api/docs?token={TOKEN}").status_code == 400


def test_page_has_a_strict_content_security_policy(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in r.text
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["referrer-policy"] == "no-referrer"


def test_document_ids_are_looked_up_never_opened(client, project):
    (project / "tm" / "x.beads.txt").write_text("[0]:[0]:1.00\n")  # no seeds/x.zh.txt
    for doc in ("x", "..%2Fseeds%2Fglossary", "%2Fetc%2Fpasswd"):
        r = client.get(f"/api/docs/{doc}/beads")
        assert r.status_code == 404, doc
        assert "no document" in r.json()["error"] or "no such page" in r.json()["error"]


# --- reading ------------------------------------------------------------------------------


def test_docs_and_rows(client):
    docs = client.get("/api/docs").json()["docs"]
    assert [d["id"] for d in docs] == [SEED_ID]
    data = rows(client)
    assert data["total"] == docs[0]["beads"] == len(data["rows"])
    assert data["threshold"] == 0.5
    first = data["rows"][0]
    assert first["para_start"] and first["zh"][0]["id"] == 0
    assert first["unit"]["tuid"] == f"{SEED_ID}:0" and first["unit"]["origin"] == "aligned"
    # Paragraph breaks: a row starts a paragraph exactly when its Chinese does.
    paras = [r["paragraph"] for r in data["rows"]]
    assert [r["para_start"] for r in data["rows"]] == [
        i == 0 or p != paras[i - 1] for i, p in enumerate(paras)
    ]


def test_paging(client):
    whole = rows(client)["rows"]
    page = rows(client, offset=10, limit=5)
    assert page["rows"] == whole[10:15] and page["matched"] == len(whole)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"filter": "nope"}, "unknown filter"),
        ({"limit": "0"}, "limit must be"),
        ({"limit": "501"}, "limit must be"),
        ({"offset": "-1"}, "offset must be"),
    ],
)
def test_bad_queries(client, params, message):
    r = client.get(f"{DOC}/beads", params=params)
    assert r.status_code == 400 and message in r.json()["error"]


# --- editing units ------------------------------------------------------------------------


def test_edit_target_status_note(client, project):
    u = unit(client, 2)
    r = client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "target": "New text."})
    assert r.status_code == 200
    body = r.json()
    assert body["unit"]["target"] == "New text." and body["unit"]["origin"] == "edited"
    assert body["row"]["unit"] == body["unit"]
    u = body["unit"]
    r = client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "status": "needs-review"})
    u = r.json()["unit"]
    assert u["status"] == "needs-review"
    assert [x["n"] for x in rows(client, filter="needs-review")["rows"]] == [2]
    r = client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "note": "Check the figure."})
    assert r.json()["unit"]["notes"][-1] == "Check the figure."
    edits = read_edits(edits_path(project / "tm" / f"{SEED_ID}.tsv"))
    assert [e.file for e in edits] == ["tmbrief review"] * 3
    assert [e.new_target for e in edits] == ["New text."] * 3
    assert edits[1].new_status == "needs-review"


BAD_EDITS = [
    # (unit, body, status, message)
    ("0", "{bad json", 400, "malformed JSON"),
    ("0", "[1, 2]", 400, "JSON object"),
    ("0", {"target": "x"}, 400, "missing rev"),
    ("0", {"rev": "REV", "colour": "red"}, 400, "unknown fields"),
    ("0", {"rev": "REV", "target": 5}, 400, "target must be a str"),
    ("0", {"rev": "REV", "status": "done"}, 400, "status 'done'"),
    ("0", {"rev": "REV"}, 400, "nothing to change"),
    ("0", {"rev": "REV", "note": "   "}, 400, "empty note"),
    ("0", {"rev": "stale", "target": "x"}, 409, "changed since revision"),
    ("0", {"rev": "REV", "target": ""}, 422, "would erase"),
    ("999", {"rev": "REV", "target": "x"}, 404, "no unit"),
    ("p2", {"rev": "REV", "target": "x"}, 422, "derived from its sentences"),
]


@pytest.mark.parametrize(("n", "body", "status", "message"), BAD_EDITS)
def test_bad_edits_change_nothing(client, project, n, body, status, message):
    tuid = f"{SEED_ID}:{n}"
    rev = client.get(f"{DOC}/units/{tuid}").json().get("unit", {}).get("rev", "none")
    if isinstance(body, dict):
        body = {k: (rev if v == "REV" else v) for k, v in body.items()}
        kwargs = {"json": body}
    else:
        kwargs = {"content": body.encode(), "headers": {"Content-Type": "application/json"}}
    before = snapshot(project)
    r = client.post(f"{DOC}/units/{tuid}", **kwargs)
    assert r.status_code == status, r.json()
    assert message in r.json()["error"]
    assert snapshot(project) == before


def test_two_tabs_editing_one_unit_conflict(client, project):
    rev = unit(client, 4)["rev"]
    first = client.post(f"{DOC}/units/{SEED_ID}:4", json={"rev": rev, "target": "Tab one."})
    assert first.status_code == 200
    before = snapshot(project)
    second = client.post(f"{DOC}/units/{SEED_ID}:4", json={"rev": rev, "target": "Tab two."})
    assert second.status_code == 409
    assert unit(client, 4)["target"] == "Tab one."
    assert snapshot(project) == before


# --- bead operations ----------------------------------------------------------------------


def test_bead_operations_and_undo(client, project):
    original = rows(client)
    rev = original["rev"]
    r = client.post(f"{DOC}/beads/5/merge", json={"rev": rev})
    assert r.status_code == 200
    merged = rows(client)
    assert merged["total"] == original["total"] - 1
    row = merged["rows"][5]
    assert [s["id"] for s in row["zh"]] == [s["id"] for x in original["rows"][5:7] for s in x["zh"]]
    assert row["fixed"] and row["score"] == 1.0
    # Split it again where it was joined.
    zh, en = len(original["rows"][5]["zh"]), len(original["rows"][5]["en"])
    r = client.post(f"{DOC}/beads/5/split", json={"rev": merged["rev"], "zh": zh, "en": en})
    assert r.status_code == 200
    assert [x["zh"] for x in rows(client)["rows"]] == [x["zh"] for x in original["rows"]]
    # Move an English sentence, then unpair one; undo all four, LIFO.
    r = client.post(f"{DOC}/beads/8/move", json={"rev": r.json()["rev"], "to": "next"})
    assert r.status_code == 200
    moved = rows(client)["rows"]
    assert moved[9]["en"][0]["id"] == original["rows"][8]["en"][-1]["id"]
    r = client.post(
        f"{DOC}/beads/10/unpair",
        json={"rev": r.json()["rev"], "lang": "zh", "segment": moved[10]["zh"][0]["id"]},
    )
    assert r.status_code == 200
    assert rows(client)["rows"][10]["en"] == []
    for expected in ("undid unpair", "undid move", "undid split", "undid merge"):
        r = client.post(f"{DOC}/undo")
        assert r.status_code == 200 and r.json()["summary"].startswith(expected)
    back = rows(client)
    assert back["rev"] == rev and back["rows"] == original["rows"]
    assert client.post(f"{DOC}/undo").status_code == 422
    fixes = read_fixes(project / "tm", SEED_ID)
    assert [f.action for f in fixes] == ["merge", "split", "move", "unpair"] + ["undo"] * 4


BAD_OPS = [
    ("0/merge", {"rev": "REV", "zh": 1}, 400, "unknown fields"),
    ("0/split", {"rev": "REV", "zh": 1}, 400, "missing en"),
    ("0/split", {"rev": "REV", "zh": True, "en": 0}, 400, "zh must be a int"),
    ("0/split", {"rev": "REV", "zh": 0, "en": 0}, 422, "empty bead"),
    ("0/move", {"rev": "REV", "to": "up"}, 400, "to must be one of"),
    ("0/move", {"rev": "REV", "to": "prev"}, 422, "first bead"),
    ("0/unpair", {"rev": "REV", "lang": "zh", "segment": 5}, 422, "no zh sentence 5"),
    ("0/rotate", {"rev": "REV"}, 404, "no bead operation"),
    ("x/merge", {"rev": "REV"}, 400, "not a whole number"),
    ("9999/merge", {"rev": "REV"}, 422, "no bead 9999"),
    ("0/merge", {"rev": "old"}, 409, "alignment changed"),
]


@pytest.mark.parametrize(("path", "body", "status", "message"), BAD_OPS)
def test_bad_bead_operations_change_nothing(client, project, path, body, status, message):
    rev = rows(client)["rev"]
    body = {k: (rev if v == "REV" else v) for k, v in body.items()}
    before = snapshot(project)
    r = client.post(f"{DOC}/beads/{path}", json=body)
    assert r.status_code == status, r.json()
    assert message in r.json()["error"]
    assert snapshot(project) == before


def test_alignment_fix_refused_on_an_edited_unit(client):
    u = unit(client, 3)
    client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "target": "Mine."})
    r = client.post(f"{DOC}/beads/3/merge", json={"rev": rows(client)["rev"]})
    assert r.status_code == 422 and "holds a person's edit" in r.json()["error"]
    r = client.post(f"{DOC}/beads/2/merge", json={"rev": rows(client)["rev"]})
    assert r.status_code == 422  # bead 3 would be merged into bead 2


# --- what build replays -------------------------------------------------------------------


def test_records_replayed_on_the_alignment_give_the_app_state(client, project):
    """build replays the records on a fresh alignment: the units equal what the app showed.

    An edit made before a merge that renumbers the units after it is re-keyed.
    """
    aligned = read_beads(project / "tm" / f"{SEED_ID}.beads.txt")
    u = unit(client, 20)
    client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "target": "Edited first."})
    client.post(f"{DOC}/beads/5/merge", json={"rev": rows(client)["rev"]})
    r = client.post(f"{DOC}/beads/8/move", json={"rev": rows(client)["rev"], "to": "prev"})
    assert r.status_code == 200
    shown = {u["tuid"]: u for r in rows(client, limit=500)["rows"] if (u := r["unit"])}
    assert shown[f"{SEED_ID}:19"]["target"] == "Edited first."
    ws = Workspace(project)
    state = ws.load(SEED_ID)
    conf = {u.tuid: u.confidence for u in state.units}
    beads = [b for b in aligned]  # the aligner's beads: the records are put on top of them
    replayed = replay(
        SEED_ID,
        state.zh,
        state.en,
        beads,
        state.paragraphs,
        read_fixes(project / "tm", SEED_ID),
        read_edits(edits_path(project / "tm" / f"{SEED_ID}.tsv")),
        notes=state.notes,
        review_threshold=0.5,
    )
    assert not replayed.conflicts
    assert [(b.src, b.tgt) for b in replayed.beads] == [(b.src, b.tgt) for b in state.beads]
    got = {u.tuid: (u.target, u.status) for u in replayed.units if u.segtype == "sentence"}
    assert got == {t: (v["target"], v["status"]) for t, v in shown.items()}
    assert conf  # the state loaded


def test_a_fix_that_no_longer_fits_is_a_conflict_and_kept(client, project):
    client.post(f"{DOC}/beads/5/merge", json={"rev": rows(client)["rev"]})
    state = Workspace(project).load(SEED_ID)
    other = read_beads(project / "tm" / f"{SEED_ID}.beads.txt")  # already merged: no 5, 6 run
    replayed = replay(
        SEED_ID,
        state.zh,
        state.en,
        other,
        state.paragraphs,
        state.rows,
        notes=state.notes,
        review_threshold=0.5,
    )
    assert len(replayed.fix_conflicts) == 1 and "merge at bead 5" in replayed.fix_conflicts[0]
    assert read_fixes(project / "tm", SEED_ID) == state.rows


# --- background rebuilds ------------------------------------------------------------------


def test_rebuilds_wait_for_a_quiet_moment_and_flush_on_exit():
    calls = []
    done = threading.Event()

    def rebuild(doc_id):
        calls.append(doc_id)
        done.set()

    r = Rebuilder(rebuild, delay=0.2)
    for _ in range(5):
        r.schedule("a")
    assert done.wait(5)
    time.sleep(0.1)
    assert calls == ["a"]
    r = Rebuilder(rebuild, delay=60)
    r.schedule("b")
    assert r.pending() == ("b",)
    r.flush()
    assert calls == ["a", "b"] and r.pending() == ()


def test_a_failed_rebuild_is_reported_not_lost():
    def rebuild(doc_id):
        raise OSError("disk full")

    r = Rebuilder(rebuild, delay=60)
    r.schedule("a")
    r.flush()
    assert r.errors == ["a: disk full"]


def test_an_edit_is_checked_at_once(client):
    """The title's 2000亿 dropped from its target: the answer's row has the number finding."""
    assert rows(client)["rows"][0]["findings"] == []
    u = unit(client, 0)
    r = client.post(f"{DOC}/units/{u['tuid']}", json={"rev": u["rev"], "target": "A new stage."})
    found = r.json()["row"]["findings"]
    assert "numbers" in {f["check"] for f in found}
    assert rows(client)["rows"][0]["findings"] == found
    assert rows(client, filter="findings")["counts"]["findings"] >= 1


@pytest.mark.parametrize("actions", [["merge"], ["merge", "undo"]])
def test_a_save_cut_short_is_settled_on_open(client, project, actions):
    """A stop between writing the record and the beads: the record's last action wins."""
    beads_path = project / "tm" / f"{SEED_ID}.beads.txt"
    for action in actions:
        before = beads_path.read_bytes()
        if action == "merge":
            client.post(f"{DOC}/beads/5/merge", json={"rev": rows(client)["rev"]})
        else:
            client.post(f"{DOC}/undo")
    expected = Workspace(project).load(SEED_ID).beads
    beads_path.write_bytes(before)  # as if the beads were never written
    assert Workspace(project).load(SEED_ID).beads == expected
