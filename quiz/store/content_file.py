"""The excerpts and their answer keys, every version kept (``content.json``).

An import gives a changed excerpt a new version instead of overwriting it, and
every attempt names the version it was scored against: editing an answer key
never silently rescores old attempts.

Every version is published. Teachers' unpublished excerpts live in the
``drafts`` table of the same file, one per excerpt id, so that publishing (the
draft becomes the next version) is one atomic write.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tinydb import Query

from quiz.models import Excerpt
from quiz.records import ExcerptDraft, ImportReport, StoredExcerpt, content_hash
from quiz.storage import Conflict, NotFound
from quiz.store.atomic import load
from quiz.store.shards import Shards

EXCERPTS_TABLE = "excerpts"
DRAFTS_TABLE = "drafts"


class ContentFile:
    """Versioned excerpts in one TinyDB file."""

    def __init__(self, shards: Shards, path: Path) -> None:
        self.shards = shards
        self.path = path
        self._validated: dict[tuple[str, int, str], StoredExcerpt] = {}
        self._guard = threading.Lock()
        self._indexed: tuple[object, set[tuple[str, int]]] = (None, set())

    def import_excerpts(self, excerpts: list[Excerpt]) -> ImportReport:
        """Add new excerpts, version changed ones, count unchanged ones."""
        report = ImportReport()
        with self.shards.write(self.path, "content", "content") as db:
            table = db.table(EXCERPTS_TABLE)
            for excerpt in excerpts:
                latest, stored = _add_version(table, excerpt)
                if stored is None:
                    report.unchanged.append(excerpt.id)
                else:
                    (report.added if latest is None else report.updated).append(excerpt.id)
        return report

    def save_draft(self, draft: ExcerptDraft) -> ExcerptDraft:
        """Keep a teacher's draft, replacing theirs of the same id; Conflict if another's."""
        with self.shards.write(self.path, "content", "content") as db:
            table = db.table(DRAFTS_TABLE)
            for held in table.search(Query().excerpt.id == draft.id):
                if held["author_id"] != draft.author_id:
                    raise Conflict(
                        f"another teacher has a draft with the id {draft.id!r}: choose another id"
                    )
            table.remove(Query().excerpt.id == draft.id)
            table.insert(draft.model_dump(mode="json"))
        return draft

    def drafts(self, author_id: str) -> list[ExcerptDraft]:
        """A teacher's drafts, by id."""
        docs = self.shards.read(self.path, "content").table(DRAFTS_TABLE).all()
        found = [ExcerptDraft.model_validate(dict(d)) for d in docs if d["author_id"] == author_id]
        return sorted(found, key=lambda d: d.id)

    def publish_draft(self, excerpt_id: str, author_id: str) -> StoredExcerpt:
        """The draft as the excerpt's next version (or the latest, when equal); draft dropped."""
        with self.shards.write(self.path, "content", "content") as db:
            drafts = db.table(DRAFTS_TABLE)
            doc = self._draft_doc(drafts, excerpt_id, author_id)
            draft = ExcerptDraft.model_validate(dict(doc))
            latest, stored = _add_version(db.table(EXCERPTS_TABLE), draft.excerpt)
            drafts.remove(doc_ids=[doc.doc_id])
        if stored is None:  # the draft says what the latest version says
            return self._stored(dict(latest or {}))
        return stored

    def discard_draft(self, excerpt_id: str, author_id: str) -> None:
        """Drop a teacher's draft."""
        with self.shards.write(self.path, "content", "content") as db:
            drafts = db.table(DRAFTS_TABLE)
            drafts.remove(doc_ids=[self._draft_doc(drafts, excerpt_id, author_id).doc_id])

    def _draft_doc(self, drafts: Any, excerpt_id: str, author_id: str) -> Any:
        query = Query()
        doc = drafts.get((query.excerpt.id == excerpt_id) & (query.author_id == author_id))
        if doc is None:
            raise NotFound(f"no draft {excerpt_id!r} of this teacher in {self.path}")
        return doc

    def latest(self) -> list[StoredExcerpt]:
        """The newest version of every excerpt, by id."""
        newest: dict[str, dict[str, Any]] = {}
        for doc in self._docs():
            held = newest.get(doc["excerpt"]["id"])
            if held is None or doc["version"] > held["version"]:
                newest[doc["excerpt"]["id"]] = doc
        return [self._stored(newest[key]) for key in sorted(newest)]

    def get(self, excerpt_id: str, version: int | None = None) -> StoredExcerpt:
        """One version of an excerpt (the newest when ``version`` is None)."""
        docs = [d for d in self._docs() if d["excerpt"]["id"] == excerpt_id]
        if version is not None:
            docs = [d for d in docs if d["version"] == version]
        if not docs:
            at = f" version {version}" if version is not None else ""
            raise NotFound(
                f"no excerpt {excerpt_id!r}{at} in {self.path}. Hint: import content with "
                "python -m quiz content import --data <folder>"
            )
        return self._stored(max(docs, key=lambda d: int(d["version"])))

    def versions(self) -> set[tuple[str, int]]:
        """Every (excerpt id, version) stored: what attempts may refer to."""
        tables = load(self.path)
        with self._guard:
            # load() hands back the same object while the file is unchanged.
            if tables is None or tables is not self._indexed[0]:
                docs = (tables or {}).get(EXCERPTS_TABLE, {}).values()
                self._indexed = (tables, {(d["excerpt"]["id"], int(d["version"])) for d in docs})
            return self._indexed[1]

    def require(self, excerpt_id: str, version: int) -> None:
        """Raise NotFound unless this version of the excerpt is stored (cheap: no validation)."""
        if (excerpt_id, version) not in self.versions():
            self.get(excerpt_id, version)  # raises with the full message

    def _docs(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self.shards.read(self.path, "content").table(EXCERPTS_TABLE)]

    def _stored(self, doc: dict[str, Any]) -> StoredExcerpt:
        # Validating an excerpt re-checks every span: do it once per version.
        key = (doc["excerpt"]["id"], int(doc["version"]), str(doc["content_hash"]))
        with self._guard:
            hit = self._validated.get(key)
        if hit is None:
            hit = StoredExcerpt.model_validate(doc)
            with self._guard:
                self._validated[key] = hit
        return hit


def _add_version(
    table: Any, excerpt: Excerpt
) -> tuple[dict[str, Any] | None, StoredExcerpt | None]:
    """The latest stored version (a document) and the new one added, None when unchanged."""
    digest = content_hash(excerpt)
    versions = table.search(Query().excerpt.id == excerpt.id)
    latest = max(versions, key=lambda d: int(d["version"]), default=None)
    if latest is not None and latest["content_hash"] == digest:
        return latest, None
    version = 1 if latest is None else int(latest["version"]) + 1
    stored = StoredExcerpt(excerpt=excerpt, version=version, content_hash=digest)
    table.insert(stored.model_dump(mode="json"))
    return latest, stored
