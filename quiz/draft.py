"""The authoring page's draft: metadata plus a table of span rows, to and from an entry.

The span table holds the suggester's candidates (not kept until the teacher
ticks them) and the teacher's own rows. Only kept rows become spans; span N of
the entry is the N-th kept row, and :func:`describe` turns a validator problem
about span N back into "span table row R".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from quiz.authoring import excerpt_to_entry, occurrence_of
from quiz.models import Excerpt, Problem
from quiz.suggest import Suggestion

META_FIELDS = (
    "id", "title", "source", "url", "published", "genre", "leaning", "difficulty", "pair", "text",
)
FIELD_LABELS = {
    "keep": "Keep",
    "category": "Category",
    "quote": "Quote",
    "occurrence": "Occurrence",
    "explanation": "Explanation",
    "neutral_alternative": "Neutral alternative",
    "evidence_needed": "Evidence needed",
    "attributed": "Attributed",
    "why": "Why suggested",
    "span": "Span",
    "url": "URL",
}


class SpanRow(TypedDict):
    """One row of the span table on the authoring page."""

    keep: bool
    category: str
    quote: str
    occurrence: int | None
    explanation: str
    neutral_alternative: str
    evidence_needed: str
    attributed: bool
    why: str


def clean_row(raw: Mapping[str, object]) -> SpanRow:
    """A span row from the table editor, with blanks (None, NaN) made empty."""
    return SpanRow(
        keep=_flag(raw.get("keep")),
        category=_text(raw.get("category")),
        quote=_text(raw.get("quote"), strip=False),
        occurrence=_count(raw.get("occurrence")),
        explanation=_text(raw.get("explanation")),
        neutral_alternative=_text(raw.get("neutral_alternative")),
        evidence_needed=_text(raw.get("evidence_needed")),
        attributed=_flag(raw.get("attributed")),
        why=_text(raw.get("why")),
    )


def draft_entry(
    meta: Mapping[str, object], rows: Iterable[Mapping[str, object]]
) -> tuple[dict[str, Any], list[int]]:
    """The content-file entry of a draft, and the table row (1-based) of each span in it.

    Only kept rows become spans. Empty optional fields are left out; empty
    required ones stay empty so the validator names them.
    """
    entry: dict[str, Any] = {}
    for name in META_FIELDS:
        value = meta.get(name)
        if hasattr(value, "isoformat"):  # a date from the date picker
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip()
        if value is None or (value == "" and name in ("url", "published", "pair")):
            continue
        entry[name] = value
    spans: list[dict[str, Any]] = []
    kept_rows: list[int] = []
    for number, raw in enumerate(rows, start=1):
        row = clean_row(raw)
        if not row["keep"]:
            continue
        kept_rows.append(number)
        span: dict[str, Any] = {"quote": row["quote"].strip(), "category": row["category"]}
        if row["occurrence"] is not None:
            span["occurrence"] = row["occurrence"]
        span["explanation"] = row["explanation"]
        if row["neutral_alternative"]:
            span["neutral_alternative"] = row["neutral_alternative"]
        if row["evidence_needed"]:
            span["evidence_needed"] = row["evidence_needed"]
        if row["attributed"]:
            span["attributed"] = True
        spans.append(span)
    entry["spans"] = spans
    return entry, kept_rows


def describe(
    problem: Problem, kept_rows: Sequence[int], rows: Sequence[Mapping[str, object]]
) -> str:
    """A validator problem in the page's terms: the table row and column, then the fix."""
    label = FIELD_LABELS.get(problem.field, problem.field.replace("_", " ").capitalize())
    if problem.span is None or not 1 <= problem.span <= len(kept_rows):
        return f"{label}: {problem.message}"
    row = kept_rows[problem.span - 1]
    quote = _text(rows[row - 1].get("quote")) if row <= len(rows) else ""
    shown = f" “{quote}”" if quote else ""
    return f"Span table row {row}{shown} (kept span {problem.span}), {label}: {problem.message}"


def suggestion_rows(text: str, suggestions: Iterable[Suggestion]) -> list[SpanRow]:
    """Unkept rows for the suggester's candidates, each with its reason."""
    return [
        SpanRow(
            keep=False,
            category=s.category.value,
            quote=s.quote,
            occurrence=occurrence_of(text, s.quote, s.start),
            explanation="",
            neutral_alternative=s.neutral_alternative or "",
            evidence_needed="",
            attributed=False,
            why=f"{s.why} (confidence {s.confidence:.0%})",
        )
        for s in suggestions
    ]


def merge_rows(current: Iterable[SpanRow], suggested: Iterable[SpanRow]) -> list[SpanRow]:
    """New suggestions added to the rows the teacher kept or wrote in; stale ones dropped."""
    kept = [
        r for r in current
        if r["keep"] or r["explanation"] or r["neutral_alternative"] or r["evidence_needed"]
    ]
    seen = {(r["category"], r["quote"], r["occurrence"]) for r in kept}
    return kept + [r for r in suggested if (r["category"], r["quote"], r["occurrence"]) not in seen]


def excerpt_rows(excerpt: Excerpt) -> list[SpanRow]:
    """An excerpt's spans as kept rows, to edit a copy of it."""
    return [
        clean_row({"keep": True, **span}) for span in excerpt_to_entry(excerpt)["spans"]
    ]


def _text(value: object, *, strip: bool = True) -> str:
    if _blank(value):
        return ""
    text = str(value)
    return text.strip() if strip else text


# The table editor hands back numpy scalars, and NaN or pandas' NA for blank cells.
def _blank(value: object) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and math.isnan(value)


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "yes", "1")
    number = _number(value)
    return number is not None and number != 0


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    number = _number(value.strip() if isinstance(value, str) else value)
    return int(number) if number is not None and number.is_integer() else None


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number
