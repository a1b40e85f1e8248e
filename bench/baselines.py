"""Plain TinyDB, as its docs show it, for the storage benchmark to compare against.

One ``db.json`` holds every table; TinyDB's default ``JSONStorage`` rewrites the
whole file on every insert.

A benchmark baseline, not a store: the one module outside ``quiz/store/`` (the
TinyDB backend) allowed to import tinydb.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tinydb import TinyDB

Doc = dict[str, Any]


class PlainTinyDB:
    """A single-file TinyDB holding the school and all its attempts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: TinyDB | None = None

    def build(self, tables: dict[str, Sequence[Doc]]) -> None:
        """Write the file in TinyDB's format in one go (as if inserted one by one)."""
        raw = {
            name: {str(n): doc for n, doc in enumerate(docs, start=1)}
            for name, docs in tables.items()
        }
        self.path.write_text(json.dumps(raw))

    def insert_attempt(self, doc: Doc) -> None:
        """What recording an attempt costs with plain TinyDB: read all, write all."""
        if self._db is None:
            self._db = TinyDB(self.path)
        self._db.table("attempts").insert(doc)

    def close(self) -> None:
        """Close the file."""
        if self._db is not None:
            self._db.close()
            self._db = None
