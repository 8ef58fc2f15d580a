"""Read metadata lines and bylines of any outlet into DocMeta (rules in meta_rules)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from tmbrief.clean import furniture as fur
from tmbrief.clean import meta_rules as rules
from tmbrief.core import rx
from tmbrief.core.model import BYLINE_FIELDS, DocMeta

_SPACES = rx.compile(r"\s+")
_TRAILING_WIDGETS = rx.compile(rf"(?:\s*(?:{fur.WIDGET_TOKEN.pattern}))+$", regex.IGNORECASE)


@dataclass(frozen=True)
class MetaLine:
    """What one metadata line says: its provenance reason and the values it gives."""

    reason: str
    values: dict[str, tuple[str, ...]]


def read_metadata_line(line: str) -> MetaLine | None:
    """The fields of ``line`` when it is a metadata line, else None.

    values: ``date`` (ISO), ``time``, ``outlet``, and the DocMeta role fields.
    """
    if not line or len(line) > rules.METADATA_MAX_CHARS:
        return None
    values: dict[str, list[str]] = {}
    rest = line
    first = None  # what the line starts with decides its reason
    dates = list(rules.DATE.finditer(rest))
    for m in dates:
        values.setdefault("date", []).append(
            f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        )
    if dates:
        first = ("date", dates[0].start())
    rest = rules.DATE.sub(" ", rest)
    for m in rules.TIME.finditer(rest):
        values.setdefault("time", []).append(m["time"])
    rest = rules.TIME.sub(" ", rest)
    rest = rules.TIME_LABEL.sub(" ", rest)
    fields = list(rules.FIELD.finditer(rest))
    labelled = False
    for m in fields:
        value = _TRAILING_WIDGETS.sub("", m["value"]).strip(" |｜丨/()（）[]【】")
        label = m["label"]
        labelled = True
        if label in rules.SOURCE_LABELS:
            if value:
                values.setdefault("outlet", []).append(value.split()[0])
            kind = "source"
        elif label in rules.AUTHOR_LABELS:
            kind = "byline"
        else:
            field = rules.ROLE_FIELD[label]
            if field:
                values.setdefault(field, []).extend(_names(value, editor=field == "editors"))
            kind = "editor" if field == "editors" else "byline"
        if first is None or m.start() < first[1]:
            first = (kind, m.start())
    rest = rules.FIELD.sub(" ", rest)
    rest = fur.WIDGET_TOKEN.sub(" ", rest)
    if not rules.FIELD_REST.match(rest):
        bare = rules.BARE_OUTLET.match(rest)
        if not (bare and dates):
            return None
        values.setdefault("outlet", []).append(bare["outlet"])
    if not (dates or labelled):
        return None
    kind = first[0] if first else "dateline"
    reason = {"date": "metadata:dateline"}.get(kind, f"metadata:{kind}")
    return MetaLine(reason, {k: tuple(v) for k, v in values.items()})


def _names(value: str, editor: bool = False) -> list[str]:
    out = []
    for token in rules.NAME_SEPARATORS.split(value):
        if editor:
            token = rules.EDITOR_CODE.sub("", token)
        token = token.strip("()（）[]【】")
        if token and not regex.fullmatch(r"[A-Za-z]{1,5}\d*|\d+", token):
            out.append(token)
    return out


def apply(meta: DocMeta, found: MetaLine) -> DocMeta:
    """``meta`` with the values of one metadata line (the first date, time, outlet win)."""
    v = found.values
    for key in ("date", "time", "outlet"):
        if key in v and not getattr(meta, key):
            meta = replace(meta, **{key: v[key][0]})
    for field in BYLINE_FIELDS:
        new = tuple(n for n in v.get(field, ()) if n not in getattr(meta, field))
        if new:
            meta = replace(meta, **{field: getattr(meta, field) + new})
    return meta


def read_byline(meta: DocMeta, paragraph: str) -> DocMeta:
    """``meta`` with the roles of the byline opening ``paragraph`` (if any)."""
    m = rules.BYLINE.match(paragraph)
    if not m:
        return meta
    if not meta.outlet and not m["date"]:
        meta = replace(meta, outlet=m["prefix"])
    return apply(meta, MetaLine("byline", byline_roles(m["inner"])))


_ROLE_SPLIT = rx.compile(f"({rules.alternation(rules.ROLE_WORDS)})")


def byline_roles(inner: str) -> dict[str, tuple[str, ...]]:
    """Names by DocMeta field in ``记者 李黎 实习生 陈泓莹`` or ``记者骆晓飞、张宏祥``."""
    found: dict[str, list[str]] = {}
    parts = _ROLE_SPLIT.split(inner)
    field = None
    for i, part in enumerate(parts):
        if i % 2:  # a role word
            field = rules.ROLE_FIELD[part]
            continue
        if i + 1 < len(parts):  # a qualifier of the next role (全媒体记者) is no name
            part = rules.ROLE_QUALIFIER.sub("", part.strip())
        names = _names(part.strip(" :："))
        if field and names:
            found.setdefault(field, []).extend(n.removesuffix("摄") for n in names)
    return {k: tuple(v) for k, v in found.items()}
