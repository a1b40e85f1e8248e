"""Load and validate content files into :class:`~quiz.models.Excerpt` models.

A content file is JSON holding one excerpt object or a list of them. Authors
may place a span by its ``quote`` alone (with ``occurrence: N`` when the quote
appears more than once); the loader computes ``start``/``end``. Every problem in
every file is collected, so one run tells an author everything to fix, and each
message names the file, the excerpt, the span, the field and the fix.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, TypeAdapter, ValidationError

from quiz.models import (
    Excerpt,
    ExcerptBody,
    ExcerptProblems,
    Problem,
    SpanBody,
    SpanPosition,
    position_problems,
)
from quiz.text import find_all, token_starts_ends, tokenize

CONTENT_SUFFIX = ".json"


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


ContentFile: TypeAdapter[ExcerptEntry | list[ExcerptEntry]] = TypeAdapter(
    ExcerptEntry | list[ExcerptEntry]
)


@dataclass(frozen=True)
class ContentError:
    """One problem, located well enough for an author to fix it."""

    file: str
    excerpt: str | None
    span: int | None
    field: str
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.excerpt:
            parts.append(f"excerpt {self.excerpt}")
        if self.span is not None:
            parts.append(f"span {self.span}")
        return f"{', '.join(parts)}: {self.field}: {self.message}"


class ContentInvalid(Exception):
    """Raised by :func:`load_content` with every error found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def content_schema() -> dict[str, Any]:
    """The JSON Schema of a content file, for editors."""
    schema = ContentFile.json_schema()
    schema["title"] = "Spin Spotter content file"
    return schema


def content_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.json`` files (recursively), sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob(f"*{CONTENT_SUFFIX}") if p.is_file()))
        else:
            files.append(path)
    return files


def load_content(paths: Iterable[Path]) -> list[Excerpt]:
    """Load every excerpt under ``paths``.

    Raises:
        ContentInvalid: with all errors of all files when anything is wrong.
    """
    excerpts, errors = check_content(paths)
    if errors:
        raise ContentInvalid(errors)
    return excerpts


def check_content(paths: Iterable[Path]) -> tuple[list[Excerpt], list[ContentError]]:
    """Load what is valid and report what is not, across all files."""
    excerpts: list[Excerpt] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in content_files(paths):
        entries, file_errors = parse_file(path)
        errors.extend(file_errors)
        for excerpt_id, excerpt in entries:
            if excerpt_id is None:
                continue
            if excerpt_id in seen:
                errors.append(
                    ContentError(
                        str(path),
                        excerpt_id,
                        None,
                        "id",
                        f"is already used by an excerpt in {seen[excerpt_id]}: ids must be "
                        "unique across all content files; rename one",
                    )
                )
                continue
            seen[excerpt_id] = str(path)
            if excerpt is not None:
                excerpts.append(excerpt)
    errors.extend(_pair_errors(excerpts, seen))
    return excerpts, errors


# An entry of a file: the excerpt id it claims (if any) and the excerpt, if valid.
Entry = tuple[str | None, Excerpt | None]


def parse_file(path: Path) -> tuple[list[Entry], list[ContentError]]:
    """Parse one content file; never raises for bad content."""
    name = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [ContentError(name, None, None, "file", "does not exist")]
    except UnicodeDecodeError as exc:
        return [], [ContentError(name, None, None, "file", f"is not UTF-8 text ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return [], [
            ContentError(
                name, None, None, "json",
                f"line {exc.lineno}, column {exc.colno}: {exc.msg}; fix the JSON syntax",
            )
        ]
    return parse_entries(raw, name)


def parse_entries(raw: Any, name: str) -> tuple[list[Entry], list[ContentError]]:
    """Turn decoded JSON (one excerpt object or a list) into entries and errors."""
    items = raw if isinstance(raw, list) else [raw]
    entries: list[Entry] = []
    errors: list[ContentError] = []
    for number, item in enumerate(items, start=1):
        label = _label(item, number, len(items))
        if not isinstance(item, dict):
            errors.append(
                ContentError(name, label, None, "excerpt",
                             "must be a JSON object with id, title, text, spans...")
            )
            continue
        excerpt, problems = build_excerpt(item)
        errors.extend(ContentError(name, label, p.span, p.field, p.message) for p in problems)
        claimed = item.get("id") if isinstance(item.get("id"), str) else None
        entries.append((claimed, excerpt))
    return entries, errors


def build_excerpt(item: dict[str, Any]) -> tuple[Excerpt | None, list[Problem]]:
    """Validate one author entry; place its spans; return the excerpt or the problems."""
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


def _label(item: Any, number: int, count: int) -> str | None:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return str(item["id"])
    return f"#{number}" if count > 1 else None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _pair_errors(excerpts: list[Excerpt], files: dict[str, str]) -> list[ContentError]:
    by_id = {e.id: e for e in excerpts}
    errors: list[ContentError] = []
    for e in excerpts:
        if e.pair is None:
            continue
        other = by_id.get(e.pair)
        if other is None:
            message = (
                f"names {e.pair!r}, which is not an excerpt id in the files checked: "
                f"check the id, or validate the file holding {e.pair!r} together with this one"
            )
        elif other.pair != e.id:
            message = f"names {e.pair!r}, but that excerpt does not name {e.id!r} back as its pair"
        elif other.leaning == e.leaning and e.leaning != "none":
            message = (
                f"names {e.pair!r}, which has the same leaning ({e.leaning}): "
                "a pair tells one event from two sides"
            )
        else:
            continue
        errors.append(ContentError(files[e.id], e.id, None, "pair", message))
    return errors
