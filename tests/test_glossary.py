"""Tests for tmbrief.core.glossary: loading, malformed rows, term matching, the real glossary."""

from __future__ import annotations

import tracemalloc

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_GLOSSARY, SEEDS, SMALL_GLOSSARY
from tmbrief.core.errors import InputError, ParseError
from tmbrief.core.glossary import (
    INDEX_CACHE_SIZE,
    PATTERN_CACHE_SIZE,
    TERM_KINDS,
    Term,
    _build_index,
    _english_pattern,
    _width_fold_table,
    _WordLiteral,
    compare_terms,
    find_forbidden,
    find_terms,
    fold_zh,
    glossary_signature,
    has_english,
    load_glossary,
)

SEED_EN = SEEDS / "fuling-materials-20231220.en.txt"


@pytest.fixture(scope="module")
def small():
    return load_glossary(SMALL_GLOSSARY)


def test_load_small_glossary(small):
    assert len(small) == 9
    first = small[0]
    assert first == Term("涪陵", "Fuling", "place", "District of Chongqing", ("Fuli", "Fu Ling"), 2)
    assert small[3].forbidden == ()  # trailing empty column
    assert small[7].zh == "“33618”" and small[7].forbidden == ()  # four columns only
    assert glossary_signature(SMALL_GLOSSARY, small) == "glossary-small.tsv (9 terms)"


HEADER = "zh\ten\tkind\tnote\tforbidden\n"
MALFORMED = [
    # (file content, message fragment, line)
    ("zh\ten\tkind\n涪陵\tFuling\tplace\n", "header must be", 1),
    (HEADER + "涪陵\tFuling\n", "expected zh, en and kind", 2),
    (HEADER + "涪陵\tFuling\tplace\tnote\tFuli\tdoc:x\textra\n", "expected at most 6", 2),
    (HEADER + "涪陵\tFuling\tplace\tnote\tFuli\textra\n", "is not doc:<id> or outlet:<name>", 2),
    (HEADER + "\tFuling\tplace\t\t\n", "empty zh term", 2),
    (HEADER + "涪陵\t\tplace\t\t\n", "empty en", 2),
    (HEADER + "涪陵\tFuling\tcity\t\t\n", "kind 'city' is not one of", 2),
    (HEADER + "涪陵\tFuling\tplace\t\t\n重庆\tChongqing\tplace\t\t\n涪陵\tFuling\tplace\t\t\n",
     "already defined on line 2", 4),
    (HEADER + "以产兴港,以港促产\tx\tprogramme\t\t\n以产兴港，以港促产\tx\tprogramme\t\t\n",
     "already defined on line 2", 3),
    (HEADER + "涪陵区\tFuling District\tplace\t\tFuling\n", "occurs in the approved", 2),
]  # fmt: skip


@pytest.mark.parametrize("content, message, line", MALFORMED)
def test_malformed_glossary_names_file_and_line(tmp_path, content, message, line):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_glossary(path)
    assert message in str(info.value)
    assert info.value.line == line
    assert info.value.path == str(path)


def test_missing_glossary_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_glossary(tmp_path / "none.tsv")


FIND_CASES = [
    ("涪陵聚力打造", ["涪陵"]),
    ("涪陵区委副书记、区政府区长刘忠", ["涪陵区委副书记", "刘忠"]),
    ("涪陵区经信委党委委员", ["涪陵区", "区经信委"]),
    ("临港经济区“以产兴港，以港促产”", ["以产兴港,以港促产"]),
    ("重庆市提出要着力打造“33618”现代制造业集群体系", ["“33618”"]),
    ("百亿级企业和千亿级主导产业", ["百亿级", "千亿级"]),
    ("没有术语", []),
]


@pytest.mark.parametrize("source, expected", FIND_CASES)
def test_find_terms(small, source, expected):
    assert [t.zh for t in find_terms(source, small)] == expected


def test_fold_zh_keeps_length():
    text = "以产兴港，以港促产（聚酯）：１２"
    assert len(fold_zh(text)) == len(text)
    assert fold_zh(text) == "以产兴港,以港促产(聚酯):12"


WIDTH_CASES = [
    # (text, folded): every East_Asian_Width=Fullwidth character, not only U+FF01-FF5E
    ("投资１００亿元", "投资100亿元"),
    ("￥100", "¥100"),  # U+FFE5, outside the ASCII block
    ("涪陵\u3000高新区", "涪陵 高新区"),  # the ideographic space
    ("｟注｠", "⦅注⦆"),  # U+FF5F/U+FF60, just past the old hand-typed range
    ("。、「」", "。、「」"),  # wide but not full-width forms: kept
]


@pytest.mark.parametrize("text, folded", WIDTH_CASES)
def test_fold_zh_folds_every_full_width_form(text, folded):
    assert fold_zh(text) == folded


def test_width_fold_covers_the_unicode_property():
    table = _width_fold_table()
    wide = regex.findall(r"\p{East_Asian_Width=Fullwidth}", "".join(map(chr, range(0x110000))))
    assert sorted(table) == [ord(ch) for ch in wide]
    assert all(len(fold_zh(ch)) == 1 and fold_zh(ch) != ch for ch in wide)


def test_width_fold_table_is_built_in_little_memory():
    """The table scans every code point; it must not hold a million strings at once."""
    _width_fold_table.cache_clear()
    tracemalloc.start()
    try:
        table = _width_fold_table()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table) > 100
    assert peak < 5_000_000  # bytes; the million one-character strings took 100 MB


def test_glossary_caches_are_bounded():
    source = "涪陵区经信委表示"
    for n in range(3 * INDEX_CACHE_SIZE):
        glossary = (Term("涪陵", "Fuling", "place", line=n + 2),)
        assert find_terms(source, glossary) == glossary
        assert has_english(f"Fuling {n}", Term("涪陵", f"Fuling {n}", "place"))
    assert _build_index.cache_info().currsize <= INDEX_CACHE_SIZE
    assert _english_pattern.cache_info().maxsize == PATTERN_CACHE_SIZE


ENGLISH_CASES = [
    # (approved English, target, found)
    ("Fuling", "Fuling is building", True),
    ("Fuling", "As Fuling’s largest district", True),
    ("Fuling", "FULING", True),
    ("industrial cluster", "two major industrial clusters", True),
    ("Fuling", "Xfuling", False),
    ("“33618”", 'the "33618" system', True),
    ("200-billion-yuan", "a 200‑billion‑yuan industry", True),
    ("10-billion-yuan", "100-billion-yuan enterprises", False),
    ("Liu  Zhong", "Liu Zhong said", True),
]


@pytest.mark.parametrize("en, target, found", ENGLISH_CASES)
def test_has_english(en, target, found):
    assert has_english(target, Term("x", en, "term")) is found


FORBIDDEN_CASES = [
    ("Fuli", "Fuling is building", False),
    ("Fuli", "Fuli is building", True),
    ("Fu Ling", "the district of fu ling", True),
    ("the whole city", "ranks first in the whole city.", True),
    ("100-billion", "100-billion-yuan enterprises", True),
]


@pytest.mark.parametrize("variant, target, found", FORBIDDEN_CASES)
def test_find_forbidden(variant, target, found):
    assert find_forbidden(target, variant) is found


COMPARE_CASES = [
    # (source, target, missing zh, (zh, variant) used)
    ("涪陵聚力打造", "Fuling pools strength", [], []),
    ("涪陵聚力打造", "Fuli pools strength", ["涪陵"], [("涪陵", "Fuli")]),
    ("百亿级企业和千亿级", "10-billion-yuan firms and 100-billion-yuan clusters", [], []),
    ("百亿级企业", "100-billion-yuan enterprises", ["百亿级"], [("百亿级", "100-billion")]),
    # reversed: the wrong variant is reported ("Liu" alone reads as a second reference)
    ("刘忠表示", "Zhong Liu said", [], [("刘忠", "Zhong Liu")]),
    ("刘忠表示,刘忠说", "Liu Zhong said", [], []),
    ("没有术语", "Fuli", [], []),  # variants count only where the source has the term
    ("刘忠表示", "Liu said", [], []),  # second reference: surname alone
    ("刘忠表示", "Liu’s plan, Liu said.", [], []),
    ("刘忠表示", "Liu Zong said", ["刘忠"], []),  # misspelt given name
    ("刘忠表示", "Lui Zhong said", ["刘忠"], []),  # misspelt surname
    ("刘忠表示", "He said", ["刘忠"], []),
    ("涪陵区", "Fuling said", ["涪陵区"], []),  # places: no surname rule
]


@pytest.mark.parametrize("source, target, missing, used", COMPARE_CASES)
def test_compare_terms(small, source, target, missing, used):
    got_missing, got_used = compare_terms(source, target, small)
    assert [t.zh for t in got_missing] == missing
    assert [(t.zh, v) for t, v in got_used] == used


def test_real_glossary_loads_and_is_well_formed():
    terms = load_glossary(SEED_GLOSSARY)
    assert len(terms) >= 50
    assert {t.kind for t in terms} <= set(TERM_KINDS)
    assert len({fold_zh(t.zh) for t in terms}) == len(terms)
    assert all(t.line >= 2 for t in terms)


def test_seed_translation_follows_the_real_glossary(seed_doc):
    """Every glossary term of the cleaned article has its approved English in the translation."""
    from tmbrief.core.textio import read_text

    terms = load_glossary(SEED_GLOSSARY)
    source = "\n".join(p.text for p in seed_doc.paragraphs)
    target = read_text(SEED_EN)
    assert len(find_terms(source, terms)) > 100
    missing, used = compare_terms(source, target, terms)
    assert missing == () and used == ()


_TEXT = st.text(alphabet="ab -_é1.\u00a0涪\u0301\0", max_size=12)


@settings(max_examples=400, deadline=None)
@given(literal=st.text(alphabet="ab -é1涪\u0301", max_size=3), text=_TEXT, whole=st.booleans())
def test_word_literals_find_what_the_lookaround_pattern_finds(literal, text, whole):
    pattern = regex.compile(rf"(?<!\w){regex.escape(literal)}" + (r"(?!\w)" if whole else ""))
    found = _WordLiteral(literal, whole)
    assert list(found.spans(text)) == [m.span() for m in pattern.finditer(text)]
    assert found.mask(text) == pattern.sub(lambda m: "\0" * len(m.group()), text)
