"""Load and validate content files into :class:`~quiz.models.Excerpt` models.

A content file is JSON holding one excerpt object or a list of them, each
written as :mod:`quiz.entries` describes. Files in a ``second/`` folder are not
excerpts but blind second readings and their adjudication
(:mod:`quiz.second_files`): they are read after the excerpts and attached to
them (:attr:`quiz.models.Excerpt.second`). Every problem in every file is
collected, so one run tells an author everything to fix, and each message names
the file, the excerpt, the span, the field and the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from quiz.entries import MAX_WORD_CHARS as MAX_WORD_CHARS
from quiz.entries import ExcerptEntry
from quiz.entries import build_excerpt as build_excerpt
from quiz.models import Excerpt
from quiz.second_files import attach_second, is_second_file
from quiz.source_text import MAX_UPLOAD_BYTES

CONTENT_SUFFIX = ".json"
# Bounds checked before any expensive work, so a hostile file costs a stat or a scan:
# a content file (on disk or uploaded) is at most MAX_FILE_BYTES, its arrays and
# objects nest at most MAX_DEPTH levels (a content file needs 4; Python's JSON
# decoder dies of recursion near 1,000), and a word is at most MAX_WORD_CHARS.
MAX_FILE_BYTES = MAX_UPLOAD_BYTES
MAX_DEPTH = 64


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
    schema = TypeAdapter(ExcerptEntry | list[ExcerptEntry]).json_schema()
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
    files = content_files(paths)
    for path in (p for p in files if not is_second_file(p)):
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
    second = [p for p in files if is_second_file(p)]
    if second:
        excerpts = _with_second(excerpts, second, errors)
    return excerpts, errors


def _with_second(
    excerpts: list[Excerpt], files: list[Path], errors: list[ContentError]
) -> list[Excerpt]:
    """The excerpts with their second readings and rulings attached; problems added to errors."""
    decoded: list[tuple[Path, Any]] = []
    for path in files:
        raw, error = read_json(path)
        if error is not None:
            errors.append(error)
        else:
            decoded.append((path, raw))
    joined, issues = attach_second(excerpts, decoded)
    errors.extend(ContentError(name, *issue) for name, issue in issues)
    return joined


# An entry of a file: the excerpt id it claims (if any) and the excerpt, if valid.
Entry = tuple[str | None, Excerpt | None]


def parse_file(path: Path) -> tuple[list[Entry], list[ContentError]]:
    """Parse one content file; never raises for bad content."""
    raw, error = read_json(path)
    if error is not None:
        return [], [error]
    return parse_entries(raw, str(path))


def read_json(path: Path) -> tuple[Any, ContentError | None]:
    """The decoded JSON of a content file, or why it cannot be read (size and depth first)."""
    name = str(path)
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big:
            return None, ContentError(name, None, None, "file", too_big)
        text = path.read_text(encoding="utf-8")
        too_deep = nesting_problem(text)
        if too_deep:
            return None, ContentError(name, None, None, "json", too_deep)
        return json.loads(text), None
    except FileNotFoundError:
        return None, ContentError(name, None, None, "file", "does not exist")
    except UnicodeDecodeError as exc:
        return None, ContentError(name, None, None, "file", f"is not UTF-8 text ({exc.reason})")
    except json.JSONDecodeError as exc:
        return None, ContentError(
            name, None, None, "json",
            f"line {exc.lineno}, column {exc.colno}: {exc.msg}; fix the JSON syntax",
        )


def size_problem(size: int) -> str | None:
    """Why a content file of ``size`` bytes is refused unread, or None."""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"is {size:,} bytes; a content file may have at most {MAX_FILE_BYTES:,}: "
        "split it into smaller files"
    )


# A string, or an unterminated one up to the end: it always matches at its first
# try, so the scan stays linear whatever the text (no backtracking to retry).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*\\?(?:"|\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest, found without decoding it.

    A scan of the brackets outside strings: linear, no recursion, so it is safe
    on text that would crash the decoder.
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def nesting_problem(text: str, what: str = "a content file") -> str | None:
    """Why JSON ``text`` is refused undecoded for nesting too deeply, or None."""
    depth = json_depth(text)
    if depth <= MAX_DEPTH:
        return None
    return (
        f"arrays and objects nest {depth:,} levels deep, more than the {MAX_DEPTH} "
        f"allowed in {what}: nothing was read"
    )


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


def _label(item: Any, number: int, count: int) -> str | None:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return str(item["id"])
    return f"#{number}" if count > 1 else None


def same_side_problem(excerpt: Excerpt, partner: Excerpt) -> str | None:
    """Why ``partner`` cannot be ``excerpt``'s pair for taking the same side, or None."""
    if partner.leaning == excerpt.leaning and excerpt.leaning != "none":
        return (
            f"names {partner.id!r}, which has the same leaning ({excerpt.leaning}): "
            "a pair tells one event from two sides"
        )
    return None


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
        elif same_side := same_side_problem(e, other):
            message = same_side
        else:
            continue
        errors.append(ContentError(files[e.id], e.id, None, "pair", message))
    return errors
