"""The briefing's data: frozen dataclasses built by :mod:`.briefing`, read by the renderers.

Every piece of English in a :class:`Brief` is a whole TM target (summary, speaker
lines, headline), a glossary entry (names, titles, outlet), or a span of a TM target
quoted as a figure's context; nothing is generated.
"""

from __future__ import annotations

from dataclasses import dataclass

from tmbrief.core.model import Unit

UNTRANSLATED = "untranslated"


def quotable(unit: Unit) -> bool:
    """Whether the briefing may quote ``unit``: a non-blank target not marked untranslated.

    The briefing's one test of a usable English target (summary candidates, headline,
    speaker lines, the translated count). It trusts the TM's status; QA's
    :func:`tmbrief.qa.checks.is_translated` is a different question (does the target
    still hold Chinese?) and flags such units instead of skipping them.
    """
    return bool(unit.target.strip()) and unit.status != UNTRANSLATED


@dataclass(frozen=True)
class Passage:
    """Consecutive units of one paragraph whose English targets make whole sentences.

    Usually one unit; more when a unit's target stops mid-sentence and the next
    unit of the paragraph finishes it.
    """

    units: tuple[Unit, ...]
    kind: str  # the paragraph kind: title, standfirst, heading, body, caption
    # One English sentence of the units' targets, as (start, end) in ``full_text``;
    # None for all of it. The Chinese (``source``) is always the whole units'.
    span: tuple[int, int] | None = None

    @property
    def tuids(self) -> tuple[str, ...]:
        return tuple(u.tuid for u in self.units)

    @property
    def paragraph(self) -> int:
        return self.units[0].paragraph

    @property
    def source(self) -> str:
        return "".join(u.source for u in self.units)

    @property
    def full_text(self) -> str:
        """The English of every unit, joined by spaces."""
        return " ".join(u.target for u in self.units if u.target)

    @property
    def text(self) -> str:
        """The English this passage quotes: its sentence, or every unit's target."""
        full = self.full_text
        return full if self.span is None else full[self.span[0] : self.span[1]]

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def quotable(self) -> bool:
        """Every unit :func:`quotable`: the passage's English may be quoted whole."""
        return all(quotable(u) for u in self.units)


@dataclass(frozen=True)
class Scores:
    """Why a sentence was chosen: its features in [0, 1], form factor and MMR bookkeeping.

    ``salience`` = ``form`` x weighted sum of the features; ``redundancy`` is the
    highest similarity to a sentence chosen before it; ``mmr`` the marginal
    relevance it was chosen with; ``rank`` the order of choice (1 = first).
    """

    lead: float
    centrality: float
    figures: float
    entities: float
    title: float
    form: float
    salience: float
    redundancy: float
    mmr: float
    rank: int

    FEATURES = ("lead", "centrality", "figures", "entities", "title")


@dataclass(frozen=True)
class SummarySentence:
    """One summary item: one English sentence of a human translation, and its units.

    ``text`` is a whole TM target or one sentence of it, verbatim.
    """

    text: str
    tuids: tuple[str, ...]
    paragraph: int
    source: str
    scores: Scores
    needs_review: bool = False  # a cited unit has status needs-review


@dataclass(frozen=True)
class Name:
    """A name in English (from the glossary or the translation) and in Chinese.

    ``en`` is empty when no English form is known; renderers then show the Chinese.
    """

    en: str
    zh: str
    title: str = ""  # a person's post in English (glossary note or the translation)
    title_zh: str = ""  # the post as the Chinese article gives it


@dataclass(frozen=True)
class Figure:
    """One figure of the article: in English and in Chinese, with context and its unit.

    ``agrees`` is true when the number checker finds the same quantity on both
    sides; otherwise ``problem`` says which side lacks it.
    """

    en: str
    zh: str
    value: float
    kind: str
    en_context: str
    zh_context: str
    tuid: str
    agrees: bool = True
    problem: str = ""


@dataclass(frozen=True)
class Quote:
    """A speaker's words: the English quoted span (or reported sentence) and its units."""

    text: str
    tuids: tuple[str, ...]
    units: tuple[Unit, ...] = ()
    quoted: bool = False  # the Chinese quotes them (“…”), not reports them
    zh_chars: int = 0  # length of the Chinese they cover


@dataclass(frozen=True)
class Speaker:
    """A person quoted in the article, and the English of their words.

    ``text`` is a quote the briefing shows (the quoted span of a TM target);
    ``quotes`` every quote found for them; ``in_summary`` the summary item (1-based)
    that already carries their only quote, 0 when ``text`` is shown.
    """

    name: Name
    text: str
    tuids: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()
    in_summary: int = 0


@dataclass(frozen=True)
class ArticleRow:
    """One sentence unit of the whole article, for the bilingual view: cited or not."""

    tuid: str
    zh: str
    en: str  # "" when untranslated
    kind: str  # the paragraph kind
    cited: bool


@dataclass(frozen=True)
class Brief:
    """An English briefing of one document.

    ``byline`` pairs a role label ("Reporter") with the names in it; ``exports``
    names the files holding the full TM; ``settings`` says how the briefing was made.
    """

    doc_id: str
    headline: str
    headline_zh: str
    headline_tuids: tuple[str, ...]
    outlet: Name
    date: str  # ISO 8601, from the document
    byline: tuple[tuple[str, tuple[Name, ...]], ...]
    summary: tuple[SummarySentence, ...]
    figures: tuple[Figure, ...]
    figures_to_check: tuple[Figure, ...]
    speakers: tuple[Speaker, ...]
    exports: tuple[str, ...]
    units: int
    translated: int
    candidates: int
    settings: tuple[tuple[str, str], ...]
    article: tuple[ArticleRow, ...] = ()


@dataclass(frozen=True)
class OverviewRow:
    """One document in an overview: when, where, what, and its top sentence."""

    doc_id: str
    date: str
    outlet: Name
    headline: str
    headline_zh: str
    lead: SummarySentence | None
    units: int
    translated: int
    figures: int
    figures_to_check: int


@dataclass(frozen=True)
class Overview:
    """Every document briefed together: the overview table, then each briefing."""

    rows: tuple[OverviewRow, ...]
    briefs: tuple[Brief, ...]
