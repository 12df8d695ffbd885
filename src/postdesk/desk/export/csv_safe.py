"""CSV that a spreadsheet opens as text, never as formulas.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is read as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV
Injection"): a complaint typed as ``=HYPERLINK(...)`` would run in the
supervisor's spreadsheet. Such a text cell gets a leading apostrophe, which
spreadsheets hide and which keeps the value as text. Numbers stay numbers.

The file starts with a UTF-8 byte order mark: without it Excel, the usual
tool of the provider's supervisors, reads UTF-8 Chinese as mojibake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> str | int | float:
    """A value as a CSV cell: text that could start a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of ``rows`` under ``header``, in chunks (for a streamed answer)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([safe_cell(name) for name in header])
    for count, row in enumerate(rows, 1):
        writer.writerow([safe_cell(value) for value in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def dicts_csv(header: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """As :func:`rows_csv`, for rows given as dicts keyed by the header's names."""
    return rows_csv(header, ([row.get(name) for name in header] for row in rows))
