"""Rule tables and settings of the briefing: immutable data, one example per entry.

Every table here is read by :mod:`tmbrief.brief.select` or :mod:`tmbrief.brief.facts`
and each entry has a test row in ``tests/test_brief.py``. The weights are chosen
a priori (see the README, "Briefings"), not fitted to any reference summary.
"""

from __future__ import annotations

from typing import NamedTuple

import regex


class Example(NamedTuple):
    """A rule table entry: the word or pattern, and a text it applies to."""

    value: str
    example: str


# Paragraph kinds whose sentences may enter the summary. Titles, standfirsts,
# headings and captions only restate or label the body (the standfirst of the seed
# repeats a body sentence word for word), so the summary is drawn from the body.
SUMMARY_KINDS = ("body",)

# Feature weights of a sentence's salience (they sum to 1). Lead position and
# centrality carry the most: news puts the gist first, and what the article keeps
# returning to is what it is about. Figures and names make a briefing useful;
# overlap with the headline ties the choice to what the editor chose to headline.
WEIGHTS = (
    ("lead", 0.25),
    ("centrality", 0.25),
    ("figures", 0.20),
    ("entities", 0.15),
    ("title", 0.15),
)

# Maximal marginal relevance (Carbonell & Goldstein 1998): salience against
# redundancy with the sentences already chosen. 0.7 is the usual news setting.
MMR_LAMBDA = 0.7

# Centrality and MMR are quadratic in the candidates: a document with more body
# passages than this (far beyond any news article) is shortlisted first by the
# linear features. 400 candidates are 80,000 similarities.
MAX_CANDIDATES = 400

# LexRank (Erkan & Radev 2004), continuous variant: damping and convergence.
DAMPING = 0.85
PAGERANK_ITERATIONS = 200
PAGERANK_TOLERANCE = 1e-12

# Form factors multiply a sentence's salience: (name, factor, example).
QUESTION_FACTOR = 0.3  # a question asks; the answer informs
FRAGMENT_FACTOR = 0.5  # a maxim or slogan of a few words carries no fact
# English words: sentences that state a fact run longer; shorter ones are maxims,
# transitions or slogans ("The business environment is the soil ...").
FRAGMENT_MAX_WORDS = 12
FORM_RULES = (
    (
        "question",
        QUESTION_FACTOR,
        "“How will Fuling make advanced materials, its leading industrial cluster, bigger and "
        "stronger?” a member of the audience asked.",
    ),
    (
        "fragment",
        FRAGMENT_FACTOR,
        "Attract one chain leader, and it will drive an entire industry.",
    ),
)
# A sentence that asks (or reports a question: “…？”现场观众提问) has a question mark.
QUESTION_MARK = regex.compile(r"[?？]")

# Chinese function words left out of the bag of words (single characters are left
# out anyway; these are the common two-character ones).
ZH_STOPWORDS = (
    Example("我们", "我们将继续推进"),
    Example("以及", "以及相关部门的负责人"),
    Example("其中", "其中国家单项冠军产品2个"),
    Example("通过", "通过延链成群"),
    Example("进行", "进行介绍"),
    Example("已经", "已经建成"),
    Example("目前", "截至目前"),
    Example("当前", "当前,涪陵正对标"),
    Example("同时", "同时涪陵产业基础雄厚"),
    Example("一个", "招引一个链主"),
    Example("表示", "夏涵表示"),
    Example("据了解", "据了解,通过延链成群"),
)

# jieba part-of-speech flags of proper names: person, place, organisation, other.
ENTITY_FLAGS = ("nr", "nrfg", "nrt", "ns", "nt", "nz")
# Glossary kinds that are named entities (the glossary's person, place, ... rows).
ENTITY_KINDS = ("person", "place", "organization", "programme")

# Verbs that attribute speech to the name before them: 刘忠表示, 傅云介绍了.
SPEECH_VERBS = (
    Example("表示", "夏涵表示,涪陵区将坚持"),
    Example("介绍", "傅云从四大方面介绍了涪陵的区位优势"),
    Example("说", "易先勇说"),
    Example("指出", "刘忠指出"),
    Example("强调", "刘忠强调"),
    Example("认为", "傅云认为"),
    Example("称", "夏涵称"),
    Example("谈到", "刘忠谈到"),
    Example("回答", "刘忠回答道"),
)
# How far (characters) a speech verb may follow the name, within one sentence:
# 刘忠从四个方面对涪陵区发展先进材料主导产业集群作了清晰介绍 has 26 between.
SPEECH_WINDOW = 40
SENTENCE_END_ZH = "。！？!?"
# A quotation worth quoting: at least this many characters between the marks, so
# that names of events and slogans in quotation marks (“发言人来了”) are not quotes.
QUOTE_MIN_CHARS = 15
QUOTE = regex.compile(r"“[^”]+”|「[^」]+」|\"[^\"]+\"")

# Key figures: at most this many in the table (article order); money-sized values
# (at least 10,000) and percentages first, then counts written in digits, larger first.
MAX_FIGURES = 12
LARGE_VALUE = 1e4
FIGURE_KINDS = ("plain", "percent")
# A number in quotation marks is a name (“33618” system), not a quantity.
LABEL_BEFORE = '“"「‘'
LABEL_AFTER = '”"」’'
# Clause boundaries for a figure's context: a decimal point is not one, nor a comma
# between digits (1,000).
ZH_CLAUSE = regex.compile(r"(?<!\d)[,，]|[,，](?!\d)|[;；。!！?？:：、()（）“”\"]")
EN_CLAUSE = regex.compile(r"(?<!\d),|,(?!\d)|[;:!?()“”\"—]|\.(?=\s|$)")
CONTEXT_MAX_WORDS = 12
CONTEXT_MAX_CHARS = 24

# The English sentence ends a unit's target when it ends so; otherwise the next unit
# of the paragraph continues it, and both are quoted together.
SENTENCE_END_EN = regex.compile(r"[.!?…。！？][\"”’)\]]*\s*$")

# The roles of a byline, in the order a briefing lists them: (DocMeta field, label,
# the words before the names in the English byline, an English byline). The English
# is read only for names the glossary lacks.
_BYLINE = "Hualong Net (reporter Li Li, intern Chen Hongying)"
BYLINE_ROLES = (
    ("reporters", "Reporter", r"\breporters?\s+", _BYLINE),
    ("interns", "Intern", r"\binterns?\s+", _BYLINE),
    ("photographers", "Photos", r"\bphotos?\s+by\s+|\bphotographers?\s+", "Photo by Sun Feng"),
)
# A romanised name: one to three capitalised words (Li Li, Chen Hongying), several
# joined by commas or "and".
EN_NAME = r"\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){0,2}"
EN_NAMES = regex.compile(rf"({EN_NAME}(?:(?:, | and ){EN_NAME})*)")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
