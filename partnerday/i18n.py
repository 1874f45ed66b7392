"""The languages people read the app in: French (the texts of the code), Dutch and English.

Translations are gettext catalogues kept with Babel: `partnerday/locale/<lang>/LC_MESSAGES/
partnerday.po`, committed, read and compiled in memory the first time a language is asked
for (no compiled file to keep in step). `python -m partnerday translations` extracts the
code's messages and updates the catalogues; `tests/test_translations.py` fails when a message
of the code is missing from a catalogue, left untranslated or fuzzy, or its placeholders
differ.

The language is the one of the page being drawn, set once at its start (`activate`): each
page runs in its own thread, and a context variable keeps one page's language from another's.
Messages of the domain (refusals, labels of statuses) are marked with `N_` where they are
defined and translated where they are shown, with `_`.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypeVar

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from partnerday.models import LANGUAGES

K = TypeVar("K")

SOURCE = "fr"
DOMAIN = "partnerday"
LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_BE"}
"""Babel's locale for each language: Brussels' way of writing dates and numbers."""
NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
"""Each language in its own words, as a person looks for it."""
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pN_": ((1, "c"), 2),
            "in_context": ((1, "c"), 2)}
"""The functions that mark a message in the code, for the extraction."""
SOURCES = [("partnerday/**.py", "python"), ("pages/**.py", "python"), ("app.py", "python")]

_current: ContextVar[str] = ContextVar("language", default=SOURCE)


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's messages; the code's French as it is for French."""
    if language == SOURCE or not catalogue_path(language).exists():
        return NullTranslations()
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=LOCALES[language])
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def known(language: str | None) -> str:
    """A language the app speaks: the source language for anything else."""
    return language if language in LANGUAGES else SOURCE


def activate(language: str | None) -> str:
    """The language of everything this page says from now on."""
    language = known(language)
    _current.set(language)
    return language


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Everything said inside in `language` (an email, in its reader's), then the page's own
    language again."""
    token = _current.set(known(language))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def long_date(day: date) -> str:
    """A day written out in the current language, as in a letter: 2 mars 2026, 2 maart 2026,
    2 March 2026."""
    return format_date(day, format="long", locale=LOCALES[current()])


def _(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the extraction, left in French until it is shown (`_`)."""
    return message


def pN_(context: str, message: str) -> str:
    """Marks a message that says something else in `context` (a menu's « Cas » is the page of
    the cases, a table's « Cas » one case), shown by `in_context`."""
    return message


def in_context(context: str, message: str) -> str:
    """The message as `context` words it where the catalogue has that wording, else `_`
    (marked for the extraction too: `in_context("event", "En cours")`, the current event)."""
    said = translations(current()).pgettext(context, message)
    return said if said != message else _(message)


def labels(marked: Mapping[K, str]) -> dict[K, str]:
    """A choice's labels (marked with `N_`) in the page's language, worked out while the page
    is drawn: a widget's `format_func=labels(X).get` may be called outside it."""
    return {key: _(label) for key, label in marked.items()}


class Phrase(str):
    """A message of the domain that is a French `str` where code reads it (joined into an
    import's report, compared in a test) and can be said in the page's language where a
    person reads it (`translated`): `Phrase(N_("prénom trop long ({count} caractères)"),
    count=41)`."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Phrase:
        phrase = super().__new__(cls, template.format(**params))
        phrase.template = template
        phrase.params = params
        return phrase

    def translated(self) -> str:
        return _(self.template).format(**{key: said(value)
                                          for key, value in self.params.items()})


def said(message: str) -> str:
    """A message in the page's language: a Phrase translated, any other text as it is."""
    return message.translated() if isinstance(message, Phrase) else message


def in_each(languages: Sequence[str], say: Callable[[], str]) -> str:
    """What `say` says, in each language side by side (a bilingual room's projector):
    « Groupes de travail / Werkgroepen »; said once where the languages agree."""
    said: list[str] = []
    for language in languages:
        with speaking(language):
            text = say()
        if text not in said:
            said.append(text)
    return " / ".join(said)


def in_language(language: str, message: str) -> str:
    """One message in a given language, whatever the page's (a person's email, their badge)."""
    return translations(known(language)).gettext(message)


def with_language(link: str, language: str | None = None) -> str:
    """A link to a page anyone may open (the privacy notice, the accessibility statement),
    asking for it in `language` (the current one by default): the page knows nobody."""
    return f"{link}{'&' if '?' in link else '?'}l={known(language or current())}"


def language_name(language: str) -> str:
    return NAMES[language]


def extracted(root: Path = Path(__file__).parent.parent) -> Catalog:
    """Every message the code marks, as a template (the French is the message itself)."""
    template = Catalog(project="partnerday", charset="utf-8", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
            root, SOURCES, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        template.add(message, None, [(filename, line)], auto_comments=comments,
                     context=context)
    return template


def update_catalogues(root: Path = Path(__file__).parent.parent) -> dict[str, int]:
    """Each language's catalogue brought up to the code's messages (new ones empty, gone
    ones kept as obsolete); how many messages each still lacks."""
    template = extracted(root)
    missing = {}
    for language in LANGUAGES:
        if language == SOURCE:
            continue
        path = catalogue_path(language)
        if path.exists():
            with path.open("rb") as po:
                catalogue = read_po(po, locale=LOCALES[language])
        else:
            catalogue = Catalog(locale=LOCALES[language], project="partnerday", fuzzy=False,
                                copyright_holder="the Partner Day board's authors")
        catalogue.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, sort_by_file=True, include_previous=False,
                     include_lineno=False)
        missing[language] = sum(1 for m in catalogue if m.id and not m.string)
    translations.cache_clear()
    return missing
