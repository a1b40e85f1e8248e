"""The authoring page's draft: metadata plus a list of span rows, to and from an entry.

The page shows one span at a time beside the text. A row is either the
suggester's candidate awaiting the teacher's verdict (``keep`` False; its
reason is already the starting explanation, so accepting it keeps the reason
to edit) or a span the teacher kept or wrote (``keep`` True). Every row has a
stable ``uid``: the page keys its widgets by it, so an edit always reaches the
span it was made on, whatever is added, removed or suggested meanwhile; and
rows never change places except to follow the text when suggestions arrive.

Only kept rows become spans; span N of the entry is the N-th kept row, and
:func:`describe` turns a validator problem about span N back into "Span R",
R being the row's number on the page.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from quiz.authoring import excerpt_to_entry, occurrence_of
from quiz.models import Excerpt, Problem
from quiz.suggest import Suggestion
from quiz.text import find_all, token_starts_ends, tokenize

META_FIELDS = (
    "id", "title", "source", "url", "published", "genre", "leaning", "difficulty", "pair", "text",
)
CHOSEN_FIELDS = ("genre", "leaning", "difficulty")  # no default: the teacher picks each
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
    """One span of the authoring page: kept, or a suggestion awaiting accept or reject."""

    uid: str
    keep: bool
    category: str
    quote: str
    occurrence: int | None
    explanation: str
    neutral_alternative: str
    evidence_needed: str
    attributed: bool
    why: str  # the suggester's reason ("" for a span the teacher wrote)
    confidence: float | None


def new_uid() -> str:
    """A fresh row id: the page keys the row's widgets by it."""
    return uuid.uuid4().hex[:12]


def clean_row(raw: Mapping[str, object]) -> SpanRow:
    """A span row from loose values, with blanks (None, NaN) made empty and a uid given."""
    uid = _text(raw.get("uid"))
    confidence = _number(raw.get("confidence"))
    return SpanRow(
        uid=uid or new_uid(),
        keep=_flag(raw.get("keep")),
        category=_text(raw.get("category")),
        quote=_text(raw.get("quote"), strip=False),
        occurrence=_count(raw.get("occurrence")),
        explanation=_text(raw.get("explanation")),
        neutral_alternative=_text(raw.get("neutral_alternative")),
        evidence_needed=_text(raw.get("evidence_needed")),
        attributed=_flag(raw.get("attributed")),
        why=_text(raw.get("why")),
        confidence=None if isinstance(raw.get("confidence"), bool) else confidence,
    )


def draft_entry(
    meta: Mapping[str, object], rows: Iterable[Mapping[str, object]]
) -> tuple[dict[str, Any], list[int]]:
    """The content-file entry of a draft, and the row number (1-based) of each span in it.

    Only kept rows become spans. Empty optional fields are left out, and so are
    unchosen ones (genre, leaning, difficulty: the validator then asks for
    them); empty required ones stay empty so the validator names them.
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
    """A validator problem in the page's terms: the span as numbered there, the field, the fix."""
    label = FIELD_LABELS.get(problem.field, problem.field.replace("_", " ").capitalize())
    if problem.span is None and problem.field in CHOSEN_FIELDS and "missing" in problem.message:
        return f"{label}: not chosen yet. Choose one under “About the text”."
    if problem.span is None or not 1 <= problem.span <= len(kept_rows):
        return f"{label}: {problem.message}"
    row = kept_rows[problem.span - 1]
    quote = _text(rows[row - 1].get("quote")) if row <= len(rows) else ""
    shown = f" “{quote}”" if quote else ""
    return f"Span {row}{shown}, {label}: {problem.message}"


def suggestion_rows(text: str, suggestions: Iterable[Suggestion]) -> list[SpanRow]:
    """Rows awaiting accept or reject, each with its reason as the starting explanation."""
    return [
        SpanRow(
            uid=new_uid(),
            keep=False,
            category=s.category.value,
            quote=s.quote,
            occurrence=occurrence_of(text, s.quote, s.start),
            explanation=s.why,
            neutral_alternative=s.neutral_alternative or "",
            evidence_needed="",
            attributed=False,
            why=s.why,
            confidence=s.confidence,
        )
        for s in suggestions
    ]


def accept(row: SpanRow) -> SpanRow:
    """A suggestion kept: its reason stays as the explanation to edit (unless one is written)."""
    kept = row.copy()
    kept["keep"] = True
    kept["explanation"] = row["explanation"] or row["why"]
    return kept


def blank_row(quote: str = "") -> SpanRow:
    """A span the teacher adds by hand, kept, with nothing filled in but the quote."""
    return clean_row({"keep": True, "quote": quote})


def merge_rows(
    current: Iterable[SpanRow], suggested: Iterable[SpanRow], text: str
) -> list[SpanRow]:
    """The kept rows with fresh suggestions in place of the unanswered ones, in text order.

    A suggestion already kept (same category, quote and occurrence) is not
    offered again. Kept rows keep their uid and their order among themselves.
    """
    kept = [r for r in current if r["keep"]]
    seen = {(r["category"], r["quote"].strip(), r["occurrence"]) for r in kept}
    fresh = [
        r for r in suggested if (r["category"], r["quote"].strip(), r["occurrence"]) not in seen
    ]
    ordered = sorted(enumerate(kept + fresh), key=lambda pair: _place_key(text, *pair))
    return [r for _, r in ordered]


def excerpt_rows(excerpt: Excerpt) -> list[SpanRow]:
    """An excerpt's spans as kept rows, to edit it (or a copy of it)."""
    return [
        clean_row({"keep": True, **span}) for span in excerpt_to_entry(excerpt)["spans"]
    ]


def occurrences(text: str, quote: str) -> int:
    """How many times the quote occurs in the text, counted as the content loader counts."""
    return len(_hits(text, quote.strip())) if quote.strip() else 0


def locate(text: str, quote: str, occurrence: int | None) -> tuple[int, int] | None:
    """Where a row's quote is in the text (start, end), or None when it is not there."""
    quote = quote.strip()
    hits = _hits(text, quote) if quote else []
    number = occurrence or 1
    if not 1 <= number <= len(hits):
        return None
    return hits[number - 1], hits[number - 1] + len(quote)


def _hits(text: str, quote: str) -> list[int]:
    # As the content loader counts: on word boundaries, else any hit (the checks say why).
    starts, ends = token_starts_ends(tokenize(text))
    every = find_all(text, quote)
    return [at for at in every if at in starts and at + len(quote) in ends] or every


def _place_key(text: str, index: int, row: SpanRow) -> tuple[int, int]:
    found = locate(text, row["quote"], row["occurrence"])
    return (found[0] if found else len(text) + 1, index)


def _text(value: object, *, strip: bool = True) -> str:
    if _blank(value):
        return ""
    text = str(value)
    return text.strip() if strip else text


# Loose values may be numpy scalars, and NaN or pandas' NA for blanks.
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
