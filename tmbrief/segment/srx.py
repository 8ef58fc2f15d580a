"""Export the segmentation rules as an SRX 2.0 document (for OmegaT, Okapi and other CAT tools).

The document is written from the very tables :mod:`tmbrief.segment.splitter` runs on
(:func:`tmbrief.segment.rules.language_rules`), so the export cannot drift from
the segmenter. Language rules: "Chinese" (``zh.*``), "English" (``en.*``) and
"Line breaks" (``(zh|en).*``), with ``cascade="yes"``: a language gets its own
rules first, then the shared ones. Each rule is preceded by a comment with its
name, its reason and an example (``‖`` marks the position it decides).

SRX 2.0: LISA OSCAR, "Segmentation Rules eXchange", namespace
``http://www.lisa.org/srx20``. The output is deterministic (no dates).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tmbrief.core.version import __version__
from tmbrief.segment.rules import Rule, language_rules

SRX_NS = "http://www.lisa.org/srx20"


def _comment(rule: Rule) -> ET.Element:
    example = rule.example.replace("\n", "\\n")
    text = f" {rule.name} ({'break' if rule.breaks else 'no break'}): {rule.why}. e.g. {example} "
    # "--" may not occur inside an XML comment.
    return ET.Comment(text.replace("--", "- -"))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{SRX_NS}}}{tag}", attrs)
    el.text = text
    return el


def to_srx() -> str:
    """The SRX 2.0 document of tmbrief's Chinese and English segmentation rules, as text."""
    ET.register_namespace("", SRX_NS)
    root = ET.Element(f"{{{SRX_NS}}}srx", {"version": "2.0"})
    root.append(ET.Comment(f" tmbrief {__version__} sentence segmentation rules "))
    header = _element(root, "header", segmentsubflows="yes", cascade="yes")
    for kind, include in (("start", "no"), ("end", "yes"), ("isolated", "yes")):
        _element(header, "formathandle", type=kind, include=include)
    body = _element(root, "body")
    rules_el = _element(body, "languagerules")
    maps_el = _element(body, "maprules")
    for name, pattern, rules in language_rules():
        lr = _element(rules_el, "languagerule", languagerulename=name)
        for rule in rules:
            lr.append(_comment(rule))
            r = _element(lr, "rule", **{"break": "yes" if rule.breaks else "no"})
            _element(r, "beforebreak", rule.before)
            _element(r, "afterbreak", rule.after)
        _element(maps_el, "languagemap", languagepattern=pattern, languagerulename=name)
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
