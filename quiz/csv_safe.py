"""One guard for every CSV the project writes: no cell a spreadsheet would run as a formula.

A spreadsheet opening a CSV runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK(...)`` phones home, ``@SUM(...)`` computes),
and a tab or carriage return in front of one hides it. Following OWASP's advice
on CSV injection, such a cell gets a leading apostrophe, which spreadsheets show
as text and which keeps every character of the value. A plain number (``-0.25``)
is left alone: it is no formula, and an apostrophe would turn it into text.

Every CSV the project writes goes through :func:`csv_text` (the in-app exports
and ``python -m quiz db export --format csv``), so no writer can forget the
guard.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")

Cell = str | int | float | None
"""What a CSV cell may hold: text (guarded), a number, or nothing (an empty cell)."""


def safe_cell(value: Cell) -> str:
    """``value`` as the text of a CSV cell, with a leading apostrophe if it starts a formula.

    ``None`` is an empty cell; numbers (``-1e-05`` too), and text that is just a
    decimal number (``-0.500``), are written as they are.
    """
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float):
        return text
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[Cell]], *, line_end: str = "\r\n") -> str:
    """``rows`` as CSV text, every cell through :func:`safe_cell`.

    Quotes only where needed (RFC 4180); ``line_end`` is CRLF by default, which
    every gradebook import (Canvas, Moodle, Google Classroom) reads.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
