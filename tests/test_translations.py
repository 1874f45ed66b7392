"""The catalogues keep up with the code: every message the code marks is in the Dutch and
English catalogues, translated, not fuzzy, with the same placeholders; and a translated page
really says it in the person's language."""

import re
import string
import tokenize
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from partnerday import i18n
from partnerday.polls import VoteRefused
from partnerday.refusals import Refusal

ROOT = Path(__file__).parent.parent
TRANSLATED = [language for language in i18n.LOCALES if language != i18n.SOURCE]


@cache
def in_the_code() -> set:
    return {m.id for m in i18n.extracted() if m.id}


def catalogue(language: str):
    with i18n.catalogue_path(language).open("rb") as po:
        return read_po(po, locale=i18n.LOCALES[language])


def fields(text: str) -> set[str]:
    """`{name}` fields, `$1` (the page script's) and HTML tags: what a translation keeps."""
    named = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return named | set(re.findall(r"\$\d", text)) | set(re.findall(r"</?\w+>", text))


def test_the_code_marks_its_messages():
    found = in_the_code()
    assert "Questions ouvertes" in found  # a page's
    assert "Choisissez au moins une option." in found  # a refusal of the domain's
    assert ("Chercher la structure partenaire",
            "Chercher parmi les {count} structures partenaires") in found  # a plural


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_of_the_code_is_translated(language):
    ours = catalogue(language)
    missing = [m for m in in_the_code() if ours.get(m) is None]
    assert not missing, f"run `python -m partnerday translations`, then translate: {missing}"
    for message in ours:
        if not message.id or message.id not in in_the_code():
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated in {language}: {message.id!r}"
        assert not message.fuzzy, f"fuzzy in {language}: {message.id!r}"
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in strings:
            assert fields(text) <= set().union(*map(fields, source)), (language, message.id)
        assert fields(strings[-1]) == fields(source[-1]), (language, message.id)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_follow_the_language(language):
    i18n.activate(language)
    try:
        one = i18n.ngettext("Chercher la structure partenaire",
                            "Chercher parmi les {count} structures partenaires", 1)
        many = i18n.ngettext("Chercher la structure partenaire",
                             "Chercher parmi les {count} structures partenaires", 12)
    finally:
        i18n.activate(i18n.SOURCE)
    assert "{count}" not in one and "{count}" in many
    assert one != many


def test_a_refusal_of_the_domain_is_said_in_the_page_language():
    refusal = VoteRefused.of("La valeur doit être un nombre entier de {low} à {high}.",
                             low=0, high=10)
    assert str(refusal) == "La valeur doit être un nombre entier de 0 à 10."
    i18n.activate("nl")
    try:
        assert refusal.translated() == "De waarde moet een geheel getal zijn van 0 tot 10."
    finally:
        i18n.activate("fr")
    assert refusal.translated() == str(refusal)
    assert Refusal("tel quel {x}").translated() == "tel quel {x}"  # typed text, no template


def test_an_unknown_language_falls_back_to_french():
    assert i18n.activate("de") == "fr"
    assert i18n._("Questions ouvertes") == "Questions ouvertes"


def test_no_message_hides_in_an_f_string():
    """Babel reads an f-string as one string: a `_()` inside it is never extracted, and
    its French would show on a Dutch page."""
    hidden = []
    for pattern in ("partnerday/**/*.py", "pages/*.py", "app.py"):
        for path in ROOT.glob(pattern):
            with tokenize.open(path) as source:
                for token in tokenize.generate_tokens(source.readline):
                    if (token.type == tokenize.STRING and re.match(r"[rbuRBU]*[fF]", token.string)
                            and re.search(r"\b(_|N_|ngettext)\(", token.string)):
                        hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not hidden
