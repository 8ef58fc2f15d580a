"""Sentence segmentation: every rule and table entry, case tables per language, gold files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from tmbrief.cli import main
from tmbrief.segment.rules import (
    BREAK_MARK,
    COMMON_RULES,
    EN_CLOSERS,
    EN_EXTRA_ABBREVIATIONS,
    ZH_CLOSERS,
    ZH_ELLIPSES,
    ZH_FULLWIDTH_CLOSERS,
    ZH_OPENERS,
    ZH_RULES,
    ZH_TERMINATORS,
    ZH_TITLE_MAX,
    english_abbreviations,
    english_rules,
)
from tmbrief.segment.splitter import (
    break_positions,
    deciding_rule,
    segment_paragraphs,
    split_sentences,
)

SEED_GOLD = DATA / "seed.zh.sentences.txt"
UD_DEV = DATA / "zh_gsdsimp-ud-dev.jsonl"


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def marked(example: str) -> tuple[str, int]:
    """An example text without its break mark, and the mark's position."""
    assert example.count(BREAK_MARK) == 1, example
    return example.replace(BREAK_MARK, ""), example.index(BREAK_MARK)


# --- every rule: its example is decided by that rule, with that outcome -----

ALL_RULES = [
    *(("zh-CN", r) for r in ZH_RULES),
    *(("en", r) for r in english_rules()),
    *(("zh-CN", r) for r in COMMON_RULES),
    *(("en", r) for r in COMMON_RULES),
]


@pytest.mark.parametrize(("lang", "rule"), ALL_RULES, ids=lambda x: getattr(x, "name", x))
def test_each_rule_decides_its_example(lang, rule):
    text, pos = marked(rule.example)
    assert deciding_rule(text, pos, lang) == rule
    assert (pos in break_positions(text, lang)) is rule.breaks


# --- Chinese ----------------------------------------------------------------

P11 = (
    "“涪陵已构建起‘一航空二水运三高铁四高速五铁路‘的立体交通体系,同时涪陵产业基础雄厚、"
    "资源禀赋优异,百亿级企业和全市领军(链主)企业、工业‘双百企业’、企业创新奖数量均居全市"
    "区县第1。”涪陵区委常委、区政府常务副区长傅云从区位交通、产业积淀、要素保障、开放平台"
    "四大方面介绍了涪陵发展先进材料的区位优势。"
)

ZH_CASES = [
    ("full stop", "活动在涪陵区举行。活动现场有观众。", ["活动在涪陵区举行。", "活动现场有观众。"]),
    ("question mark", "你好吗？我很好。", ["你好吗？", "我很好。"]),
    ("exclamation mark", "太好了！我们走。", ["太好了！", "我们走。"]),
    ("half-width ? (seed)", "优势在哪里?下一步呢?", ["优势在哪里?", "下一步呢?"]),
    ("half-width !", "加油!明天见。", ["加油!", "明天见。"]),
    ("！？ run is one terminator", "真的吗？！我不信。", ["真的吗？！", "我不信。"]),
    ("?! run is one terminator", "真的吗?!我不信。", ["真的吗?!", "我不信。"]),
    ("。。 run (UD)", "研发实验基地。。另外，罗马。", ["研发实验基地。。", "另外，罗马。"]),
    (
        "？”。 run (UD)",
        "他说：“谁会想听呢？”。在那之后。",
        ["他说：“谁会想听呢？”。", "在那之后。"],
    ),
    ("closing quote stays", "甲说完了。”乙开始说。", ["甲说完了。”", "乙开始说。"]),
    ("closing bracket stays", "（见附件。）下一句。", ["（见附件。）", "下一句。"]),
    ("full-width ； no split", "一是做大；二是做优。", ["一是做大；二是做优。"]),
    ("half-width ; no split (seed)", "一是做大产业集群;二是做优企业矩阵。", None),
    ("，、： never split", "甲，乙、丙：丁。", None),
    ("half-width , : never split", "甲,乙:丙。", None),
    ("title with ？", "他读过《谁动了我的奶酪？》这本书。", None),
    ("title with 。", "《再见。再见》是一部电影。", None),
    (
        "unclosed title recovers",
        "《书名？没有结尾。下一句。",
        ["《书名？", "没有结尾。", "下一句。"],
    ),
    (
        "title bound",
        "《" + "长" * (ZH_TITLE_MAX + 5) + "。乙》丙。",
        ["《" + "长" * (ZH_TITLE_MAX + 5) + "。", "乙》丙。"],
    ),
    ("decimal (seed)", "实现工业总产值537.8亿元。", None),
    ("decimals", "增长3.5%。下降2.1%。", ["增长3.5%。", "下降2.1%。"]),
    ("version number", "版本v1.2.3发布。", None),
    ("half-width . between Han", "会议今天结束.明天继续。", ["会议今天结束.", "明天继续。"]),
    ("full-width ． between Han", "会议结束．明天继续。", ["会议结束．", "明天继续。"]),
    ("halfwidth ｡", "甲｡乙。", ["甲｡", "乙。"]),
    ("last sentence without punctuation", "第一句。最后一句", ["第一句。", "最后一句"]),
    ("title line (seed)", "发言人来了丨搭好“新”舞台 涪陵聚力打造2000亿级先进材料产业", None),
    ("caption (seed)", "发布活动现场。孙锋 摄", ["发布活动现场。", "孙锋 摄"]),
    ("。” then new sentence", "“均居第1。”傅云介绍了优势。", ["“均居第1。”", "傅云介绍了优势。"]),
    ("。” space new sentence", "“做好保障。” 刘忠作了介绍。", ["“做好保障。”", "刘忠作了介绍。"]),
    ("?” attribution (seed)", "“怎样做大做强?”现场观众向区长提问。", None),
    ("？” attribution", "“怎样做大做强？”现场观众提问。", None),
    ("？” space attribution", "“你去哪儿？” 他问。", None),
    ("！” attribution", "“太好了！”大家说。", None),
    ("？” then quote is dialogue", "“你好吗？”“很好。”", ["“你好吗？”", "“很好。”"]),
    ("？” then bracket", "“好吗？”（笑）", ["“好吗？”", "（笑）"]),
    (
        "sentences inside a quote",
        "他说：“我很好。你呢？”然后离开。",
        ["他说：“我很好。", "你呢？”然后离开。"],
    ),
    ("unbalanced ‘ (seed)", P11, [P11[: P11.index("”") + 1], P11[P11.index("”") + 1 :]]),
    ("ellipsis inside a sentence", "苹果、香蕉……都是水果。", None),
    ("ellipsis then space", "他停了下来…… 大家都沉默了。", ["他停了下来……", "大家都沉默了。"]),
    ("single … then space", "他停了下来… 大家沉默。", ["他停了下来…", "大家沉默。"]),
    ("ellipsis then 。", "我想想……。好吧。", ["我想想……。", "好吧。"]),
    ("ellipsis at the end", "未完待续……", None),
    ("trailing-off quote + attribution", "“我……”他说不下去了。", None),
    ("trailing-off quote + quote", "“我……”“你先说。”", ["“我……”", "“你先说。”"]),
    (
        "? in a URL",
        "详见www.example.com/a.php?id=3页面。好的。",
        ["详见www.example.com/a.php?id=3页面。", "好的。"],
    ),
    ("whitespace excluded", "  前一句。  第二句  ", ["前一句。", "第二句"]),
    ("ideographic space", "前一句。\u3000后一句。", ["前一句。", "后一句。"]),
    ("line break", "第一行\n第二行", ["第一行", "第二行"]),
    ("Latin full stop is not split in Chinese", "他说Hello. World很好。", None),
    # Real scrapes and test sets: stray spaces before full-width punctuation.
    ("stray space before ”", "运抵我国 。 ”他解释说。", ["运抵我国 。 ”", "他解释说。"]),
    ("stray space, 。 then ”", "还是重点。 ”但知识点不变。", ["还是重点。 ”", "但知识点不变。"]),
    ("stray spaces ？ ” attribution", "“谁会想听呢 ？ ” 现场观众提问。", None),
    (
        "stray space before ）",
        "共培养3000名（学徒 ） 。按照原则推进。",
        ["共培养3000名（学徒 ） 。", "按照原则推进。"],
    ),
    (
        'ASCII " after 。 space stays ambiguous',
        '后果。 "民主"早已成为工具。',
        ["后果。", '"民主"早已成为工具。'],
    ),
    # Ellipses typed as runs of full stops.
    ("...... then space", "他沉默了...... 大家都走了。", ["他沉默了......", "大家都走了。"]),
    ("..... inside a sentence", "苹果、香蕉.....都是水果。", None),
    ("..... then 。", "好吧.....。然后走了。", ["好吧.....。", "然后走了。"]),
    ("......” then quote", "“我......”“你先说。”", ["“我......”", "“你先说。”"]),
    ("......” attribution", "“我......”他说不下去了。", None),
]


@pytest.mark.parametrize(("name", "text", "expected"), ZH_CASES, ids=[c[0] for c in ZH_CASES])
def test_chinese_cases(name, text, expected):
    assert sentences(text, "zh-CN") == (expected if expected is not None else [text])


@pytest.mark.parametrize("mark", ZH_TERMINATORS)
def test_each_chinese_terminator_splits(mark):
    assert sentences(f"甲{mark}乙", "zh") == [f"甲{mark}", "乙"]


@pytest.mark.parametrize("mark", ZH_ELLIPSES)
def test_each_chinese_ellipsis_splits_only_before_space(mark):
    assert sentences(f"甲{mark} 乙", "zh") == [f"甲{mark}", "乙"]
    assert sentences(f"甲{mark}乙", "zh") == [f"甲{mark}乙"]


@pytest.mark.parametrize("mark", ZH_CLOSERS)
def test_each_chinese_closer_stays_with_the_sentence(mark):
    assert sentences(f"甲。{mark}乙", "zh") == [f"甲。{mark}", "乙"]


# ASCII " and ' are also closers: right after a terminator they close (see the rules).
@pytest.mark.parametrize("mark", [c for c in ZH_OPENERS if c not in ZH_CLOSERS])
def test_each_chinese_opener_after_a_quoted_question_starts_a_sentence(mark):
    assert sentences(f"“甲？”{mark}乙", "zh") == ["“甲？”", f"{mark}乙"]


# --- English ----------------------------------------------------------------

EN_CASES = [
    ("full stop", "It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
    ("? and !", "Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
    ("Mr. and Dr.", "Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", None]),
    (
        "Mrs. and Prof.",
        "Mrs. Li and Prof. Wang came. Good.",
        ["Mrs. Li and Prof. Wang came.", None],
    ),
    ("U.S. inside", "The U.S. Navy was there. It left.", ["The U.S. Navy was there.", None]),
    # Moses convention, a known limitation: an acronym never ends a sentence.
    ("U.S. at the end is not split", "He moved to the U.S. Later he left.", None),
    ("Jan. before a day", "It opened on Jan. 5. Then it closed.", ["It opened on Jan. 5.", None]),
    ("No. before a number", "It ranked No. 1 in China. Good.", ["It ranked No. 1 in China.", None]),
    ("No. ending a sentence", "The answer was No. Then he left.", ["The answer was No.", None]),
    ("e.g.", "Use tools, e.g. Python. It works.", ["Use tools, e.g. Python.", None]),
    ("i.e.", "One city, i.e. Fuling, grew. It grew.", ["One city, i.e. Fuling, grew.", None]),
    (
        "Co., Ltd.",
        "Fuling Co., Ltd. Chairman Li spoke. He left.",
        ["Fuling Co., Ltd. Chairman Li spoke.", None],
    ),
    ("Co. Ltd", "Chongqing Co. Ltd signed it. Fine.", ["Chongqing Co. Ltd signed it.", None]),
    ("initials", "J. K. Rowling wrote it. She is British.", ["J. K. Rowling wrote it.", None]),
    ("decimal", "It rose 3.5 percent. Then it fell.", ["It rose 3.5 percent.", None]),
    ("thousands", "It cost $1,234.56 in 2019. Then it rose.", ["It cost $1,234.56 in 2019.", None]),
    ("digit starts a sentence", "It was 2019. 5 people came.", ["It was 2019.", None]),
    ("closing double quote", 'He said "Stop." Then he left.', ['He said "Stop."', None]),
    ("closing curly quote", "He said “Stop.” Then he left.", ["He said “Stop.”", None]),
    ("closing single quote", "He said 'Stop.' Then he left.", ["He said 'Stop.'", None]),
    ("parenthesis", "(It is.) Fine.", ["(It is.)", None]),
    ("opening quote next", 'It ended. "Why?" he asked.', ["It ended.", None]),
    ("quoted question + lower case", '"Why?" he asked.', None),
    ("ellipsis then capital", "Wait... What happened?", ["Wait...", None]),
    ("ellipsis then lower case", "He said... and then left.", None),
    ("… then capital", "Wait… What?", ["Wait…", None]),
    ("lower case after a full stop", "It was 5 p.m. on Friday.", None),
    ("no space after the full stop", "See fuling.gov.cn for more.", None),
    ("whitespace excluded", "  One.   Two.  ", ["One.", "Two."]),
    ("line break", "One\nTwo", ["One", "Two"]),
    ("last sentence without punctuation", "One. Two", ["One.", "Two"]),
    (
        "caption (seed)",
        "A view of the release event. Photo by Sun Feng",
        ["A view of the release event.", None],
    ),
    (
        "quoted question + attribution (seed)",
        "“How will Fuling make it bigger and stronger?” a member of the audience asked Liu Zhong.",
        None,
    ),
    (
        "’ before the full stop (seed)",
        "a network of ‘one aviation link and five railways’. Fuling also has a solid base.",
        ["a network of ‘one aviation link and five railways’.", None],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), EN_CASES, ids=[c[0] for c in EN_CASES])
def test_english_cases(name, text, expected):
    got = sentences(text, "en")
    if expected is None:
        assert got == [text]
    else:
        # None in a table row: the rest of the text, whitespace-trimmed.
        rest = text[text.index(expected[0]) + len(expected[0]) :].strip()
        assert got == [e if e is not None else rest for e in expected]


@pytest.mark.parametrize("mark", EN_CLOSERS)
def test_each_english_closer_stays_with_the_sentence(mark):
    assert sentences(f"He said x.{mark} Then", "en") == [f"He said x.{mark}", "Then"]


@pytest.mark.parametrize("abbr", english_abbreviations(), ids=lambda a: a.word)
def test_each_abbreviation(abbr):
    text, pos = marked(abbr.example)
    rule = deciding_rule(text, pos, "en")
    assert rule.name == ("numeric-abbreviation" if abbr.numeric else "abbreviation")
    assert len(split_sentences(text, "en")) == 1
    if abbr.numeric:
        # Not before a number: an ordinary word that may end a sentence.
        assert len(split_sentences(f"It was {abbr.word}. Then it ended.", "en")) == 2


def test_abbreviations_come_from_sacremoses_and_the_supplement():
    words = {a.word: a for a in english_abbreviations()}
    for w in ("Mr", "Dr", "Jan", "e.g", "i.e", "A"):
        assert words[w].source.startswith("sacremoses") and not words[w].numeric
    assert words["No"].numeric and words["pp"].numeric
    assert all(words[a.word] == a for a in EN_EXTRA_ABBREVIATIONS)


# --- API --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "", "zh_CN", "EN", "zh-TW", "en-US"])
def test_unknown_language_is_an_error(lang):
    with pytest.raises(ValueError, match="unknown language"):
        split_sentences("甲。乙。", lang)
    with pytest.raises(ValueError, match="unknown language"):
        segment_paragraphs(["甲。"], lang)


@pytest.mark.parametrize(("lang", "tag"), [("zh", "zh-CN"), ("zh-CN", "zh-CN"), ("en", "en")])
def test_segment_paragraphs_ids_offsets_and_tags(lang, tag):
    paragraphs = (
        ["甲。乙。", "  丙！ ", "", "丁"]
        if tag == "zh-CN"
        else ["One. Two.", " Three! ", "", "Four"]
    )
    segs = segment_paragraphs(paragraphs, lang)
    assert [s.id for s in segs] == list(range(4))
    assert [s.paragraph for s in segs] == [0, 0, 1, 3]
    assert all(s.lang == tag for s in segs)
    assert all(paragraphs[s.paragraph][s.start : s.end] == s.text for s in segs)


def test_empty_and_whitespace_texts_have_no_sentences():
    assert split_sentences("", "zh") == [] and split_sentences(" \n\u3000", "en") == []


# --- gold files ---------------------------------------------------------------


def read_gold(path) -> list[list[str]]:
    blocks = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    return [block.split("\n") for block in blocks]


def test_seed_reproduces_the_hand_checked_gold(seed_doc):
    gold = read_gold(SEED_GOLD)
    paragraphs = [p.text for p in seed_doc.paragraphs]
    # The gold is of exactly these paragraphs (modulo whitespace between sentences).
    assert ["".join("".join(g).split()) for g in gold] == ["".join(p.split()) for p in paragraphs]
    assert [sentences(p, "zh-CN") for p in paragraphs] == gold
    assert sum(map(len, gold)) == 38


def ud_documents():
    with UD_DEV.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def boundaries(sents: list[str]) -> set[int]:
    ends, pos = set(), 0
    for s in sents:
        pos += len(s)
        ends.add(pos)
    return ends - {pos}


def test_ud_gsdsimp_every_punctuated_boundary_and_no_false_one():
    """All gold boundaries that follow a mark are found, no false ones (F1 >= 0.995)."""
    tp = fp = fn = 0
    for doc in ud_documents():
        gold = boundaries(doc["sentences"])
        pred = boundaries(sentences(doc["text"], "zh-CN"))
        assert "".join(sentences(doc["text"], "zh-CN")) == doc["text"]
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        assert not pred - gold, doc["id"]
        # Misses only where the gold boundary follows no sentence mark at all (：, or none).
        for miss in gold - pred:
            assert doc["text"][miss - 1] not in ZH_TERMINATORS + ZH_ELLIPSES + ZH_CLOSERS
    assert 2 * tp / (2 * tp + fp + fn) >= 0.995


PAGES_EXPECTED = DATA / "pages" / "expected.json"


def test_real_news_with_stray_spaces_keeps_closing_quotes_with_their_sentence():
    """WMT22 news paragraphs (stray spaces around full-width marks): no sentence opens
    with a closing mark, and every 。！？ ends a sentence unless a closer follows it."""
    expected = json.loads(PAGES_EXPECTED.read_text(encoding="utf-8"))
    paragraphs = [p for doc in expected.values() for p in doc["paragraphs"]]
    starts = [s[0] for p in paragraphs for s in sentences(p, "zh-CN")]
    assert len(starts) > 120
    assert not [c for c in starts if c in ZH_FULLWIDTH_CLOSERS]


# --- properties ---------------------------------------------------------------

ALPHABET = "甲乙丙丁涪陵。！？!?；;，,：:…⋯”’」』）)》“‘「『（(《\"' \u3000\n.．5aA"


@settings(derandomize=True, max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60), lang=st.sampled_from(["zh-CN", "en"]))
def test_spans_cover_the_text_except_whitespace_between_them(text, lang):
    spans = split_sentences(text, lang)
    pos = 0
    for start, end in spans:
        assert pos <= start < end
        assert not text[pos:start].strip()
        piece = text[start:end]
        assert piece == piece.strip() and piece
        pos = end
    assert not text[pos:].strip()
    rebuilt, last = [], 0
    for start, end in spans:
        rebuilt.append(text[last:start])
        rebuilt.append(text[start:end])
        last = end
    assert "".join(rebuilt) + text[last:] == text


@settings(derandomize=True, max_examples=100, deadline=None)
@given(paragraphs=st.lists(st.text(alphabet=ALPHABET, max_size=30), max_size=5))
def test_segment_paragraphs_property(paragraphs):
    segs = segment_paragraphs(paragraphs, "zh-CN")
    assert [s.id for s in segs] == list(range(len(segs)))
    assert [s.paragraph for s in segs] == sorted(s.paragraph for s in segs)
    for s in segs:
        assert s.text and paragraphs[s.paragraph][s.start : s.end] == s.text


# --- CLI ----------------------------------------------------------------------


def test_cli_text_output_is_the_seed_gold(tmp_path, seed_doc, capsys):
    src = tmp_path / "p.txt"
    src.write_text("\n".join(p.text for p in seed_doc.paragraphs) + "\n", encoding="utf-8")
    assert main(["segment", "--lang", "zh", str(src)]) == 0
    assert capsys.readouterr().out == SEED_GOLD.read_text(encoding="utf-8")


def test_cli_jsonl_from_stdin(monkeypatch, capsys):
    import io
    import sys

    data = b"Mr. Smith arrived. He left.\n\nNo. 5 won.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["segment", "--lang", "en", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        {
            "paragraph": 0,
            "text": "Mr. Smith arrived. He left.",
            "sentences": [
                {"start": 0, "end": 18, "text": "Mr. Smith arrived."},
                {"start": 19, "end": 27, "text": "He left."},
            ],
        },
        {
            "paragraph": 1,
            "text": "No. 5 won.",
            "sentences": [{"start": 0, "end": 10, "text": "No. 5 won."}],
        },
    ]


def test_cli_requires_lang(capsys):
    with pytest.raises(SystemExit) as info:
        main(["segment"])
    assert info.value.code == 2 and "--lang" in capsys.readouterr().err


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_bytes("第一段。\n".encode() + b"\xff\xff\xff\x80")
    assert main(["segment", "--lang", "zh", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(path) in err and ":2:" in err
