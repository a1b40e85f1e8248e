"""What an author does: save a draft, publish it, import a shared content file.

The authoring page keeps a draft as metadata plus span rows (the suggester's
candidates and the teacher's own, :mod:`quiz.draft`). Saving turns the kept
rows into a content-file entry, validates it with exactly the rules of
``python -m quiz validate`` (:func:`quiz.entries.build_excerpt`), and only then
writes ``<folder>/<id>.json`` atomically and keeps it in the store as the
teacher's draft. A draft is only its author's: learners never practise on it
and no assignment offers it until the author publishes it, which makes it the
excerpt's next version. A shared content file is imported as drafts the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.authoring import entry_json
from quiz.content import (
    ContentError,
    build_excerpt,
    nesting_problem,
    parse_entries,
    same_side_problem,
    size_problem,
)
from quiz.files import atomic_write
from quiz.models import Excerpt, Problem
from quiz.records import ExcerptDraft, StoredExcerpt, content_hash
from quiz.storage import Conflict, NotFound, Store
from quiz.usecases import Refused


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_file` did with a shared content file."""

    saved: list[Excerpt] = field(default_factory=list)  # written and kept as drafts
    unchanged: list[str] = field(default_factory=list)  # ids already stored or drafted as they are
    errors: list[ContentError] = field(default_factory=list)


def content_path(folder: Path, excerpt_id: str) -> Path:
    """Where an authored excerpt's content file lives."""
    return folder / f"{excerpt_id}.json"


def save_draft(
    entry: Mapping[str, Any], folder: Path, store: Store, author_id: str
) -> tuple[Excerpt | None, list[Problem]]:
    """Validate an entry; if valid, write ``<folder>/<id>.json`` and keep it as a draft.

    Nothing is written when there is any problem. An id already used by a
    stored excerpt that was not authored in ``folder``, or by another teacher's
    draft, is refused, so a draft can never silently replace another excerpt's
    answer key. Learners see nothing of it until :func:`publish`.
    """
    excerpt, problems = build_excerpt(dict(entry))
    if excerpt is not None:
        problems = _store_problems(excerpt, folder, store, {})
    if excerpt is None or problems:
        return None, problems
    try:
        store.save_draft(ExcerptDraft(excerpt=excerpt, author_id=author_id))
    except Conflict as exc:
        return None, [Problem(None, "id", str(exc))]
    _write(excerpt, folder)
    return excerpt, []


def publish(excerpt_id: str, author_id: str, folder: Path, store: Store) -> StoredExcerpt:
    """Publish a teacher's draft: from now on practice and assignments may use it.

    The draft becomes the excerpt's next version (attempts on earlier versions
    keep theirs). The store's rules are checked again: a pair partner may have
    changed since the draft was saved.
    """
    draft = next((d for d in store.drafts(author_id) if d.id == excerpt_id), None)
    if draft is None:
        raise _no_draft(excerpt_id, "publish")
    problems = _store_problems(draft.excerpt, folder, store, {})
    if problems:
        raise Refused("Not published: " + "; ".join(f"{p.field}: {p.message}" for p in problems))
    try:
        return store.publish_draft(excerpt_id, author_id)
    except NotFound:
        raise _no_draft(excerpt_id, "publish") from None


def discard(excerpt_id: str, author_id: str, folder: Path, store: Store) -> None:
    """Drop a teacher's draft; its content file goes back to the published version, if any."""
    try:
        store.discard_draft(excerpt_id, author_id)
    except NotFound:
        raise _no_draft(excerpt_id, "discard") from None
    published = _stored(store, excerpt_id)
    if published is not None:
        _write(published, folder)
    else:
        content_path(folder, excerpt_id).unlink(missing_ok=True)


def import_file(
    name: str, data: bytes, folder: Path, store: Store, author_id: str
) -> ImportResult:
    """Import a shared content file as the teacher's drafts; every problem reported.

    An excerpt already stored or drafted exactly as it is counts as unchanged.
    The teacher reviews the drafts and publishes them like their own.
    """
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
    drafted = {d.id: content_hash(d.excerpt) for d in store.drafts(author_id)}
    for excerpt in valid.values():
        problems = _store_problems(excerpt, folder, store, valid)
        digest = content_hash(excerpt)
        if not problems and digest in (_stored_hash(store, excerpt.id), drafted.get(excerpt.id)):
            result.unchanged.append(excerpt.id)
            continue
        if not problems:
            try:
                store.save_draft(ExcerptDraft(excerpt=excerpt, author_id=author_id))
            except Conflict as exc:
                problems = [Problem(None, "id", str(exc))]
        if problems:
            errors.extend(ContentError(name, excerpt.id, p.span, p.field, p.message)
                          for p in problems)
        else:
            _write(excerpt, folder)
            result.saved.append(excerpt)
    return result


def _no_draft(excerpt_id: str, doing: str) -> Refused:
    return Refused(f"You have no draft “{excerpt_id}” to {doing}: it may be published already.")


def _decode(name: str, data: bytes) -> tuple[Any, ContentError | None]:
    too_big = size_problem(len(data))
    if too_big:
        return None, ContentError(name, None, None, "file", too_big)
    try:
        text = data.decode("utf-8-sig")
        too_deep = nesting_problem(text)
        if too_deep:
            return None, ContentError(name, None, None, "json", too_deep)
        return json.loads(text), None
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
