"""Every reader fed random or mangled bytes parses or raises tmbrief's typed error — nothing else.

A short run (derandomized, bounded examples) and a long fuzz (3,000 mangled files
per reader, fixed seed; marked ``slow``) both run in CI; bench/fuzz_readers.py is
the timed run whose results are in bench/RESULTS.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SEED_GLOSSARY, SEED_ID, SEEDS
from tmbrief.core.errors import TmbriefError
from tmbrief.core.glossary import load_glossary
from tmbrief.core.textio import read_text
from tmbrief.formats import FORMATS
from tmbrief.tm.memory import load_notes

# (reader name, function reading a path, a valid file of that kind to mangle)
READERS: list[tuple[str, Callable, object]] = [
    *[
        (name, fmt.read, ROOT / "exports" / fmt.filename(SEED_ID))
        for name, fmt in sorted(FORMATS.items())
        if name not in ("tsv", "pot")
    ],
    ("pot", FORMATS["pot"].read, ROOT / "exports" / f"{SEED_ID}.pot"),
    ("tm tsv", FORMATS["tsv"].read, ROOT / "tm" / f"{SEED_ID}.tsv"),
    ("glossary", load_glossary, SEED_GLOSSARY),
    ("notes", load_notes, SEEDS / f"{SEED_ID}.notes.tsv"),
    ("text", read_text, SEEDS / f"{SEED_ID}.zh.txt"),
]

FUZZ_EXAMPLES = int(os.environ.get("TMBRIEF_FUZZ_EXAMPLES", "40"))


@st.composite
def mangled(draw, valid: bytes) -> bytes:
    """A valid file cut, spliced with random bytes, or with a stretch deleted or repeated."""
    data = valid[: draw(st.integers(0, min(len(valid), 6000)))] if valid else b""
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "delete", "repeat", "flip")))
        if op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 50)) :]
        elif op == "repeat":
            data = data[:at] + data[max(0, at - 80) : at] + data[at:]
        elif at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data


def reads_or_raises_typed_error(reader, path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        reader(path)
    except TmbriefError:
        pass


@pytest.mark.parametrize(("name", "reader", "valid"), READERS, ids=[r[0] for r in READERS])
def test_reader_on_random_bytes(tmp_path, name, reader, valid):
    @settings(
        derandomize=True,
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.binary(max_size=400))
    def check(data):
        reads_or_raises_typed_error(reader, tmp_path / f"fuzz{valid.suffix}", data)

    check()


@pytest.mark.parametrize(("name", "reader", "valid"), READERS, ids=[r[0] for r in READERS])
def test_reader_on_mangled_valid_file(tmp_path, name, reader, valid):
    good = valid.read_bytes()

    @settings(
        derandomize=True,
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mangled(good))
    def check(data):
        reads_or_raises_typed_error(reader, tmp_path / f"fuzz{valid.suffix}", data)

    check()


@pytest.mark.slow
@pytest.mark.parametrize(("name", "reader", "valid"), READERS, ids=[r[0] for r in READERS])
def test_reader_long_fuzz(tmp_path, name, reader, valid):
    good = valid.read_bytes()

    @seed(20231220)
    @settings(
        max_examples=3000,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.one_of(st.binary(max_size=600), mangled(good)))
    def check(data):
        reads_or_raises_typed_error(reader, tmp_path / f"fuzz{valid.suffix}", data)

    check()


# Inputs the timed fuzz run (bench/fuzz_readers.py) found crashing, kept as regressions.
def test_po_with_a_mangled_bead_comment_still_reads(tmp_path):
    po = (ROOT / "exports" / f"{SEED_ID}.po").read_text(encoding="utf-8")
    mangled_po = po.replace("confidence 0.", "confidence 0..", 1)
    path = tmp_path / "m.po"
    path.write_text(mangled_po, encoding="utf-8")
    _, units = FORMATS["po"].read(path)
    assert units


def test_xlsx_with_a_damaged_deflate_stream_is_a_parse_error(tmp_path):
    data = bytearray((ROOT / "exports" / f"{SEED_ID}.xlsx").read_bytes())
    for at in range(len(data) // 3, len(data) // 3 + 40):
        data[at] ^= 0x5A
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(TmbriefError):
        FORMATS["xlsx"].read(path)


def test_po_with_an_empty_id_in_its_bead_comment_still_reads(tmp_path):
    po = (ROOT / "exports" / f"{SEED_ID}.po").read_text(encoding="utf-8")
    path = tmp_path / "m.po"
    path.write_text(po.replace("[5]:[", "[5,]:[", 1).replace(":[0]", ":[,]", 1), encoding="utf-8")
    _, units = FORMATS["po"].read(path)
    assert units
