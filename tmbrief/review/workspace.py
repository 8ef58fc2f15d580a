"""The review app's files: load a document from a project's outputs, save what an action did.

A project is a directory with ``seeds/``, ``segments/`` and ``tm/`` as
``tmbrief build`` writes them. Only paths made here from the project root and a
document id that is one of the project's own (:meth:`Workspace.doc_ids`) are
ever opened: nothing from a request becomes a path.

A document loads from its build outputs (sentences, paragraphs, beads, the TM
header and confidences) and its records; an action's rows are written to the
records first (atomically), then ``tm/<id>.beads.txt``; the TM file and the
exports follow from a rebuild of the document (``rebuild``, run in the
background after a short quiet time, so an edit's round trip does not wait
for it), which replays the same records.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tmbrief.core import escape
from tmbrief.core.errors import ParseError
from tmbrief.core.glossary import load_glossary
from tmbrief.core.model import Bead, Finding, Paragraph, Segment
from tmbrief.core.settings import REVIEW_THRESHOLD
from tmbrief.core.textio import atomic_write, read_text
from tmbrief.core.units import parse_ids
from tmbrief.review.ops import apply_fix
from tmbrief.review.record import (
    Row,
    fix_of,
    fixed_beads,
    live_rows,
    path_for,
    read_fixes,
    write_record,
)
from tmbrief.review.state import Change, DocState, Stale, seed_findings
from tmbrief.tm import store
from tmbrief.tm.edits import edits_path, format_edits, read_edits
from tmbrief.tm.memory import load_notes

log = logging.getLogger(__name__)

SEGMENT_COLUMNS = ["segment", "paragraph", "start", "end", "text"]
_BEAD_LINE = re.compile(r"^\[([\d, ]*)\]:\[([\d, ]*)\]:([\d.]+)$")


def read_segments(path, lang: str) -> tuple[Segment, ...]:
    """``segments/<id>.<lang>.tsv`` as written by the build; ParseError on anything else."""
    header, rows = escape.parse_rows(read_text(path))
    if header != SEGMENT_COLUMNS:
        raise ParseError(path, f"header must be {' '.join(SEGMENT_COLUMNS)}", 1)
    out = []
    for number, fields in rows:
        try:
            seg, para, start, end, text = fields
            out.append(Segment(int(seg), lang, int(para), int(start), int(end), text))
        except ValueError as exc:
            raise ParseError(path, f"bad segment row: {exc}", number) from exc
    return tuple(out)


def read_beads(path) -> tuple[Bead, ...]:
    """``tm/<id>.beads.txt`` (``[0, 1]:[2]:0.53`` a line); ParseError on anything else."""
    beads = []
    for number, line in enumerate(read_text(path).splitlines(), 1):
        m = _BEAD_LINE.match(line.strip())
        if not m:
            raise ParseError(path, f"not a bead: {line[:40]!r}", number)
        src, tgt, score = m.groups()
        beads.append(
            Bead(parse_ids(src.replace(" ", "")), parse_ids(tgt.replace(" ", "")), float(score))
        )
    return tuple(beads)


def read_paragraphs(paragraphs_path, meta_path) -> tuple[Paragraph, ...]:
    """Cleaned Chinese paragraphs from ``<id>.zh.paragraphs.txt`` and the kinds in ``meta.json``."""
    texts = read_text(paragraphs_path).split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    kinds = json.loads(read_text(meta_path)).get("paragraph_kinds", [])
    if len(kinds) != len(texts):
        raise ParseError(meta_path, f"{len(kinds)} paragraph kinds for {len(texts)} paragraphs")
    return tuple(Paragraph(i, k, t) for i, (k, t) in enumerate(zip(kinds, texts, strict=True)))


def _scores(beads, units, fixed) -> tuple[Bead, ...]:
    """Bead scores to the 4 decimals units keep (beads.txt rounds to 2; units decide the status).

    A bead a person made keeps its score; another takes its unit's confidence (the
    unit with its Chinese, whose English holds the bead's, a 0-1 bead's merged in).
    """
    by_src = {u.src_ids: u for u in units if u.segtype == "sentence" and u.src_ids}
    out = []
    for b in beads:
        unit = by_src.get(b.src)
        if (b.src, b.tgt) not in fixed and unit and set(b.tgt) <= set(unit.tgt_ids):
            b = Bead(b.src, b.tgt, unit.confidence)
        out.append(b)
    return tuple(out)


def settle(beads: tuple[Bead, ...], rows: tuple[Row, ...]) -> tuple[Bead, ...]:
    """The beads with the record's last action in them, should a stop have cut its save short.

    An action writes its record row before ``tm/<id>.beads.txt``: a stop between the
    two leaves beads without the last fix (or with the fix its last undo took back).
    """
    if not rows:
        return beads
    last = rows[-1]
    if last.is_fix:
        fix = fix_of(last)
        if apply_fix(beads, fix, undo=True) is None:  # its result is not in the beads
            return apply_fix(beads, fix) or beads
    elif last.action == "undo":
        undone = next((r for r in rows if r.seq == int(last.before)), None)
        if undone is not None and undone.is_fix and undone not in live_rows(rows):
            fix = fix_of(undone)
            if apply_fix(beads, fix) is None:  # its beads before are not back
                return apply_fix(beads, fix, undo=True) or beads
    return beads


def read_findings(path) -> tuple[Finding, ...]:
    """The findings of a QA report in JSON (``exports/<id>.qa.json``, as the build writes it)."""
    try:
        data = json.loads(read_text(path))
        return tuple(
            Finding(f["unit"], f["check"], f["severity"], f["message"], f["source"], f["target"])
            for f in data["findings"]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(path, f"not a QA report in JSON: {exc}") from exc


@dataclass(frozen=True)
class Workspace:
    """A project directory's files, by document id; ``threshold``: the build's review threshold."""

    root: Path
    threshold: float = REVIEW_THRESHOLD

    def doc_ids(self) -> tuple[str, ...]:
        """Documents with a build to review: a TM, its beads and their Chinese in seeds/."""
        tm = self.root / "tm"
        ids = sorted(p.name[: -len(".beads.txt")] for p in tm.glob("*.beads.txt"))
        return tuple(i for i in ids if (self.root / "seeds" / f"{i}.zh.txt").exists())

    def tm_path(self, doc_id: str) -> Path:
        return self.root / "tm" / f"{doc_id}.tsv"

    def load(self, doc_id: str) -> DocState:
        """The document as its build and records left it."""
        seg = self.root / "segments"
        tm = self.tm_path(doc_id)
        header, units = store.read(tm)
        rows = read_fixes(self.root / "tm", doc_id)
        beads = settle(read_beads(self.root / "tm" / f"{doc_id}.beads.txt"), rows)
        beads = _scores(beads, units, fixed_beads(beads, rows))
        notes_path = self.root / "seeds" / f"{doc_id}.notes.tsv"
        glossary_path = self.root / "seeds" / "glossary.tsv"
        en_path = seg / f"{doc_id}.en.tsv"
        state = DocState(
            doc_id=doc_id,
            header=header,
            zh=read_segments(seg / f"{doc_id}.zh.tsv", "zh"),
            en=read_segments(en_path, "en") if en_path.exists() else (),
            paragraphs=read_paragraphs(
                seg / f"{doc_id}.zh.paragraphs.txt", seg / f"{doc_id}.meta.json"
            ),
            beads=beads,
            rows=rows,
            edits=read_edits(edits_path(tm)),
            notes=load_notes(notes_path) if notes_path.exists() else {},
            glossary=load_glossary(glossary_path) if glossary_path.exists() else (),
            threshold=self.threshold,
        )
        report = self.root / "exports" / f"{doc_id}.qa.json"
        if report.exists() and state.units == units:
            state = seed_findings(state, read_findings(report))
        return state

    def save(self, change: Change) -> None:
        """Write an action's records, then the beads (the TM and exports: :class:`Rebuilder`)."""
        state = change.state
        if change.edits:
            path = edits_path(self.tm_path(state.doc_id))
            if len(read_edits(path)) != len(state.edits) - len(change.edits):
                raise Stale(f"{path} changed on disk since the page loaded (an import?): reload")
            atomic_write(path, format_edits(state.edits))
        if change.rows:
            write_record(path_for(self.root / "tm", state.doc_id), state.rows)
        if any(r.is_fix or r.action == "undo" for r in change.rows) and not change.edits:
            beads = "".join(f"{b}\n" for b in state.beads)
            atomic_write(self.root / "tm" / f"{state.doc_id}.beads.txt", beads)


class Rebuilder:
    """Runs ``rebuild(doc_id)`` in a background thread once a document has been quiet ``delay`` s.

    :meth:`flush` runs what is pending now (the app calls it on shutdown), so
    the TM and exports always end up matching the records.
    """

    def __init__(self, rebuild: Callable[[str], object] | None, delay: float = 0.5):
        self._rebuild = rebuild
        self._delay = delay
        self._lock = threading.Lock()
        self._timers: dict[str, threading.Timer] = {}
        self._running = threading.Lock()
        self.errors: list[str] = []
        self.done = 0

    def schedule(self, doc_id: str) -> None:
        if self._rebuild is None:
            return
        with self._lock:
            old = self._timers.pop(doc_id, None)
            if old is not None:
                old.cancel()
            timer = threading.Timer(self._delay, self._run, (doc_id,))
            timer.daemon = True
            self._timers[doc_id] = timer
            timer.start()

    def pending(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(sorted(self._timers))

    def _run(self, doc_id: str) -> None:
        with self._lock:
            self._timers.pop(doc_id, None)
        with self._running:
            try:
                self._rebuild(doc_id)
                self.done += 1
            except Exception as exc:  # reported on the page and at exit, never lost silently
                log.error("rebuilding %s failed: %s", doc_id, exc)
                self.errors.append(f"{doc_id}: {exc}")

    def flush(self) -> None:
        """Run every pending rebuild now, in this thread."""
        with self._lock:
            timers = dict(self._timers)
            for t in timers.values():
                t.cancel()
            self._timers.clear()
        for doc_id in sorted(timers):
            self._run(doc_id)
        with self._running:
            pass  # wait for a rebuild already running
