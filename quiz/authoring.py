"""Authoring excerpts in the app: the draft a teacher edits, saving it, sharing content files.

The authoring page keeps a draft as metadata plus a table of span rows (the
suggester's candidates and the teacher's own). Saving turns the kept rows into
a content-file entry, validates it with exactly the rules of ``python -m quiz
validate`` (:func:`quiz.content.build_excerpt`), and only then writes
``<folder>/<id>.json`` atomically and imports the excerpt into the store. The
text itself comes from :mod:`quiz.source_text` (uploads, HTML, long articles).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.content import ContentError, build_excerpt, parse_entries
from quiz.files import atomic_write
from quiz.models import Excerpt, Problem
from quiz.records import content_hash
from quiz.source_text import MAX_UPLOAD_BYTES
from quiz.storage import NotFound, Store
from quiz.text import find_all, token_starts_ends, tokenize

OPTIONAL_SPAN_FIELDS = ("neutral_alternative", "evidence_needed")


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` did with a shared content file."""

    saved: list[Excerpt] = field(default_factory=list)  # written and imported (new or changed)
    unchanged: list[str] = field(default_factory=list)  # ids already in the store as they are
    errors: list[ContentError] = field(default_factory=list)


def content_path(folder: Path, excerpt_id: str) -> Path:
    """Where an authored excerpt's content file lives."""
    return folder / f"{excerpt_id}.json"


def excerpt_to_entry(excerpt: Excerpt) -> dict[str, Any]:
    """An excerpt as an author would write it: spans placed by quote (and occurrence).

    ``build_excerpt(excerpt_to_entry(e))`` gives ``e`` back.
    """
    entry: dict[str, Any] = excerpt.model_dump(mode="json", exclude={"spans"}, exclude_none=True)
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


# --- saving and sharing ---------------------------------------------------------------


def save_draft(
    entry: Mapping[str, Any], folder: Path, store: Store
) -> tuple[Excerpt | None, list[Problem]]:
    """Validate an entry; if valid, write ``<folder>/<id>.json`` and import it into the store.

    Nothing is written when there is any problem. An id already used by a
    stored excerpt that was not authored in ``folder`` is refused, so a draft
    can never silently replace another excerpt's answer key.
    """
    excerpt, problems = build_excerpt(dict(entry))
    if excerpt is not None:
        problems = _store_problems(excerpt, folder, store, {})
    if excerpt is None or problems:
        return None, problems
    _write(excerpt, folder)
    store.import_excerpts([excerpt])
    return excerpt, []


def import_file(name: str, data: bytes, folder: Path, store: Store) -> ImportResult:
    """Import a shared content file: every valid excerpt is saved, every problem reported."""
    raw, error = _decode(name, data)
    if error is not None:
        return ImportResult(errors=[error])
    entries, errors = parse_entries(raw, name)
    valid: dict[str, Excerpt] = {}
    for claimed, excerpt in entries:
        if excerpt is None:
            continue
        if claimed in valid:
            errors.append(ContentError(name, claimed, None, "id",
                                       "appears twice in this file: ids must be unique"))
            continue
        valid[excerpt.id] = excerpt
    result = ImportResult(errors=errors)
    for excerpt in valid.values():
        problems = _store_problems(excerpt, folder, store, valid)
        if problems:
            errors.extend(ContentError(name, excerpt.id, p.span, p.field, p.message)
                          for p in problems)
        elif _stored_hash(store, excerpt.id) == content_hash(excerpt):
            result.unchanged.append(excerpt.id)
        else:
            _write(excerpt, folder)
            result.saved.append(excerpt)
    if result.saved:
        store.import_excerpts(result.saved)
    return result


def _decode(name: str, data: bytes) -> tuple[Any, ContentError | None]:
    if len(data) > MAX_UPLOAD_BYTES:
        return None, ContentError(name, None, None, "file",
                                  f"is {len(data):,} bytes; a content file may have at most "
                                  f"{MAX_UPLOAD_BYTES:,}: split it into smaller files")
    try:
        return json.loads(data.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        return None, ContentError(name, None, None, "file",
                                  f"is not UTF-8 text ({exc.reason}): save it as UTF-8")
    except json.JSONDecodeError as exc:
        return None, ContentError(
            name, None, None, "json",
            f"line {exc.lineno}, column {exc.colno}: {exc.msg}; fix the JSON syntax",
        )


def _store_problems(
    excerpt: Excerpt, folder: Path, store: Store, batch: Mapping[str, Excerpt]
) -> list[Problem]:
    problems: list[Problem] = []
    stored = _stored(store, excerpt.id)
    if (
        stored is not None
        and content_hash(stored) != content_hash(excerpt)
        and not content_path(folder, excerpt.id).exists()
    ):
        problems.append(Problem(
            None, "id",
            f"{excerpt.id!r} is already the id of the stored excerpt “{stored.title}”: choose "
            "another id (saving would replace that excerpt's answer key)",
        ))
    if excerpt.pair is not None:
        partner = batch.get(excerpt.pair) or _stored(store, excerpt.pair)
        if excerpt.pair == excerpt.id:
            problems.append(Problem(None, "pair", "names the excerpt itself: name the other side"))
        elif partner is not None and partner.leaning == excerpt.leaning != "none":
            problems.append(Problem(
                None, "pair",
                f"names {excerpt.pair!r}, which has the same leaning ({excerpt.leaning}): "
                "a pair tells one event from two sides",
            ))
    return problems


def _stored(store: Store, excerpt_id: str) -> Excerpt | None:
    try:
        return store.excerpt(excerpt_id).excerpt
    except NotFound:
        return None


def _stored_hash(store: Store, excerpt_id: str) -> str | None:
    stored = _stored(store, excerpt_id)
    return None if stored is None else content_hash(stored)


def _write(excerpt: Excerpt, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(content_path(folder, excerpt.id), entry_json(excerpt))


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
