"""The themes cases and organisations are matched by (« logement », « santé mentale »), in
the readers' languages.

One vocabulary per event (`Event.theme_translations`): the organisers translate a theme once,
for every case and organisation that names it, however each spelt it (themes are the same
when `key` makes them so). Matching stays on the themes as written (`directory.suggest`):
only what a reader is shown changes, and a theme nobody translated is shown as written.

The vocabulary is keyed by the folded theme, each entry in `content`'s shape
(`{"nl": {"theme": "huisvesting"}}`), so that content's checks and table columns serve it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlmodel import Session, select

from partnerday import content
from partnerday.models import Case, Event, Organisation
from partnerday.organisations import fold
from partnerday.sorting import by_name
from partnerday.spreadsheet import cell_text

Vocabulary = dict[str, dict]
"""key(theme) -> its translations (`content.checked("theme", …)`)."""

THEME_COLUMNS = ["theme", *content.columns("theme")]


def key(theme: str) -> str:
    """The same for « Santé mentale » and « sante  mentale »."""
    return " ".join(fold(theme).split())


def said_in(themes: Iterable[str], vocabulary: Vocabulary | None, language: str) -> list[str]:
    """Each theme in `language` where the organisers gave it, else as written."""
    return [content.given_in(theme, (vocabulary or {}).get(key(theme)), "theme", language)
            for theme in themes]


def translations_of(themes: Iterable[str], vocabulary: Vocabulary | None
                    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(language, the themes in it) for each language some of them were given in: what a
    directory entry carries to be shown and searched in any of them."""
    themes = tuple(themes)
    return tuple((language, tuple(said_in(themes, vocabulary, language)))
                 for language in content.OTHER_LANGUAGES
                 if any(((vocabulary or {}).get(key(t)) or {}).get(language) for t in themes))


def used(theme_lists: Iterable[Iterable[str]]) -> list[str]:
    """Every theme once (its first spelling), in reading order."""
    first: dict[str, str] = {}
    for themes in theme_lists:
        for theme in themes:
            first.setdefault(key(theme), theme)
    return by_name(first.values())


def vocabulary_frame(themes: list[str], vocabulary: Vocabulary | None) -> pd.DataFrame:
    """The table the organisers translate in: one row per theme used, one column per
    language (`content.columns`)."""
    return pd.DataFrame([{"theme": theme,
                          **content.cells_of((vocabulary or {}).get(key(theme)), "theme")}
                         for theme in themes], columns=THEME_COLUMNS)


def vocabulary_from(rows: Iterable[tuple[str, dict[str, str]]]) -> Vocabulary:
    """The vocabulary to store from (theme, {language: its translation}) pairs, checked and
    cleaned as every translation is (`content.checked`); untranslated themes are left out."""
    return _checked((theme, {language: {"theme": text} for language, text in given.items()})
                    for theme, given in rows)


def vocabulary_from_frame(edited: pd.DataFrame) -> Vocabulary:
    """The vocabulary the organisers' edited table gives."""
    return _checked((cell_text(record.get("theme")), content.from_cells(record, "theme"))
                    for record in edited.to_dict("records"))


def _checked(rows: Iterable[tuple[str, dict[str, dict]]]) -> Vocabulary:
    kept: Vocabulary = {}
    for theme, given in rows:
        if key(theme) and (checked := content.checked("theme", given)):
            kept[key(theme)] = checked
    return kept


def themes_frame(session: Session, event_id: int) -> pd.DataFrame:
    """Every theme the event's cases and organisations name, with its translations."""
    named = [*session.exec(select(Case.themes).where(Case.event_id == event_id)),
             *session.exec(select(Organisation.themes)
                           .where(Organisation.event_id == event_id))]
    return vocabulary_frame(used(themes or [] for themes in named),
                            session.get(Event, event_id).theme_translations)


def save_themes(session: Session, event_id: int, edited: pd.DataFrame) -> int:
    """Keep the translations of the edited table (`themes_frame`); returns how many themes
    are translated in some language."""
    event = session.get(Event, event_id)
    event.theme_translations = vocabulary_from_frame(edited) or None
    session.add(event)
    return len(event.theme_translations or {})
