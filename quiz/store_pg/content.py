"""Excerpts (every version of each answer key) and teachers' drafts, in PostgreSQL.

Content lives in the database, not in the replica's folder: an excerpt a
teacher publishes on one app server is practised on every other at once.
Imports and publishing lock the excerpt rows they version (``FOR UPDATE`` on
the latest version, an advisory lock on a new id), so two replicas importing at
once never make the same version twice.
"""

from __future__ import annotations

import threading
from typing import Any

from psycopg.types.json import Jsonb

from quiz.models import Excerpt
from quiz.records import ExcerptDraft, ImportReport, StoredExcerpt, content_hash
from quiz.storage import Conflict, NotFound
from quiz.store_pg.database import Cursor, Database

HINT = "Hint: import content with python -m quiz content import --data <folder>"


class ContentTables:
    """The content methods of the Store protocol."""

    db: Database

    def _init_content(self) -> None:
        self._validated: dict[tuple[str, int, str], StoredExcerpt] = {}
        self._content_guard = threading.Lock()

    def import_excerpts(self, excerpts: list[Excerpt]) -> ImportReport:
        report = ImportReport()
        with self.db.transaction() as cur:
            for excerpt in excerpts:
                latest, stored = self._add_version(cur, excerpt)
                if stored is None:
                    report.unchanged.append(excerpt.id)
                else:
                    (report.added if latest is None else report.updated).append(excerpt.id)
        return report

    def excerpts(self) -> list[StoredExcerpt]:
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT DISTINCT ON (excerpt_id) excerpt_id, version, content_hash, doc::text "
                "FROM excerpts ORDER BY excerpt_id, version DESC"
            )
            return [self._stored(*row) for row in cur.fetchall()]

    def excerpt(self, excerpt_id: str, version: int | None = None) -> StoredExcerpt:
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT excerpt_id, version, content_hash, doc::text FROM excerpts "
                "WHERE excerpt_id = %s AND (%s::integer IS NULL OR version = %s) "
                "ORDER BY version DESC LIMIT 1",
                (excerpt_id, version, version),
            )
            row = cur.fetchone()
        if row is None:
            at = f" version {version}" if version is not None else ""
            raise NotFound(f"no excerpt {excerpt_id!r}{at} in the database. {HINT}")
        return self._stored(*row)

    def save_draft(self, draft: ExcerptDraft) -> ExcerptDraft:
        with self.db.transaction() as cur:
            cur.execute(
                "INSERT INTO drafts (excerpt_id, author_id, doc) VALUES (%s, %s, %s) "
                "ON CONFLICT (excerpt_id) DO UPDATE SET doc = EXCLUDED.doc "
                "WHERE drafts.author_id = EXCLUDED.author_id RETURNING excerpt_id",
                (draft.id, draft.author_id, Jsonb(draft.model_dump(mode="json"))),
            )
            if cur.fetchone() is None:
                raise Conflict(
                    f"another teacher has a draft with the id {draft.id!r}: choose another id"
                )
        return draft

    def drafts(self, author_id: str) -> list[ExcerptDraft]:
        with self.db.cursor() as cur:
            cur.execute(
                "SELECT doc::text FROM drafts WHERE author_id = %s ORDER BY excerpt_id",
                (author_id,),
            )
            return [ExcerptDraft.model_validate_json(doc) for (doc,) in cur.fetchall()]

    def publish_draft(self, excerpt_id: str, author_id: str) -> StoredExcerpt:
        with self.db.transaction() as cur:
            cur.execute(
                "DELETE FROM drafts WHERE excerpt_id = %s AND author_id = %s RETURNING doc::text",
                (excerpt_id, author_id),
            )
            row = cur.fetchone()
            if row is None:
                raise NotFound(f"no draft {excerpt_id!r} of this teacher in the database")
            draft = ExcerptDraft.model_validate_json(row[0])
            latest, stored = self._add_version(cur, draft.excerpt)
        if stored is None:  # the draft says what the latest version says
            assert latest is not None
            return latest
        return stored

    def discard_draft(self, excerpt_id: str, author_id: str) -> None:
        with self.db.cursor() as cur:
            cur.execute(
                "DELETE FROM drafts WHERE excerpt_id = %s AND author_id = %s",
                (excerpt_id, author_id),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no draft {excerpt_id!r} of this teacher in the database")

    def _require_excerpt(self, cur: Cursor, excerpt_id: str, version: int) -> None:
        cur.execute(
            "SELECT 1 FROM excerpts WHERE excerpt_id = %s AND version = %s",
            (excerpt_id, version),
        )
        if cur.fetchone() is None:
            raise NotFound(f"no excerpt {excerpt_id!r} version {version} in the database. {HINT}")

    def _add_version(
        self, cur: Cursor, excerpt: Excerpt
    ) -> tuple[StoredExcerpt | None, StoredExcerpt | None]:
        """The latest stored version and the new one added (None when unchanged)."""
        # A new id has no row to lock: an advisory lock on the id serialises its first import.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"excerpt:{excerpt.id}",))
        cur.execute(
            "SELECT excerpt_id, version, content_hash, doc::text FROM excerpts "
            "WHERE excerpt_id = %s ORDER BY version DESC LIMIT 1 FOR UPDATE",
            (excerpt.id,),
        )
        row = cur.fetchone()
        latest = None if row is None else self._stored(*row)
        digest = content_hash(excerpt)
        if latest is not None and latest.content_hash == digest:
            return latest, None
        version = 1 if latest is None else latest.version + 1
        stored = StoredExcerpt(excerpt=excerpt, version=version, content_hash=digest)
        cur.execute(
            "INSERT INTO excerpts (excerpt_id, version, content_hash, doc) VALUES (%s, %s, %s, %s)",
            (excerpt.id, version, digest, Jsonb(stored.model_dump(mode="json"))),
        )
        return latest, stored

    def _stored(self, excerpt_id: str, version: int, digest: str, doc: Any) -> StoredExcerpt:
        # Validating an excerpt re-checks every span: do it once per version.
        key = (excerpt_id, int(version), digest)
        with self._content_guard:
            hit = self._validated.get(key)
        if hit is None:
            hit = StoredExcerpt.model_validate_json(doc)
            with self._content_guard:
                self._validated[key] = hit
        return hit
