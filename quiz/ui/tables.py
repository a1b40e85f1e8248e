"""Tables for people: a missing value is a blank cell, never "None" or "nan".

``st.dataframe`` shows a missing number as a grey "None". :func:`frame` hands
it a pandas Styler whose display text is blank for a missing value and plain
for a number (75, 12.5), while the cells keep their numbers, so a column still
sorts as numbers. Every value stays text in the grid: nothing is rendered as
HTML or Markdown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # comes with streamlit; no stubs here


def cell_text(value: object) -> str:
    """How one cell reads: '' for None or NaN, '75' for 75.0, '12.5', text as it is."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def frame(rows: Sequence[Mapping[str, Any]]) -> Any:
    """Rows of a table as a pandas Styler for ``st.dataframe``: blanks for missing values."""
    return pd.DataFrame(list(rows)).style.format(cell_text, na_rep="")
