"""Files written for a spreadsheet (CSV and Excel), safe to open.

A cell a person typed that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` from a walk-in's name would
be live in the organisers' export). Such text cells get a leading apostrophe, the spreadsheets'
own mark for "text", and Excel cells of text are written as text, never as formulas.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """A cell of an edited table as text: empty when missing, a whole number without ".0"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run, made inert; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, separator: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """A CSV that Excel opens as it is (semicolons and a BOM, by default), formulas made
    inert."""
    return safe_frame(frame).to_csv(index=False, sep=separator).encode(encoding,
                                                                       errors="replace")


def excel_bytes(frame: pd.DataFrame, sheet: str = "Feuille1") -> bytes:
    """An .xlsx of the frame: text cells typed as text (never formulas), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        worksheet.append([None if _is_missing(v) else _plain(v) for v in record])
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = neutralise(cell.value)
                cell.data_type = TYPE_STRING
                cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: object) -> object:
    """What openpyxl can write: numbers and text (NumPy and pandas scalars converted)."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)
