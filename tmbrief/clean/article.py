"""Reading one article from a file: a text scrape or a saved page, cleaned, checked as Chinese."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tmbrief.clean.cleaner import HTML_SUFFIXES, clean
from tmbrief.core.errors import InputError
from tmbrief.core.langid import check_language
from tmbrief.core.langs import SRC_LANG
from tmbrief.core.model import CleanDoc
from tmbrief.core.textio import input_errors, read_text_with_encoding


def clean_article(
    path: Path, doc_id: str, encoding: str | None = None, *, html: bool | None = None
) -> CleanDoc:
    """Read and clean one article: a text scrape, or a page saved from the browser (.html).

    ``html`` None: a page when the name ends in ``.zh.html``/``.zh.htm``.
    Raises InputError for an unreadable, undecodable, non-Chinese or (HTML)
    article-less or oversized file.
    """
    path = Path(path)
    if html or (html is None and path.name.endswith(HTML_SUFFIXES)):
        from tmbrief.clean.page import MAX_HTML_BYTES, clean_html  # lxml only for pages

        with input_errors(path):
            size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            raise InputError(
                path,
                f"page is {size / 2**20:.1f} MB, over the {MAX_HTML_BYTES // 2**20} MB limit "
                "for HTML input (save the article page, not a whole site)",
            )
        with input_errors(path):
            data = path.read_bytes()
        cleaned = clean_html(data, path, doc_id, encoding)
        check_language("\n".join(p.text for p in cleaned.paragraphs), SRC_LANG, path)
        return cleaned
    text, used = read_text_with_encoding(path, encoding)
    check_language(text, SRC_LANG, path)
    return replace(clean(text, doc_id), encoding=used)
