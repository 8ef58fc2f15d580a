"""The seed's human translation, termbase and translator's notes, checked against the Chinese.

Everything here reads the real files: the cleaned Chinese paragraphs the build wrote
(segments/<id>.zh.paragraphs.txt and .meta.json), the English translation
(seeds/<id>.en.txt), the termbase (seeds/glossary.tsv) and the notes
(seeds/<id>.notes.tsv). Paragraph i of the English translates paragraph i of the
cleaned Chinese.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache

import pytest
import regex

from tests.conftest import DATA, ROOT, SEED_GLOSSARY, SEED_ID, SEEDS
from tmbrief.core import escape
from tmbrief.numbers.extract import extract_numbers, match_numbers, same_quantity
from tmbrief.pipeline import read_translation

ZH_PARAGRAPHS = ROOT / "segments" / f"{SEED_ID}.zh.paragraphs.txt"
ZH_META = ROOT / "segments" / f"{SEED_ID}.meta.json"
EN_FILE = SEEDS / f"{SEED_ID}.en.txt"
NOTES = SEEDS / f"{SEED_ID}.notes.tsv"
GOLD_SENTENCES = DATA / "seed.zh.sentences.txt"

GLOSSARY_HEADER = ["zh", "en", "kind", "note", "forbidden"]
GLOSSARY_KINDS = ("person", "place", "organization", "title", "programme", "term")
NOTES_HEADER = ["zh", "note"]
MIN_GLOSSARY_ROWS = 40
MIN_NOTES = 6

HAN = regex.compile(r"\p{Han}")
# Full-width forms (，：（）！？ …) and CJK punctuation (。、「」《》 …), matched by block.
FULLWIDTH = regex.compile(
    r"[\p{Block=Halfwidth_and_Fullwidth_Forms}\p{Block=CJK_Symbols_and_Punctuation}]"
)
# The translation uses curly quotes; a straight one is a typo.
STRAIGHT_QUOTES = regex.compile(r"[\"']")
ASCII_DIGIT_RUN = regex.compile(r"[0-9]+(?:\.[0-9]+)?")
CAPTION_CREDIT = regex.compile(r"(\p{Han}+)\s*摄$")


def mentions(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is in ``text`` as whole words, any case ("Fuli" is not in "Fuling")."""
    return bool(regex.search(rf"(?<!\w){regex.escape(phrase)}(?!\w)", text, regex.IGNORECASE))


# What the English-side checks must catch: (check pattern, text it flags, text it passes).
CHARACTER_CHECKS = (
    (HAN, "Fuling 涪陵", "Fuling"),
    (HAN, "Spokespersons Are Here 丨 Setting", "Spokespersons Are Here | Setting"),
    (FULLWIDTH, "Fuling，Chongqing", "Fuling, Chongqing"),
    (FULLWIDTH, "the event。", "the event."),
    (FULLWIDTH, "（reporter Li Li）", "(reporter Li Li)"),
    (FULLWIDTH, "the industries、", "the industries,"),
    (FULLWIDTH, "“33618”：", "“33618”:"),
    (STRAIGHT_QUOTES, 'the "33618" system', "the “33618” system"),
    (STRAIGHT_QUOTES, "Fuling's", "Fuling’s"),
)


@cache
def zh_paragraphs() -> tuple[str, ...]:
    return tuple(ZH_PARAGRAPHS.read_text(encoding="utf-8").splitlines())


@cache
def zh_kinds() -> tuple[str, ...]:
    return tuple(json.loads(ZH_META.read_text(encoding="utf-8"))["paragraph_kinds"])


@cache
def en_text() -> str:
    return EN_FILE.read_text(encoding="utf-8")


@cache
def en_paragraphs() -> tuple[str, ...]:
    return tuple(read_translation(en_text()))


@cache
def table(path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    return escape.parse_rows(path.read_text(encoding="utf-8"))


def glossary_rows() -> list[dict[str, str]]:
    header, rows = table(SEED_GLOSSARY)
    return [dict(zip(header, fields, strict=False)) | {"line": n} for n, fields in rows]


def note_rows() -> list[dict[str, str]]:
    header, rows = table(NOTES)
    return [dict(zip(header, fields, strict=False)) | {"line": n} for n, fields in rows]


def pairs_with(zh_term: str) -> list[tuple[int, str, str]]:
    """(index, Chinese, English) of every paragraph whose Chinese contains ``zh_term``."""
    return [
        (i, zh, en)
        for i, (zh, en) in enumerate(zip(zh_paragraphs(), en_paragraphs(), strict=True))
        if zh_term in zh
    ]


PARAGRAPHS = range(len(zh_paragraphs()))
GLOSSARY_IDS = [row["zh"] for row in glossary_rows()]


# --- The English file -----------------------------------------------------------------


def test_english_has_one_paragraph_per_cleaned_chinese_paragraph():
    assert len(en_paragraphs()) == len(zh_paragraphs())


def test_english_file_layout_is_one_line_per_paragraph_with_blank_lines_between():
    text = en_text()
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text[:-1].split("\n")
    assert len(lines) == 2 * len(zh_paragraphs()) - 1
    assert all(line == "" for line in lines[1::2])
    assert list(en_paragraphs()) == lines[0::2]
    assert all(line == line.strip() and "  " not in line for line in lines[0::2])


def test_english_is_nfc():
    assert unicodedata.normalize("NFC", en_text()) == en_text()


@pytest.mark.parametrize(("pattern", "flagged", "passed"), CHARACTER_CHECKS)
def test_character_checks_flag_their_example(pattern, flagged, passed):
    assert pattern.search(flagged) and not pattern.search(passed)


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_english_has_no_han_fullwidth_or_straight_quotes(i):
    en = en_paragraphs()[i]
    assert not HAN.findall(en), f"paragraph {i}: Han characters"
    assert not FULLWIDTH.findall(en), f"paragraph {i}: full-width punctuation"
    assert not STRAIGHT_QUOTES.findall(en), f"paragraph {i}: straight quotes (use “ ” ‘ ’)"


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_double_quotes_open_and_close_in_turn(i):
    marks = regex.sub(r"[^“”]", "", en_paragraphs()[i])
    assert marks == "“”" * (len(marks) // 2), f"paragraph {i}: unbalanced double quotes"


def test_repeated_chinese_is_translated_identically():
    """The standfirst repeats a sentence of paragraph 2: its English must repeat too."""
    zh, en = zh_paragraphs(), en_paragraphs()
    repeats = [(i, j) for i in range(len(zh)) for j in range(len(zh)) if i != j and zh[i] in zh[j]]
    assert repeats, "the seed's standfirst repeats a body sentence"
    for i, j in repeats:
        assert en[i] in en[j], f"paragraph {i} is repeated in {j} but translated differently"


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_titles_and_headings_have_no_final_period(i):
    if zh_kinds()[i] in ("title", "heading"):
        assert not en_paragraphs()[i].endswith("."), f"paragraph {i}"


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_photo_credits_read_photo_by(i):
    credit = CAPTION_CREDIT.search(zh_paragraphs()[i])
    if credit:
        assert regex.search(r"\. Photo by [A-Z][a-z]+ [A-Z][a-z]+$", en_paragraphs()[i])


# --- Numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_every_arabic_digit_run_in_the_chinese_is_read_as_a_number(i):
    """Guards the number checks below: a digit run the extractor skips is never compared."""
    zh = zh_paragraphs()[i]
    spans = [(n.start, n.end) for n in extract_numbers(zh, "zh-CN")]
    for run in ASCII_DIGIT_RUN.finditer(zh):
        assert any(s <= run.start() and run.end() <= e for s, e in spans), (
            f"paragraph {i}: {run.group()!r} at {run.start()} not extracted"
        )


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_every_arabic_number_is_carried_over(i):
    """2000亿 -> 200 billion, 537.8亿 -> 53.78 billion, 第1 -> first; 1 is checked too."""
    en_numbers = extract_numbers(en_paragraphs()[i], "en")
    for n in extract_numbers(zh_paragraphs()[i], "zh-CN"):
        if not n.spelled:
            assert any(same_quantity(n, t) for t in en_numbers), f"paragraph {i}: {n} missing"


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_numbers_from_ten_up_keep_their_digits(i):
    """76 stays "76", 2000亿 "200 billion": only one to nine may be spelled out."""
    en_numbers = extract_numbers(en_paragraphs()[i], "en")
    for n in extract_numbers(zh_paragraphs()[i], "zh-CN"):
        if not n.spelled and n.value >= 10:
            assert any(same_quantity(n, t) and not t.spelled for t in en_numbers), (
                f"paragraph {i}: {n} not written in digits"
            )


@pytest.mark.parametrize("i", PARAGRAPHS)
def test_no_number_missing_or_added(i):
    """Spelled Chinese quantities too (两大, 近六成); the English adds no digits of its own."""
    missing, extra = match_numbers(
        extract_numbers(zh_paragraphs()[i], "zh-CN"), extract_numbers(en_paragraphs()[i], "en")
    )
    assert not missing, f"paragraph {i}: missing {[str(n) for n in missing]}"
    assert not extra, f"paragraph {i}: extra {[str(n) for n in extra]}"


# --- Glossary -----------------------------------------------------------------------


def test_glossary_header_and_columns():
    header, rows = table(SEED_GLOSSARY)
    assert header == GLOSSARY_HEADER
    for n, fields in rows:
        assert len(fields) == len(GLOSSARY_HEADER), f"glossary.tsv line {n}: {len(fields)} columns"


def test_glossary_size_and_unique_keys():
    keys = [row["zh"] for row in glossary_rows()]
    assert len(keys) >= MIN_GLOSSARY_ROWS
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates


def test_glossary_covers_every_kind():
    assert {row["kind"] for row in glossary_rows()} == set(GLOSSARY_KINDS)


@pytest.mark.parametrize("row", glossary_rows(), ids=GLOSSARY_IDS)
def test_glossary_row_is_well_formed(row):
    where = f"glossary.tsv line {row['line']}"
    assert row["zh"] and row["en"], where
    assert row["kind"] in GLOSSARY_KINDS, where
    assert HAN.search(row["zh"]) or row["zh"].strip("“”").isdigit(), where
    assert not HAN.search(row["en"]) and not FULLWIDTH.search(row["en"]), where
    for field in ("zh", "en", "note", "forbidden"):
        assert unicodedata.normalize("NFC", row[field]) == row[field], where
        assert row[field] == row[field].strip(), where
    for wrong in filter(None, row["forbidden"].split("|")):
        assert not mentions(row["en"], wrong), f"{where}: {wrong!r} is inside the en"


@pytest.mark.parametrize("row", glossary_rows(), ids=GLOSSARY_IDS)
def test_glossary_term_occurs_in_the_chinese(row):
    assert pairs_with(row["zh"]), f"{row['zh']} is not in the cleaned Chinese"


def named_again(row: dict[str, str], i: int, en: str) -> bool:
    """A person named in full in an earlier paragraph, here by surname alone ("said Liu").

    News style names a person in full once, then by surname; the surname must not be
    followed by a capitalised word, so a misspelt given name ("Liu Zong") still fails.
    """
    surname = row["en"].split()[0]
    earlier = any(row["en"] in previous for previous in en_paragraphs()[:i])
    alone = regex.search(rf"(?<!\w){regex.escape(surname)}(?!\w)(?!\s+\p{{Lu}})", en)
    return row["kind"] == "person" and earlier and alone is not None


@pytest.mark.parametrize(
    ("i", "en", "named"),
    [
        (8, "“First, ...,” said Liu, who gave a clear account.", True),
        (8, "“First, ...,” said Liu Zong, who gave a clear account.", False),  # misspelt
        (3, "said Liu, who gave a clear account.", False),  # not yet named in full
    ],
)
def test_named_again_accepts_the_surname_only_after_the_full_name(i, en, named):
    row = next(r for r in glossary_rows() if r["zh"] == "刘忠")
    assert named_again(row, i, en) is named


@pytest.mark.parametrize("row", glossary_rows(), ids=GLOSSARY_IDS)
def test_glossary_rendering_is_used_wherever_the_term_occurs(row):
    for i, _, en in pairs_with(row["zh"]):
        assert row["en"].lower() in en.lower() or named_again(row, i, en), (
            f"paragraph {i}: {row['zh']} -> {row['en']!r}"
        )


def test_no_forbidden_variant_is_inside_an_approved_rendering():
    """A wrong variant inside any approved English ("Fuli" in "Fuling") flags correct text."""
    approved = [row["en"].lower() for row in glossary_rows()]
    clashes = [
        (row["zh"], wrong, en)
        for row in glossary_rows()
        for wrong in filter(None, row["forbidden"].split("|"))
        for en in approved
        if wrong.lower() in en
    ]
    assert not clashes


@pytest.mark.parametrize("row", glossary_rows(), ids=GLOSSARY_IDS)
def test_glossary_forbidden_variants_are_absent(row):
    for i, _, en in pairs_with(row["zh"]):
        for wrong in filter(None, row["forbidden"].split("|")):
            assert not mentions(en, wrong), f"paragraph {i}: {wrong!r} for {row['zh']}"


# --- Translator's notes -------------------------------------------------------------


@cache
def gold_sentences() -> frozenset[str]:
    text = GOLD_SENTENCES.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


def test_notes_header_columns_and_unique_keys():
    header, rows = table(NOTES)
    assert header == NOTES_HEADER
    for n, fields in rows:
        assert len(fields) == len(NOTES_HEADER), f"notes line {n}: {len(fields)} columns"
    keys = [row["zh"] for row in note_rows()]
    assert len(keys) >= MIN_NOTES
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("row", note_rows(), ids=lambda r: r["zh"][:12])
def test_note_is_attached_to_a_whole_chinese_sentence(row):
    where = f"notes line {row['line']}"
    assert any(row["zh"] in zh for zh in zh_paragraphs()), f"{where}: not in the cleaned Chinese"
    assert row["zh"] in gold_sentences(), f"{where}: not a whole sentence"
    assert row["note"].strip() and regex.search(r"\p{Latin}{3}", row["note"]), where
    assert unicodedata.normalize("NFC", row["note"]) == row["note"], where
