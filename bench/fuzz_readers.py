"""Fuzz every reader for a while: random and mangled bytes must parse or raise TmbriefError.

  .venv/bin/python bench/fuzz_readers.py [SECONDS_PER_READER] [SEED]

Prints, per reader, the number of inputs tried, how many parsed, how many were
rejected with tmbrief's typed error, and any other exception (a crash) with the
input saved under bench/out/crash-*.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from common import ROOT

from tests.test_fuzz_readers import READERS
from tmbrief.core.errors import TmbriefError


def mangle(rng: random.Random, valid: bytes) -> bytes:
    if rng.random() < 0.2:
        return rng.randbytes(rng.randint(0, 400))
    data = valid[: rng.randint(0, len(valid))] if rng.random() < 0.5 else valid
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.randint(0, len(data))
        op = rng.choice(("insert", "delete", "repeat", "flip"))
        if op == "insert":
            data = data[:at] + rng.randbytes(rng.randint(1, 20)) + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + rng.randint(1, 50) :]
        elif op == "repeat":
            data = data[:at] + data[max(0, at - 80) : at] + data[at:]
        elif at < len(data):
            data = data[:at] + bytes([data[at] ^ rng.randint(1, 255)]) + data[at + 1 :]
    return data


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20231220
    rng = random.Random(seed)
    crashes = 0
    out = ROOT / "bench" / "out"
    print(f"seed {seed}, {seconds:g} s per reader")
    print("| reader | inputs | parsed | typed error | crashes |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, reader, valid in READERS:
            good = Path(valid).read_bytes()
            path = Path(tmp) / f"fuzz{Path(valid).suffix}"
            tried = parsed = rejected = crashed = 0
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                data = mangle(rng, good)
                path.write_bytes(data)
                tried += 1
                try:
                    reader(path)
                    parsed += 1
                except TmbriefError:
                    rejected += 1
                except Exception:  # noqa: BLE001 - counting what escapes is the point
                    crashed += 1
                    out.mkdir(parents=True, exist_ok=True)
                    saved = out / f"crash-{name.replace(' ', '-')}-{crashed}{path.suffix}"
                    saved.write_bytes(data)
                    if crashed == 1:
                        traceback.print_exc()
            crashes += crashed
            print(f"| {name} | {tried} | {parsed} | {rejected} | {crashed} |")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
