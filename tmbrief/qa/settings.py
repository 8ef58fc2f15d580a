"""QA settings: the profile (which checks run) and the thresholds, as one frozen dataclass.

A profile is a named selection of checks, as translate-toolkit's checker styles are:

- ``default``: every check except those meant for a final proof-read (``strict``).
- ``news``: for translated news articles: ``default`` without the software-string
  checks (``tags``, ``placeholders``): news copy has no markup, and ``{`` ``%`` in an
  article are text. Everything else, URLs and e-mails included, runs.
- ``strict``: every check, including Latin-script names of the source missing from
  the target and small numbers spelled out in Chinese (两, 三项) missing from it.

``QASettings.signature()`` is the short form written into every QA report header,
e.g. ``profile:news|review:0.5|notice:0.7|ratio-z:3.5``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tmbrief.core.settings import REVIEW_THRESHOLD

NOTICE_THRESHOLD = 0.7
LENGTH_RATIO_Z = 3.5

# Checks a profile leaves out: (profile, names left out, what it is for).
PROFILES = {
    "default": (("latin-names", "spelled-numbers"), "every check but the proof-reading ones"),
    "news": (
        ("latin-names", "spelled-numbers", "tags", "placeholders"),
        "news articles: no markup or software placeholders",
    ),
    "strict": ((), "every check"),
}
PROFILE_NAMES = tuple(PROFILES)


@dataclass(frozen=True)
class QASettings:
    """How QA runs: the profile, checks chosen or skipped, and the thresholds.

    ``only``/``skip`` name checks or categories (``form``); they refine the profile.
    Thresholds: alignment confidence under ``review_threshold`` is a warning, under
    ``notice_threshold`` info; ``length_ratio_z`` is the robust z-score over which a
    target's length is out of line.
    """

    profile: str = "default"
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    review_threshold: float = REVIEW_THRESHOLD
    notice_threshold: float = NOTICE_THRESHOLD
    length_ratio_z: float = LENGTH_RATIO_Z

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"unknown QA profile {self.profile!r} (have {', '.join(PROFILES)})")

    def signature(self) -> str:
        """One line that says how the QA ran, e.g. ``profile:news|review:0.5|...``."""
        parts = [f"profile:{self.profile}"]
        if self.only:
            parts.append("only:" + ",".join(self.only))
        if self.skip:
            parts.append("skip:" + ",".join(self.skip))
        parts += [
            f"review:{self.review_threshold:g}",
            f"notice:{self.notice_threshold:g}",
            f"ratio-z:{self.length_ratio_z:g}",
        ]
        return "|".join(parts)
