"""What an author does: save an excerpt written in the app, import a shared content file.

The authoring page keeps a draft as metadata plus a table of span rows (the
suggester's candidates and the teacher's own, :mod:`quiz.draft`). Saving turns
the kept rows into a content-file entry, validates it with exactly the rules of
``python -m quiz validate`` (:func:`quiz.entries.build_excerpt`), and only then
writes ``<folder>/<id>.json`` atomically and imports the excerpt into the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.authoring import entry_json
from quiz.content import ContentError, build_excerpt, parse_entries, same_side_problem
from quiz.files import atomic_write
from quiz.models import Excerpt, Problem
from quiz.records import content_hash
from quiz.source_text import MAX_UPLOAD_BYTES
from quiz.storage import NotFound, Store


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` did with a shared content file."""

    saved: list[Excerpt] = field(default_factory=list)  # written and imported (new or changed)
    unchanged: list[str] = field(default_factory=list)  # ids already in the store as they are
    errors: list[ContentError] = field(default_factory=list)


def content_path(folder: Path, excerpt_id: str) -> Path:
    """Where an authored excerpt's content file lives."""
    return folder / f"{excerpt_id}.json"


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
        elif partner is not None and (same_side := same_side_problem(excerpt, partner)):
            problems.append(Problem(None, "pair", same_side))
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
