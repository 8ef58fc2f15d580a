"""The Python face of the memory: ``tmbrief.TM("tm").lookup(...)``, ``.analyze(...)`` and more.

Tables come back as pandas DataFrames (lookup, concordance, analyze);
pre-translation writes a file and returns what it inserted.
"""

from __future__ import annotations

from pathlib import Path

from tmbrief.lookup.server import open_index

LOOKUP_COLUMNS = ("score", "source", "target", "tuid", "doc_id", "status", "diff", "numbers")


class TM:
    """Every TM of a directory (and the files added to its index), ready for lookups.

    ``tm_dir``: the TM directory (``tm/``); ``index``: the index file (default
    ``$TMBRIEF_INDEX`` or the user cache); ``db``: a PostgreSQL URL to keep the index
    on a server instead (default ``$TMBRIEF_DB``). The index follows the TM files by
    itself; ``warnings`` lists what it had to do (rebuilt, locked ...).
    """

    def __init__(self, tm_dir="tm", index=None, db=None):
        self._index = open_index(tm_dir, index, db)

    @property
    def warnings(self) -> list[str]:
        return self._index.warnings

    def __len__(self) -> int:
        return self._index.run(lambda b: b.unit_count())

    def lookup(self, text: str, lang: str = "zh-CN", *, min_score: int = 70, limit: int = 5):
        """The best matches of ``text`` as a DataFrame (columns LOOKUP_COLUMNS), best first."""
        import pandas as pd

        from tmbrief.lookup.match import find_matches

        found = self._index.run(
            lambda b: find_matches(b, text, lang, min_score=min_score, limit=limit)
        )
        rows = [m.as_dict() for m in found]
        return pd.DataFrame(rows, columns=list(LOOKUP_COLUMNS))

    def concordance(self, term: str, lang: str = "zh-CN", *, limit: int = 50):
        """Sentence units containing ``term``: tuid, doc_id, status, source, target, spans."""
        import pandas as pd

        from tmbrief.lookup.concordance import concordance

        hits = self._index.run(lambda b: concordance(b, term, lang, limit))
        columns = ["tuid", "doc_id", "status", "source", "target", "spans"]
        return pd.DataFrame([h.as_dict() for h in hits], columns=columns)

    def analyze(self, path, *, segments: bool = False):
        """Bands of a new article (band, segments, characters); with ``segments=True``,
        one row per segment instead (segment, text, band, score, tuid)."""
        import pandas as pd

        from tmbrief.lookup.analyze import analyze_article, read_article

        article = read_article(path)
        analysis = self._index.run(lambda b: analyze_article(b, article))
        if not segments:
            frame = pd.DataFrame(analysis.bands(), columns=["band", "segments", "characters"])
            frame.attrs["doc_id"] = analysis.doc_id
            return frame
        rows = [
            {
                "segment": s.segment.id,
                "text": s.segment.text,
                "band": s.band,
                "score": s.match.score if s.match else None,
                "tuid": s.match.unit.tuid if s.match else None,
            }
            for s in analysis.segments
        ]
        return pd.DataFrame(rows, columns=["segment", "text", "band", "score", "tuid"])

    def pretranslate(self, path, output, *, min_score: int = 70, doc_id: str | None = None):
        """Write the pre-translated article to ``output`` (.xlf, .po or .tmx); return the
        count of segments per insertion kind (context, exact, fuzzy, adapted, none)."""
        from tmbrief.core.errors import InputError
        from tmbrief.core.textio import atomic_open
        from tmbrief.formats import format_for_path
        from tmbrief.lookup.analyze import match_segments, read_article
        from tmbrief.lookup.pretranslate import (
            OUTPUT_FORMATS,
            header_for,
            pretranslate,
            summary,
            write_pretranslated,
        )

        fmt = format_for_path(output)
        if fmt.name not in OUTPUT_FORMATS:
            raise InputError(output, "pre-translation writes .xlf/.xliff, .po or .tmx")
        article = read_article(path, doc_id)
        matches = self._index.run(lambda b: match_segments(b, article.segments))
        inserted = pretranslate(article, matches, min_score=min_score)
        with atomic_open(Path(output)) as fh:
            write_pretranslated(inserted, header_for(article, min_score), fmt.name, fh)
        return summary(inserted)

    def add(self, path) -> int:
        """Add a TMX, PO, XLIFF or TM TSV file to the index; the number of units added."""
        return self._index.add(path)[0]

    def close(self) -> None:
        self._index.close()
