"""The core: unit model, errors, text I/O, TSV escapes, language tags, settings, glossary.

Imports nothing else of tmbrief; everything else may import it.
"""
