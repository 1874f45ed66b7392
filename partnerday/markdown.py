"""Text people typed, placed inside Markdown: shown exactly as typed. Plain functions, for the
pages (through `ui.plain`) and for texts the domain writes in Markdown (the privacy notice)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:&")
# Streamlit's Markdown turns "--" into a dash and "->" into an arrow even when escaped; an
# invisible word joiner between such characters keeps them as typed.
_TYPOGRAPHIC_PAIR = re.compile(r"(?<=[-<>=])(?=[-<>=])")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text people typed, made safe to place inside Markdown: shown exactly as typed."""
    text = _TYPOGRAPHIC_PAIR.sub(WORD_JOINER, str(text))
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


_INLINE_SPECIAL = set("\\`*_[]<>|~$:")


def plain_label(text: object) -> str:
    """Text people typed, inside a widget's label: shown as typed. A label draws inline
    Markdown only, and is also the widget's name for a screen reader, which would read every
    escape aloud: only what inline Markdown acts on is escaped (`plain` escapes all)."""
    text = _TYPOGRAPHIC_PAIR.sub(WORD_JOINER, str(text))
    return "".join("\\" + c if c in _INLINE_SPECIAL else c for c in text)
