"""One base for every refusal the domain gives a person: a French message to show, a code
that names the case and the values it speaks of (for the translations to come), so that
pages show every refusal the same way (`ui.show_refusal`), as text."""

from __future__ import annotations

import re

from partnerday.i18n import Phrase, said


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Refusal(ValueError):
    """What was asked cannot be done; `str()` is the French message."""

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code or _snake(type(self).__name__)
        self.params = params

    @classmethod
    def of(cls, template: str, *, code: str | None = None, **params: object) -> Refusal:
        """A refusal that can be said in every language: `template` is a message marked with
        `i18n.N_`, its `{fields}` filled from `params`."""
        return cls(Phrase(template, **params), code=code, **params)

    def translated(self) -> str:
        """The message in the page's language (French when it was not made with `of`)."""
        return said(self.args[0])

    @property
    def message(self) -> str:
        return str(self)
