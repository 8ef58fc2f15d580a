"""tmbrief: Chinese news article + human English translation -> translation memory,
CAT-tool exports, QA reports and cited English briefings."""

from tmbrief.core.langs import SRC_LANG, TGT_LANG
from tmbrief.core.version import __version__

__all__ = ["__version__", "SRC_LANG", "TGT_LANG", "TM", "load_tm", "save_tm"]


def __getattr__(name: str):
    # TM loads the lookup package (numpy, rapidfuzz) on first use, not at `import tmbrief`.
    if name == "TM":
        from tmbrief.lookup.api import TM

        return TM
    raise AttributeError(f"module 'tmbrief' has no attribute {name!r}")


def load_tm(path):
    """Load a TM file (``tm/<id>.tsv``) as a pandas DataFrame, one row per unit."""
    from tmbrief.tm.memory import load_tm as _load

    return _load(path)


def save_tm(frame, path):
    """Write a DataFrame of units (as given by :func:`load_tm`) back to a TM file."""
    from tmbrief.tm.memory import save_tm as _save

    return _save(frame, path)
