"""OmegaT 3.6 as a headless CAT client (see shared/ref/omegat-notes.md), and what to expect of it.

:func:`run` builds a project in a directory (the Chinese paragraphs as a
plain-text source file, a blank line between them; our TMX in ``tm/auto/``),
translates it in console mode and asks OmegaT for its own segmentation (a
pseudo-translated TMX lists every source segment). :func:`analyse` then says,
for each OmegaT segment, whether it is made of whole beads and which of our
units must match it; :func:`expected_target` is the target file OmegaT must
write if every such segment was matched. OmegaT exits 0 even when it drops a
TMX, so the target file is the only evidence.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tmbrief.core.model import Unit

JAR = Path("/usr/share/omegat/OmegaT.jar")
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>{seg}</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def missing() -> str | None:
    """Why OmegaT cannot run here (None when it can)."""
    if shutil.which("java") is None:
        return "java is not installed (apt-get install default-jre-headless)"
    if not JAR.exists():
        return f"OmegaT is not installed ({JAR} missing; apt-get install omegat)"
    return None


@dataclass(frozen=True)
class Run:
    """What OmegaT made of a project: target paragraphs per document, all source segments."""

    targets: dict[str, tuple[str, ...]]
    segments: frozenset[str]


def run(
    root: Path, documents: dict[str, tuple[Sequence[str], bytes]], *, sentence_seg: bool
) -> Run:
    """Translate documents {name: (Chinese paragraphs, TMX)} in one OmegaT project under ``root``.

    Each document is a source file ``<name>.utf8`` and a TMX ``tm/auto/<name>.tmx``.
    Without sentence segmentation OmegaT's segments are the paragraphs; with it,
    a second run asks OmegaT for them.
    """
    for d in ("source", "target", "tm/auto", "glossary", "omegat", "config"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(
        PROJECT.format(seg="true" if sentence_seg else "false"), encoding="utf-8"
    )
    for name, (paragraphs, tmx) in documents.items():
        text = "\n\n".join(paragraphs) + "\n"
        (root / "source" / f"{name}.utf8").write_text(text, encoding="utf-8")
        (root / "tm" / "auto" / f"{name}.tmx").write_bytes(tmx)
    pseudo = root / "pseudo.tmx"
    translate(root)
    if sentence_seg:
        translate(
            root,
            "--mode=console-createpseudotranslatetmx",
            f"--pseudotranslatetmx={pseudo}",
            "--pseudotranslatetype=equal",
        )
    targets = {}
    for name in documents:
        target = (root / "target" / f"{name}.utf8").read_text(encoding="utf-8")
        targets[name] = tuple(target.rstrip("\n").split("\n\n"))
    if sentence_seg:
        segs = frozenset(s.text or "" for s in etree.parse(str(pseudo)).iter("seg"))
    else:
        segs = frozenset(p.strip() for doc in documents.values() for p in doc[0])
    return Run(targets, segs)


def translate(root: Path, *mode: str) -> None:
    """Run OmegaT on the project in ``root`` (default mode: console-translate)."""
    java = [
        "java",
        "-Djava.awt.headless=true",
        "-Duser.language=en",
        "-Duser.country=US",
        "-jar",
        str(JAR),
        str(root),
    ]
    options = [f"--config-dir={root / 'config'}", "--disable-project-locking", "--no-team"]
    mode = mode or ("--mode=console-translate",)
    subprocess.run(java + list(mode) + options + ["--quiet"], capture_output=True, timeout=300)


@dataclass(frozen=True)
class SegmentResult:
    """One OmegaT segment: its paragraph and text, and what our TM offers for it.

    kind: ``match`` (made of whole beads, all translated: a unit must match),
    ``untranslated`` (whole beads, but one has no English), ``inside-bead``
    (OmegaT splits inside one of our units: nothing can match).
    """

    paragraph: int
    text: str
    kind: str
    translation: str | None  # what OmegaT must insert (kind "match")


def split(paragraph: str, segments: frozenset[str]) -> list[tuple[int, int]]:
    """OmegaT's segmentation of a paragraph as (start, end) spans, longest match first."""
    spans, pos = [], 0
    by_length = sorted(segments, key=len, reverse=True)
    while pos < len(paragraph):
        if paragraph[pos].isspace():
            pos += 1
            continue
        seg = next((s for s in by_length if s and paragraph.startswith(s, pos)), None)
        if seg is None:
            raise AssertionError(f"no OmegaT segment at {pos} of {paragraph[:40]!r}")
        spans.append((pos, pos + len(seg)))
        pos += len(seg)
    return spans


def analyse(
    paragraphs: Sequence[str], units: Sequence[Unit], segments: frozenset[str]
) -> list[SegmentResult]:
    """Classify every OmegaT segment of every paragraph (see :class:`SegmentResult`)."""
    # OmegaT keeps the last translation of a source given twice (omegat-notes.md).
    tm = {u.source: u.target for u in units if u.target}
    results = []
    for p, text in enumerate(paragraphs):
        parts = sorted(
            (u for u in units if u.segtype == "sentence" and u.paragraph == p and u.src_ids),
            key=lambda u: u.src_start,
        )
        starts = {u.src_start: i for i, u in enumerate(parts)}
        ends = {u.src_end: i for i, u in enumerate(parts)}
        for a, b in split(text, segments):
            seg = text[a:b]
            if a in starts and b in ends and starts[a] <= ends[b]:
                run = parts[starts[a] : ends[b] + 1]
                if all(u.target for u in run):
                    results.append(SegmentResult(p, seg, "match", tm.get(seg)))
                else:
                    results.append(SegmentResult(p, seg, "untranslated", None))
            else:
                results.append(SegmentResult(p, seg, "inside-bead", None))
    return results


def expected_target(paragraphs: Sequence[str], results: Sequence[SegmentResult]) -> list[str]:
    """The target paragraphs OmegaT writes: translations (or sources) joined by one space."""
    out: list[list[str]] = [[] for _ in paragraphs]
    for r in results:
        out[r.paragraph].append(r.translation if r.kind == "match" else r.text)
    return [" ".join(parts) for parts in out]
