"""The build: every document in seeds/ -> segments/, tm/ and exports/.

The stages are pure; each output a build makes goes at once to a temp file next
to its target (core.textio.StagedFiles: a long article's outputs are many times
its size, and none is held in memory), and only when every document has gone
through every stage are they all renamed into place. A failure in any stage
removes the temp files and leaves the previous outputs intact.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tmbrief.align.aligner import align_document
from tmbrief.brief.briefing import write_brief_outputs
from tmbrief.clean.article import clean_article
from tmbrief.clean.cleaner import (
    HTML_SUFFIXES,
    ZH_SUFFIX,
    doc_id_of,
    join_lines,
    provenance_tsv,
    split_lines,
)
from tmbrief.config import Settings, signatures
from tmbrief.core import escape
from tmbrief.core.errors import InputError, OutputError
from tmbrief.core.glossary import Term, load_glossary
from tmbrief.core.langid import check_language
from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.memory import release_free_memory
from tmbrief.core.model import Bead, CleanDoc, DocMeta, Segment, TMHeader, Unit
from tmbrief.core.textio import (
    OpenFile,
    OutputFiles,
    StagedFiles,
    commit_files,
    read_text,
    remove_stale_temps,
)
from tmbrief.core.units import document_header
from tmbrief.formats import FORMATS, export_each
from tmbrief.qa.report import qa_file
from tmbrief.qa.settings import QASettings
from tmbrief.review.record import Row, read_fixes, replay
from tmbrief.segment.splitter import segment_paragraphs
from tmbrief.segment.srx import to_srx
from tmbrief.tm.edits import (
    CONFLICT_CHECK,
    Conflict,
    Edit,
    conflict_findings,
    overwritten,
    read_edits,
)
from tmbrief.tm.edits import SUFFIX as EDITS_SUFFIX
from tmbrief.tm.memory import load_notes, unmatched_notes

if TYPE_CHECKING:
    from tmbrief.scale.cluster import ClusterSettings

log = logging.getLogger(__name__)

EN_SUFFIX = ".en.txt"
NOTES_SUFFIX = ".notes.tsv"
GLOSSARY_NAME = "glossary.tsv"
OUTPUT_DIRS = ("segments", "tm", "exports")


@dataclass(frozen=True)
class Document:
    """One document of seeds/: the Chinese article and, if present, its translation."""

    doc_id: str
    zh_path: Path
    en_path: Path | None
    notes_path: Path | None


@dataclass(frozen=True)
class BuildResult:
    """What a build made: output files (path relative to the root -> bytes), and warnings.

    ``conflicts`` are recorded human edits that could not be replayed (kept in
    their record); ``discarded`` the edits ``discard_edits`` dropped; ``failed``
    the documents a parallel build could not build (doc id -> error) and
    ``documents`` the ids of those built.
    """

    files: Mapping[str, bytes]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    conflicts: tuple[Conflict, ...] = ()
    discarded: tuple[Edit, ...] = ()
    units: tuple[Unit, ...] = ()  # the document's TM (build_document only)
    failed: Mapping[str, str] = field(default_factory=dict)
    documents: tuple[str, ...] = ()


def discover(seeds_dir: Path) -> list[Document]:
    """Every ``<id>.zh.txt`` (or saved page ``<id>.zh.html``) in ``seeds_dir``, sorted by id.

    Each with its ``<id>.en.txt`` and notes when present. An id with both a
    text scrape and a page is refused: which one to build would be a guess.
    """
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise InputError(seeds_dir, "seeds directory does not exist")
    docs = []
    articles = [*seeds_dir.glob("*" + ZH_SUFFIX)]
    articles += [p for suffix in HTML_SUFFIXES for p in seeds_dir.glob("*" + suffix)]
    by_id: dict[str, Path] = {}
    for zh in sorted(articles):
        doc_id = doc_id_of(zh)
        if doc_id in by_id:
            raise InputError(zh, f"{by_id[doc_id].name} is the same document; keep one of the two")
        by_id[doc_id] = zh
    for doc_id, zh in sorted(by_id.items()):
        en = seeds_dir / (doc_id + EN_SUFFIX)
        notes = seeds_dir / (doc_id + NOTES_SUFFIX)
        docs.append(
            Document(doc_id, zh, en if en.exists() else None, notes if notes.exists() else None)
        )
    if not docs:
        raise InputError(
            seeds_dir, f"no documents (*{ZH_SUFFIX} or *{HTML_SUFFIXES[0]}) in the seeds directory"
        )
    return docs


def read_translation(text: str) -> list[str]:
    """Paragraphs of a translation file: blank lines separate them, wrapped lines are joined."""
    paragraphs, block = [], []
    for line in split_lines(text):
        if line.strip():
            block.append(line.strip())
        elif block:
            paragraphs.append(join_lines(block))
            block = []
    if block:
        paragraphs.append(join_lines(block))
    return paragraphs


def clean_outputs(doc_id: str, cleaned: CleanDoc) -> dict[str, bytes]:
    """The files of the cleaning stage: paragraphs, provenance table, metadata."""
    paragraphs = "".join(p.text + "\n" for p in cleaned.paragraphs)
    provenance = provenance_tsv(cleaned)
    meta = {
        "doc_id": cleaned.meta.doc_id,
        "srclang": SRC_LANG,
        "tgtlang": TGT_LANG,
        "title": cleaned.meta.title,
        "outlet": cleaned.meta.outlet,
        "date": cleaned.meta.date,
        "time": cleaned.meta.time,
        "reporters": list(cleaned.meta.reporters),
        "interns": list(cleaned.meta.interns),
        "photographers": list(cleaned.meta.photographers),
        "editors": list(cleaned.meta.editors),
        "correspondents": list(cleaned.meta.correspondents),
        "special_correspondents": list(cleaned.meta.special_correspondents),
        "encoding": cleaned.encoding,
        "paragraph_kinds": [p.kind for p in cleaned.paragraphs],
        "warnings": list(cleaned.warnings),
    }
    return {
        f"segments/{doc_id}.zh.paragraphs.txt": paragraphs.encode(),
        f"segments/{doc_id}.zh.provenance.tsv": provenance.encode(),
        f"segments/{doc_id}.meta.json": _json(meta),
    }


def _json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def segment_outputs(doc_id: str, lang_code: str, segments: tuple[Segment, ...]) -> bytes:
    """``segments/<id>.<lang>.tsv``: segment id, paragraph, start, end, text."""
    return escape.format_rows(
        ("segment", "paragraph", "start", "end", "text"),
        ((s.id, s.paragraph, s.start, s.end, s.text) for s in segments),
    ).encode()


def tm_header(
    meta: DocMeta, glossary_path: Path | None, settings: Settings | None = None
) -> TMHeader:
    """The header every TM file and export of a document carries: languages, date, settings."""
    settings = settings or Settings()
    return document_header(
        meta,
        ("aligner", "tmbrief.align (paragraph-aware, CC-CEDICT lexical + length + anchors)"),
        ("review_threshold", f"{settings.align.review_threshold:g}"),
        ("glossary", glossary_path.name if glossary_path else "none"),
        *signatures(settings),
    )


def tm_outputs(
    doc_id: str,
    beads: tuple[Bead, ...],
    units: tuple[Unit, ...],
    header,
    open_file: OpenFile,
) -> None:
    """``tm/<id>.beads.txt`` (one bead per line, vecalign notation) and ``tm/<id>.tsv``,
    each written to the stream ``open_file(name, binary)`` gives (a build's staged file)."""
    with open_file(f"tm/{doc_id}.beads.txt", False) as stream:
        stream.writelines(f"{b}\n" for b in beads)
    tsv = FORMATS["tsv"]
    with open_file(f"tm/{doc_id}.tsv", tsv.binary) as stream:
        tsv.write(units, header, stream)


def qa_stage(
    units,
    header: TMHeader,
    glossary,
    glossary_path,
    conflicts: Sequence[Conflict] = (),
    settings: QASettings | None = None,
) -> dict[str, bytes]:
    """``exports/<id>.qa.md`` and ``.qa.json``: every check over the document's TM.

    The same report as ``tmbrief qa tm/<id>.tsv --glossary seeds/glossary.tsv``,
    plus one ``edit-conflict`` error per recorded edit the build could not replay.
    """
    doc_id = header.doc_id
    report = qa_file(
        f"tm/{doc_id}.tsv",
        header,
        units,
        glossary=glossary,
        glossary_path=glossary_path,
        settings=settings,
    )
    if conflicts:
        report = replace(
            report,
            findings=report.findings + conflict_findings(conflicts),
            checks=report.checks + (CONFLICT_CHECK,),
        )
    return {f"exports/{doc_id}.qa.{ext}": report.render(ext).encode() for ext in ("md", "json")}


def build_document(
    doc: Document,
    *,
    glossary: tuple[Term, ...] = (),
    glossary_path: Path | None = None,
    encoding: str | None = None,
    settings: Settings | None = None,
    edits: Sequence[Edit] = (),
    fixes: Sequence[Row] = (),
    files: OutputFiles | StagedFiles | None = None,
) -> BuildResult:
    """Run every stage on one document; return its output files (nothing is written).

    ``fixes`` (the alignment fixes of the review record, tmbrief.review.record)
    are replayed over the fresh alignment, then ``edits`` (the document's edit
    record) over its units; those that conflict are reported and kept (edit
    conflicts are returned and put in the QA). ``files``: where each output goes
    as soon as it is made (the build's StagedFiles: temp files, not memory);
    by default a new OutputFiles, in memory.
    """
    settings = settings or Settings()
    files = OutputFiles() if files is None else files
    cleaned = clean_article(doc.zh_path, doc.doc_id, encoding)
    files.update(clean_outputs(doc.doc_id, cleaned))
    warnings = [f"{doc.zh_path}: {w}" for w in cleaned.warnings]

    zh_segments = segment_paragraphs([p.text for p in cleaned.paragraphs], SRC_LANG)
    files[f"segments/{doc.doc_id}.zh.tsv"] = segment_outputs(doc.doc_id, "zh", zh_segments)
    en_paragraphs: list[str] = []
    if doc.en_path is None:
        warnings.append(
            f"{doc.zh_path}: no translation ({doc.doc_id}{EN_SUFFIX}); all untranslated"
        )
    else:
        en_text = read_text(doc.en_path)
        check_language(en_text, TGT_LANG, doc.en_path)
        en_paragraphs = read_translation(en_text)
        files[f"segments/{doc.doc_id}.en.paragraphs.txt"] = "".join(
            p + "\n" for p in en_paragraphs
        ).encode()
        if len(en_paragraphs) != len(cleaned.paragraphs):
            warnings.append(
                f"{doc.en_path}: {len(en_paragraphs)} paragraphs for "
                f"{len(cleaned.paragraphs)} Chinese paragraphs; aligned anyway"
            )
    en_segments = segment_paragraphs(en_paragraphs, TGT_LANG)
    files[f"segments/{doc.doc_id}.en.tsv"] = segment_outputs(doc.doc_id, "en", en_segments)
    # After each big stage, the memory it freed goes back to the system, so that a long
    # article's peak is its largest stage, not the sum of them (core/memory.py).
    release_free_memory()

    beads = align_document(
        zh_segments,
        en_segments,
        glossary=[(t.zh, t.en) for t in glossary],
        settings=settings.align,
    )
    release_free_memory()
    notes = load_notes(doc.notes_path) if doc.notes_path else {}
    replayed = replay(
        doc.doc_id,
        zh_segments,
        en_segments,
        beads,
        cleaned.paragraphs,
        fixes,
        edits,
        notes=notes,
        review_threshold=settings.align.review_threshold,
    )
    beads, units, conflicts = replayed.beads, replayed.units, replayed.edit_conflicts
    warnings += [f"{doc.doc_id}: alignment fix conflict: {c}" for c in replayed.fix_conflicts]
    header = tm_header(cleaned.meta, glossary_path, settings)
    removed = export_each(units, header, lambda name, binary: files.open(f"exports/{name}", binary))
    warnings += [f"{doc.doc_id}: export {r}" for r in removed]
    release_free_memory()
    warnings += [
        f"{doc.notes_path}: note matches no unit: {z}" for z in unmatched_notes(units, notes)
    ]
    tm_outputs(doc.doc_id, beads, units, header, files.open)
    # QA warns on exactly the beads the TM marks for review: the aligner's threshold.
    qa_settings = replace(settings.qa, review_threshold=settings.align.review_threshold)
    files.update(qa_stage(units, header, glossary, glossary_path, conflicts, qa_settings))
    release_free_memory()
    kinds = [p.kind for p in cleaned.paragraphs]
    # .brief.md, .brief.html
    write_brief_outputs(units, cleaned.meta, kinds, files.open, glossary, settings.brief)
    release_free_memory()
    warnings += [f"{doc.doc_id}: edit conflict: {c}" for c in conflicts]
    return BuildResult(files, tuple(warnings), conflicts, units=units)


@dataclass(frozen=True)
class BuildInputs:
    """What a build reads before any document: the documents, and the shared glossary."""

    documents: tuple[Document, ...]
    glossary: tuple[Term, ...]
    glossary_path: Path | None
    warnings: tuple[str, ...] = ()


def read_inputs(seeds_dir: Path) -> BuildInputs:
    """The documents of ``seeds_dir`` and its glossary (a warning when there is none)."""
    glossary_path = Path(seeds_dir) / GLOSSARY_NAME
    warnings: tuple[str, ...] = ()
    if glossary_path.exists():
        glossary = load_glossary(glossary_path)
    else:
        glossary, glossary_path = (), None
        warnings = (f"{seeds_dir}: no {GLOSSARY_NAME}; glossary checks have nothing to check",)
    return BuildInputs(tuple(discover(seeds_dir)), glossary, glossary_path, warnings)


def heavy_tables() -> tuple[Callable[[], object], ...]:
    """The cached loaders of the tables the stages share: the dictionary and the tokenizers.

    A parallel build calls them once in each worker process before its first document.
    """
    from tmbrief.align.lexicon import cedict
    from tmbrief.core.zh_words import pos_tokenizer, tokenizer

    return (cedict, tokenizer, pos_tokenizer)


def build(
    seeds_dir: Path,
    root: Path,
    *,
    encoding: str | None = None,
    settings: Settings | None = None,
    discard_edits: bool = False,
    cluster: ClusterSettings | None = None,
    on_progress: Callable[[str, str | None, int, int], None] | None = None,
) -> BuildResult:
    """Build every document of ``seeds_dir`` into ``root``/{segments,tm,exports}.

    Each document's edit record ``root/tm/<id>.edits.tsv`` (and the review app's
    alignment fixes) is replayed over its fresh alignment; ``discard_edits`` drops
    the edit records instead (they are removed, and returned as ``discarded``).
    Each output is staged (a temp file next to its target) as it is made, and
    renamed into place only when every document has gone through every stage:
    all or nothing. With ``cluster``, the documents are built as tasks on
    that Dask cluster: the files are the same as without; a document that fails
    is left out (its previous outputs stay as they were) and named in
    ``BuildResult.failed``, the others are written. ``on_progress(doc_id, error,
    done, total)`` follows a parallel build.
    """
    inputs = read_inputs(seeds_dir)
    options = {
        "glossary": inputs.glossary,
        "glossary_path": inputs.glossary_path,
        "encoding": encoding,
        "settings": settings,
    }
    jobs = [_job(root, doc) for doc in inputs.documents]
    recorded = {job.doc.doc_id: job.edits for job in jobs}
    if discard_edits:
        jobs = [replace(job, edits=()) for job in jobs]
    # Each output goes to a temp file next to its target as soon as it is made (a long
    # article's outputs are many times its size); all are renamed into place at the end.
    stale = [p for d in OUTPUT_DIRS for p in remove_stale_temps(Path(root) / d)]
    files = StagedFiles(root)
    try:
        if cluster is None:
            results, failed = {}, {}
            for job in jobs:
                log.info("building %s", job.doc.doc_id)
                results[job.doc.doc_id] = _run_job(job, files=files, **options)
        else:
            results, failed = _build_on_cluster(jobs, options, cluster, on_progress)
        warnings = list(inputs.warnings)
        warnings += [f"{p}: removed, a temp file of a build that was killed" for p in stale]
        conflicts: list[Conflict] = []
        discarded: list[Edit] = []
        for doc in inputs.documents:
            result = results.get(doc.doc_id)
            if result is None:
                continue
            record = f"tm/{doc.doc_id}{EDITS_SUFFIX}"
            edits = recorded[doc.doc_id]
            if discard_edits:
                discarded.extend(edits)
                if edits:
                    files[record] = None  # removed with the write of the new outputs
                edits = ()
            if result.files is not files:  # a cluster's result: its files came back in memory
                files.update(result.files)
            warnings.extend(result.warnings)
            conflicts.extend(result.conflicts)
            warnings.extend(overwritten(Path(root) / f"tm/{doc.doc_id}.tsv", result.units, edits))
        files["exports/segmentation.srx"] = to_srx().encode()
        files.commit()
    except BaseException:
        files.discard()
        raise
    built = tuple(d.doc_id for d in inputs.documents if d.doc_id in results)
    return BuildResult(
        files,
        tuple(warnings),
        tuple(conflicts),
        tuple(discarded),
        failed=failed,
        documents=built,
    )


@dataclass(frozen=True)
class _Job:
    """One document to build, with the human records to replay over it."""

    doc: Document
    edits: tuple[Edit, ...]
    fixes: tuple


def _job(root: Path, doc: Document) -> _Job:
    """``doc`` with the human records kept for it under ``root/tm``."""
    tm_dir = Path(root) / "tm"
    return _Job(
        doc, read_edits(tm_dir / f"{doc.doc_id}{EDITS_SUFFIX}"), read_fixes(tm_dir, doc.doc_id)
    )


def _run_job(job: _Job, **options) -> BuildResult:
    return build_document(job.doc, edits=job.edits, fixes=job.fixes, **options)


def _job_id(job: _Job) -> str:
    return job.doc.doc_id


def _build_on_cluster(jobs, options, cluster, on_progress):
    """({doc id: result} of the documents built, {doc id: error} of those that failed)."""
    from tmbrief.scale.cluster import connect
    from tmbrief.scale.tasks import map_tasks

    def done(outcome, count, total):
        log.info("built %s (%d/%d)%s", outcome.name, count, total,
                 "" if outcome.ok else f": {outcome.error}")  # fmt: skip
        if on_progress is not None:
            on_progress(outcome.name, outcome.error, count, total)

    with connect(cluster, warm=heavy_tables()) as client:
        outcomes = map_tasks(client, _run_job, jobs, name=_job_id, kwargs=options, on_done=done)
    results = {o.name: o.result for o in outcomes.values() if o.ok}
    failed = {o.name: o.error for o in outcomes.values() if not o.ok}
    return results, failed


def rebuild_document(
    seeds_dir: Path, root: Path, doc_id: str, *, settings: Settings | None = None
) -> BuildResult:
    """Build one document of ``seeds_dir`` into ``root`` as :func:`build` would (the review app).

    Writes only that document's files (all or nothing); the shared ones
    (segmentation.srx) are not the document's and stay as they are.
    """
    inputs = read_inputs(seeds_dir)
    docs = [d for d in inputs.documents if d.doc_id == doc_id]
    if not docs:
        raise InputError(seeds_dir, f"no document {doc_id}")
    result = _run_job(
        _job(root, docs[0]),
        glossary=inputs.glossary,
        glossary_path=inputs.glossary_path,
        settings=settings,
    )
    write_outputs(root, result.files)
    return result


def write_outputs(root: Path, files: Mapping[str, bytes | None]) -> None:
    """Write every output under ``root``, all or nothing (commit_files); None removes a file."""
    root = Path(root)
    for name in OUTPUT_DIRS:
        try:
            (root / name).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                root / name, f"cannot create output directory: {exc.strerror}"
            ) from exc
    commit_files({root / rel: files[rel] for rel in sorted(files)})
