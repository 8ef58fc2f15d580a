"""The data that flows between stages: frozen dataclasses, no behaviour beyond formatting.

Ids are 0-based everywhere (paragraphs, segments, beads, as vecalign counts);
raw line numbers are 1-based, as editors and error messages show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARAGRAPH_KINDS = ("title", "standfirst", "heading", "body", "caption")
UNIT_STATUSES = ("translated", "needs-review", "untranslated")
# The DocMeta fields that hold the people of a byline, one field per role.
BYLINE_FIELDS = (
    "reporters",
    "correspondents",
    "interns",
    "special_correspondents",
    "photographers",
    "editors",
)


@dataclass(frozen=True)
class DocMeta:
    """What the cleaner learns about a document besides its paragraphs."""

    doc_id: str
    title: str = ""
    outlet: str = ""
    date: str = ""  # ISO 8601 date, YYYY-MM-DD, from the document itself
    time: str = ""  # hh:mm:ss where the page gives one
    reporters: tuple[str, ...] = ()
    interns: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()  # 通讯员: a correspondent is not a reporter
    special_correspondents: tuple[str, ...] = ()  # 特约记者


@dataclass(frozen=True)
class Paragraph:
    """One cleaned paragraph and the raw lines (1-based) it was made from."""

    index: int
    kind: str
    text: str
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class LineRecord:
    """What became of one raw input line: the provenance table's row.

    fate: ``kept`` (part of paragraph ``target``), ``duplicate`` (of raw line
    ``target``), ``metadata`` (read into DocMeta, not a paragraph), ``blank`` or
    ``dropped``; ``reason`` says why, e.g. ``boilerplate:copyright``.
    """

    line: int
    fate: str
    target: int | None
    reason: str
    text: str
    origin: str = ""  # a saved HTML page's line: the element it starts in


@dataclass(frozen=True)
class CleanDoc:
    """A cleaned document: metadata, ordered paragraphs, one record per raw line."""

    meta: DocMeta
    paragraphs: tuple[Paragraph, ...]
    provenance: tuple[LineRecord, ...]
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """A sentence (or heading, caption) with its place in the cleaned paragraph."""

    id: int
    lang: str
    paragraph: int
    start: int  # character offset in the paragraph text, inclusive
    end: int  # exclusive
    text: str


@dataclass(frozen=True)
class Bead:
    """One alignment link: source segment ids, target segment ids, confidence in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        """Bead type as ``m-n``, e.g. ``1-2``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def __str__(self) -> str:
        src = ", ".join(map(str, self.src))
        tgt = ", ".join(map(str, self.tgt))
        return f"[{src}]:[{tgt}]:{self.score:.2f}"


@dataclass(frozen=True)
class Unit:
    """One translation-memory unit (tu): a source segment run and its translation."""

    tuid: str
    doc_id: str
    paragraph: int
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    source: str
    target: str
    bead_type: str
    confidence: float
    status: str
    notes: tuple[str, ...] = ()
    src_start: int = 0
    src_end: int = 0
    segtype: str = "sentence"  # or "paragraph"
    # What the TM held when the unit was exported (units.base_of), as read back from
    # an exported file; "" for the TM's own units and other tools' files. Not compared:
    # it says where a unit came from, not what it is.
    base: str = field(default="", compare=False)
    # Who made the target: "" when the aligner did, else the human edit that did
    # (tm.edits.origin_of: "edited <time> from <file> (edit <seq>)"). Exports say it.
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Finding:
    """One QA finding about one unit."""

    unit: str
    check: str
    severity: str  # error | warning | info
    message: str
    source: str = ""
    target: str = ""


@dataclass(frozen=True)
class TMHeader:
    """What every export says about the TM: languages, document, how it was made."""

    doc_id: str
    srclang: str = "zh-CN"
    tgtlang: str = "en"
    date: str = ""  # YYYY-MM-DD of the article; export timestamps derive from it
    title: str = ""
    settings: tuple[tuple[str, str], ...] = field(default_factory=tuple)
