"""What the organisers write for the room (questions, cases, the directory's services) in more
than one language: each row keeps what was written, its source (most often French), and in
`translations` what the organisers gave for another language, field by field:
`{"nl": {"question": "…", "options": ["…", "…"]}}`. A reader is shown their language where it
was given and the source otherwise, field by field and option by option: a missing
translation never hides anything.

An answer keeps the source's option (`{"choice": "Oui"}`), whatever language the person read
it in, so that results, exports and rounds count the same answer once; only its label
changes (`option_labels`).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from partnerday.i18n import N_, SOURCE
from partnerday.models import LANGUAGES
from partnerday.refusals import Refusal
from partnerday.spreadsheet import cell_text

FIELDS: dict[str, tuple[str, ...]] = {
    "poll": ("question", "options", "left_label", "right_label"),
    "case": ("title", "brief"),
    "organisation": ("services",),
    "theme": ("theme",),  # the event's vocabulary of themes (partnerday/themes.py)
}
"""The fields of each kind of row that can carry a translation."""
LIMITS = {"question": 500, "options": 100, "left_label": 100, "right_label": 100,
          "title": 200, "brief": 5000, "services": 2000, "theme": 60}
"""The longest text each field takes (an option: each one)."""


class TranslationRefused(Refusal):
    """A translation that does not fit what it translates."""


class Translatable(Protocol):
    translations: dict | None


T = TypeVar("T")


def text_in(row: Translatable, field: str, language: str) -> str:
    """The field in `language` where it was given, else as written."""
    return given_in(getattr(row, field), row.translations, field, language)


def given_in(written: str, translations: dict | None, field: str, language: str) -> str:
    """`written` in `language` where `translations` (a row's, `FIELDS`) give it, else as
    written: for a text copied out of its row (a commitment's case title)."""
    given = ((translations or {}).get(language) or {}).get(field)
    return given if isinstance(given, str) and given.strip() else written


def options_in(row: Translatable, language: str) -> list[str]:
    """Each option in `language` where it was given, else as written (same order, same
    number as the source's)."""
    given = ((row.translations or {}).get(language) or {}).get("options") or []
    return [given[i] if i < len(given) and str(given[i]).strip() else option
            for i, option in enumerate(row.options or [])]


def option_labels(row: Translatable, language: str) -> dict[str, str]:
    """The source's option -> its label in `language` (a widget's `format_func`: the answer
    stays the source's option)."""
    return dict(zip(row.options or [], options_in(row, language)))


def languages_of(row: Translatable) -> list[str]:
    """The languages a row has some translation in."""
    return [language for language in LANGUAGES
            if any(value for value in ((row.translations or {}).get(language) or {}).values())]


def checked(kind: str, given: dict[str, dict], options: list[str] | None = None
            ) -> dict[str, dict]:
    """What the organisers typed, cleaned for storing: empty fields and languages dropped,
    texts trimmed and kept within their limits; refused when a language is unknown, or when
    the options' translations are more than the options (one per line, in the same order)."""
    cleaned: dict[str, dict] = {}
    for language, fields in (given or {}).items():
        if language not in LANGUAGES:
            raise TranslationRefused.of(N_("Langue inconnue : « {language} »."),
                                        language=language)
        kept: dict[str, object] = {}
        for field, value in (fields or {}).items():
            if field not in FIELDS[kind]:
                continue
            if field == "options":
                lines = [str(v).strip()[:LIMITS[field]] for v in value or []]
                while lines and not lines[-1]:
                    lines.pop()
                if len(lines) > len(options or []):
                    raise TranslationRefused.of(
                        N_("{count} traductions pour {options} options : une par ligne, dans "
                           "l'ordre des options."), count=len(lines), options=len(options or []))
                if any(lines):
                    kept[field] = lines
            elif str(value or "").strip():
                kept[field] = str(value).strip()[:LIMITS[field]]
        if kept:
            cleaned[language] = kept
    return cleaned


OTHER_LANGUAGES = tuple(language for language in LANGUAGES if language != SOURCE)
"""The languages content can be given in besides the one it was written in."""


def localised(row: T, language: str) -> T:
    """A copy of the row to show, its texts in `language` where given (a case on a group's
    tablet); never for a question's options, whose answers keep the source's."""
    texts = {field: text_in(row, field, language) for field in FIELDS[_kind(row)]
             if field != "options"}
    return type(row).model_validate(row.model_dump() | texts)


def _kind(row: object) -> str:
    return type(row).__name__.lower()


# --- in a table the organisers edit: one column per field and language ---------------------

def columns(kind: str) -> list[str]:
    """`title_nl`, `brief_nl`, `title_en`, …: the table's columns for the translations."""
    return [f"{field}_{language}" for language in OTHER_LANGUAGES for field in FIELDS[kind]]


def as_cells(row: Translatable, kind: str) -> dict[str, str]:
    return cells_of(row.translations, kind)


def cells_of(translations: dict | None, kind: str) -> dict[str, str]:
    """`as_cells` of translations kept apart from a row (the themes' vocabulary)."""
    given = translations or {}
    return {f"{field}_{language}": (given.get(language) or {}).get(field, "")
            for language in OTHER_LANGUAGES for field in FIELDS[kind]}


def from_cells(record: dict, kind: str) -> dict[str, dict]:
    """The translations typed in a table's row, for `checked`."""
    return {language: {field: cell_text(record.get(f"{field}_{language}"))
                       for field in FIELDS[kind]} for language in OTHER_LANGUAGES}
