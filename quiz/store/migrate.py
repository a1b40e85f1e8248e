"""Schema versions of data files and the path from old to new.

Every data file carries a ``_meta`` table whose first document says
``{"schema": N, "kind": "..."}``. Files are upgraded in memory when read; the
upgraded form reaches disk the next time the file is written, inside its lock,
so a reader never rewrites a file behind a writer's back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quiz.storage import CorruptFile, SchemaTooNew

SCHEMA_VERSION = 1
META_TABLE = "_meta"
META_DOC = "1"

Tables = dict[str, dict[str, Any]]
# MIGRATIONS[n] turns a file of schema n into schema n + 1. Add a step here and
# bump SCHEMA_VERSION when a record changes shape; never edit a released step.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def new_tables(kind: str) -> Tables:
    """The contents of a fresh file of the given kind ('school', 'attempts', ...)."""
    return {META_TABLE: {META_DOC: {"schema": SCHEMA_VERSION, "kind": kind}}}


def file_kind(tables: Tables) -> str:
    """The kind a file declares in its ``_meta`` table."""
    return str(tables[META_TABLE][META_DOC]["kind"])


def upgrade(tables: Tables, path: Path) -> tuple[Tables, bool]:
    """Bring a parsed file up to :data:`SCHEMA_VERSION`.

    Returns:
        The upgraded tables and whether anything changed.

    Raises:
        CorruptFile: when the file has no readable ``_meta`` table.
        SchemaTooNew: when a newer app wrote it.
    """
    try:
        meta = tables[META_TABLE][META_DOC]
        version = int(meta["schema"])
        str(meta["kind"])
    except (KeyError, TypeError, ValueError):
        raise CorruptFile(path, "no _meta table with a schema version") from None
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(path, version, SCHEMA_VERSION)
    changed = False
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptFile(path, f"no migration from schema version {version}")
        tables = step(tables)
        version += 1
        tables[META_TABLE][META_DOC]["schema"] = version
        changed = True
    return tables, changed
