"""An excerpt written back as an author writes it: spans placed by quote and occurrence.

Saving and sharing authored excerpts is a use case: :mod:`quiz.usecases.authoring`.
"""

from __future__ import annotations

import json
from typing import Any

from quiz.models import Excerpt
from quiz.text import find_all, token_starts_ends, tokenize

OPTIONAL_SPAN_FIELDS = ("neutral_alternative", "evidence_needed")


def excerpt_to_entry(excerpt: Excerpt) -> dict[str, Any]:
    """An excerpt as an author would write it: spans placed by quote (and occurrence).

    ``build_excerpt(excerpt_to_entry(e))`` gives ``e`` back, without its second reading
    (``e.second``): that lives in ``content/second/`` files, not in the excerpt's.
    """
    entry: dict[str, Any] = excerpt.model_dump(
        mode="json", exclude={"spans", "second"}, exclude_none=True
    )
    spans: list[dict[str, Any]] = []
    for span in excerpt.spans:
        item: dict[str, Any] = {"quote": span.quote}
        item.update(_placement(excerpt.text, span.quote, span.start, span.end))
        item["category"] = span.category.value
        item["explanation"] = span.explanation
        for name in OPTIONAL_SPAN_FIELDS:
            if getattr(span, name):
                item[name] = getattr(span, name)
        if span.attributed:
            item["attributed"] = True
        spans.append(item)
    entry["spans"] = spans
    return entry


def entry_json(excerpt: Excerpt) -> bytes:
    """The content file of one excerpt, as shared and saved."""
    return (json.dumps(excerpt_to_entry(excerpt), ensure_ascii=False, indent=2) + "\n").encode()


def occurrence_of(text: str, quote: str, start: int) -> int | None:
    """Which occurrence of ``quote`` starts at ``start`` (None when it occurs once)."""
    hits = _hits(text, quote)
    if len(hits) <= 1 or start not in hits:
        return None
    return hits.index(start) + 1


def _placement(text: str, quote: str, start: int, end: int) -> dict[str, int]:
    hits = _hits(text, quote)
    if start not in hits:  # cannot happen for a valid span; offsets keep it exact anyway
        return {"start": start, "end": end}
    return {"occurrence": hits.index(start) + 1} if len(hits) > 1 else {}


def _hits(text: str, quote: str) -> list[int]:
    # The content loader counts occurrences on word boundaries only: count the same way.
    starts, ends = token_starts_ends(tokenize(text))
    every = find_all(text, quote)
    return [at for at in every if at in starts and at + len(quote) in ends] or every
