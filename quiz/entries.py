"""One excerpt as an author writes it: validated, its spans placed, its problems explained.

Authors may place a span by its ``quote`` alone (with ``occurrence: N`` when
the quote appears more than once); :func:`build_excerpt` computes ``start`` and
``end``, runs the checks of :mod:`quiz.checks`, and turns pydantic's errors
into :class:`~quiz.checks.Problem` s that say what to fix. Files and folders of
entries are read by :mod:`quiz.content`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field, ValidationError

from quiz.checks import MAX_WORDS, ExcerptProblems, Problem, SpanPosition, position_problems
from quiz.models import Excerpt, ExcerptBody, SpanBody
from quiz.text import find_all, token_starts_ends, tokenize

# The longest run of characters without a space a field may hold. The longest
# English words and most web addresses fit; a 50-million-letter "word" would
# make the tokenizer's regular expression use gigabytes, so it is refused first.
MAX_WORD_CHARS = 100
# An excerpt's text is at most MAX_WORDS words (about 1,500 characters; the
# longest bundled one has 949): a longer text is refused before the quotes are
# searched in it, which costs time in proportion to its length.
MAX_TEXT_CHARS = 5000
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")
EXCERPT_PROSE = ("title", "source", "text")
SPAN_PROSE = ("quote", "explanation", "neutral_alternative", "evidence_needed")


class SpanEntry(SpanBody):
    """A span as an author writes it: offsets optional, placed by its quote."""

    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, gt=0)
    occurrence: int | None = Field(
        default=None,
        ge=1,
        description="which occurrence of the quote, when it appears more than once",
    )


class ExcerptEntry(ExcerptBody):
    """An excerpt as an author writes it."""

    spans: list[SpanEntry] = Field(default_factory=list)


def build_excerpt(item: dict[str, Any]) -> tuple[Excerpt | None, list[Problem]]:
    """Validate one author entry; place its spans; return the excerpt or the problems."""
    too_long = bound_problems(item)
    if too_long:
        return None, too_long  # checked first: the rest of the work grows with the text
    problems: list[Problem] = []
    entry: ExcerptEntry | None = None
    try:
        entry = ExcerptEntry.model_validate(item)
    except ValidationError as exc:
        problems.extend(_from_validation(exc))

    text = item.get("text")
    raw_spans = item.get("spans", [])
    positions: list[SpanPosition | None] = []
    if isinstance(text, str) and isinstance(raw_spans, list):
        for number, raw in enumerate(raw_spans, start=1):
            position, problem = _place(text, raw, number)
            positions.append(position)
            if problem:
                problems.append(problem)
        problems.extend(position_problems(text, positions))
    if problems or entry is None:
        return None, _unique(problems)

    data = entry.model_dump(exclude={"spans"})
    data["spans"] = [
        {**s.model_dump(exclude={"occurrence", "start", "end"}), "start": p.start, "end": p.end}
        for s, p in zip(entry.spans, positions, strict=True)
        if p is not None
    ]
    try:
        return Excerpt.model_validate(data), []
    except ValidationError as exc:  # pragma: no cover - the checks above mirror the model's
        return None, list(_from_validation(exc))


def bound_problems(item: dict[str, Any]) -> list[Problem]:
    """A text over :data:`MAX_TEXT_CHARS`, a word over :data:`MAX_WORD_CHARS` in a prose field."""
    fields: list[tuple[int | None, str, Any]] = [(None, k, item.get(k)) for k in EXCERPT_PROSE]
    spans = item.get("spans")
    for number, span in enumerate(spans if isinstance(spans, list) else [], start=1):
        if isinstance(span, dict):
            fields.extend((number, k, span.get(k)) for k in SPAN_PROSE)
    problems = []
    text = item.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        problems.append(Problem(
            None, "text",
            f"has {len(text):,} characters; an excerpt is at most {MAX_WORDS} words, never "
            f"over {MAX_TEXT_CHARS:,} characters: cut the passage",
        ))
    for span_number, name, value in fields:
        found = _LONG_WORD.search(value) if isinstance(value, str) else None
        if found:
            length = len(found.group())
            problems.append(Problem(
                span_number, name,
                f"has a word of {length:,} characters ({found.group()[:20]!r}...); a word may "
                f"have at most {MAX_WORD_CHARS}: put in the missing spaces",
            ))
    return problems


def _place(text: str, raw: Any, number: int) -> tuple[SpanPosition | None, Problem | None]:
    """Compute a span's offsets from its quote, or check the offsets it gives."""
    if not isinstance(raw, dict) or not isinstance(raw.get("quote"), str) or not raw["quote"]:
        return None, None  # reported by the model validation
    quote: str = raw["quote"]
    category = str(raw.get("category", ""))
    start, end, occurrence = raw.get("start"), raw.get("end"), raw.get("occurrence")
    if isinstance(start, int) and isinstance(end, int):
        return SpanPosition(start, end, category, quote), None
    if start is not None or end is not None:
        return None, Problem(number, "start/end", "give both start and end, or neither")
    # Count only occurrences on word boundaries ("the" inside "their" is not
    # one an author would count); fall back to any hit so the boundary check
    # can say what is wrong with it.
    starts, ends = token_starts_ends(tokenize(text))
    every = find_all(text, quote)
    hits = [at for at in every if at in starts and at + len(quote) in ends] or every
    if not hits:
        hint = _did_you_mean(text, quote)
        return None, Problem(
            number, "quote",
            f"{quote!r} does not occur in the text" + (f" (did you mean {hint!r}?)" if hint else
                                                         "; copy it from the text exactly"),
        )
    if occurrence is None:
        if len(hits) > 1:
            return None, Problem(
                number, "occurrence",
                f"{quote!r} occurs {len(hits)} times in the text: add \"occurrence\": 1 to "
                f"{len(hits)} to say which, or lengthen the quote",
            )
        occurrence = 1
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(hits):
        return None, Problem(
            number, "occurrence",
            f"is {occurrence!r} but {quote!r} occurs {len(hits)} time(s): use 1 to {len(hits)}",
        )
    at = hits[occurrence - 1]
    return SpanPosition(at, at + len(quote), category, quote), None


def place_quote(text: str, raw: Any, number: int) -> tuple[SpanPosition | None, Problem | None]:
    """Where a span written by quote (and occurrence, or offsets) sits, or what is wrong.

    The placing rules of an excerpt's own spans, for other files that name spans
    in an excerpt's text (the second readings of :mod:`quiz.second_files`).
    """
    return _place(text, raw, number)


def _did_you_mean(text: str, quote: str) -> str | None:
    """The run of words in ``text`` most like ``quote``, if any is close."""
    tokens = tokenize(text)
    size = max(1, len(tokenize(quote)))
    candidates: list[str] = []
    for width in {max(1, size - 1), size, size + 1}:
        for i in range(len(tokens) - width + 1):
            candidates.append(text[tokens[i].start : tokens[i + width - 1].end])
    best = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.6)
    if not best:
        best = difflib.get_close_matches(quote.casefold(), candidates, n=1, cutoff=0.6)
    return best[0] if best else None


def _from_validation(exc: ValidationError) -> Iterator[Problem]:
    """Translate pydantic's errors into located problems with a fix."""
    for err in exc.errors():
        loc = list(err["loc"])
        ctx = err.get("ctx") or {}
        if isinstance(ctx.get("error"), ExcerptProblems):
            yield from ctx["error"].problems
            continue
        span: int | None = None
        if len(loc) >= 2 and loc[0] == "spans" and isinstance(loc[1], int):
            span = loc[1] + 1
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or ("span" if span else "excerpt")
        yield Problem(span, field, _explain(err))


def _explain(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "is not a known field: check its spelling (run `python -m quiz schema` for the list)"
    if kind == "missing":
        return "is missing: every excerpt and span needs it"
    if kind == "enum":
        return f"is {err['input']!r}; use one of {err['ctx']['expected']}"
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_too_short":
        return "is empty: write it (spans need an explanation a 13-year-old can follow)"
    return f"{message} (got {err['input']!r})" if kind != "value_error" else message


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
