"""Numbers as the reader's language writes them (Babel's CLDR data, Brussels' locales): « 4,8 »,
« 12 345 », « 5 % » in French, « 4,8 » in Dutch, « 4.8 », « 12,345 » in English. Every figure a
person reads, on a screen, a chart or a page, goes through here, in the language of the page
being drawn (`i18n.current`) unless a locale is given, so that a language added later changes
them all."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from partnerday.i18n import LOCALES, current

LOCAL_TIME = ZoneInfo("Europe/Brussels")  # the clock every time shown to people is read on


def _locale(locale: str | None) -> str:
    return locale or LOCALES[current()]


def number(value: float, digits: int = 1, locale: str | None = None) -> str:
    """6.4 -> « 6,4 », 7.0 -> « 7 », 12345 -> « 12 345 »: no trailing zero."""
    return format_decimal(value, format="#,##0." + "#" * digits if digits else "#,##0",
                          locale=_locale(locale))


def percent(ratio: float, digits: int = 0, locale: str | None = None) -> str:
    """0.053 -> « 5 % » (or « 5,3 % » with one digit)."""
    return format_percent(ratio, format="#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%",
                          locale=_locale(locale))


def chart_separators(locale: str | None = None) -> str:
    """Plotly's `separators`: the decimal mark, then the thousands mark."""
    return get_decimal_symbol(_locale(locale)) + get_group_symbol(_locale(locale))


def short_month(day: date, locale: str | None = None) -> str:
    """A month as a chart labels it: « févr. 2027 », « feb 2027 », « Feb 2027 »."""
    return format_date(day, "MMM y", locale=_locale(locale))


def clock(moment: datetime) -> str:
    """A moment's time in Brussels, as the language writes it: « 09 h 40 », « 09:40 »."""
    local = moment.astimezone(LOCAL_TIME)
    return f"{local:%H} h {local:%M}" if current() == "fr" else f"{local:%H:%M}"


def day(value: str | date | None) -> str:
    """A day as « 27/02/2027 »; a text that is not an ISO date (typed in an older version)
    is returned as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")
