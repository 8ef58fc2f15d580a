"""core.memory: the C heap's free pages go back to the system after a big stage."""

from __future__ import annotations

import platform
import sys

import pytest

from tmbrief.core.memory import release_free_memory


def _resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's; elsewhere release_free_memory does nothing",
)
def test_freed_memory_pinned_under_a_live_block_goes_back_to_the_system():
    # 100 MB in blocks larger than Python's small-object pools come from malloc; the
    # last one stays alive, so malloc cannot give the freed ones back by itself.
    blocks = [bytes(range(256)) * 4 + bytes(k % 251 for k in range(8)) for _ in range(100_000)]
    last = blocks[-1]
    del blocks
    before = _resident_mb()
    assert release_free_memory() is True
    after = _resident_mb()
    assert before - after > 50, (before, after)
    assert len(last) == 1032
