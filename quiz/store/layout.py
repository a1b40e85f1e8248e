"""Every file the app writes in a data folder, by kind: what ``db check``, ``backup`` and
``restore`` must understand.

======================================  ===========  ==========================================
path                                    kind         what it is
======================================  ===========  ==========================================
``school.json``, ``content.json``,      ``tinydb``   the store's files (``_meta`` table, schema)
``learners.json``,
``classes/<id>.json``,
``attempts/<student>/<NNNNN>.json``
``authored/<excerpt id>.json``          ``authored`` excerpts written or imported in the app:
                                                     content-file JSON (``validate``'s rules)
``setup-code.txt``                      ``setup``    the one-time code that claims the first
                                                     teacher account, while there is none
``cache/...``                           ``cache``    derived files (the suggester's trained
                                                     model, a pickle): rebuilt when missing
======================================  ===========  ==========================================

Hidden files and folders (``.locks``, ``.trash``, temporary files of a write in
progress, a deletion's leftovers) are the store's own business and no kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path, PurePosixPath

from quiz.store.accounts import SCHOOL, SETUP_CODE
from quiz.store.attempt_files import ATTEMPTS_DIR
from quiz.store.rosters import CLASSES_DIR, LEARNERS
from quiz.store.tinydb_store import CONTENT

AUTHORED_DIR = "authored"
CACHE_DIR = "cache"

_ID = r"[0-9a-f]{32}"
_SLUG = r"[a-z0-9][a-z0-9-]{0,63}"
_PATTERNS = [
    (re.compile(rf"({re.escape(SCHOOL)}|{re.escape(CONTENT)}|{re.escape(LEARNERS)})"), "tinydb"),
    (re.compile(rf"{CLASSES_DIR}/{_ID}\.json"), "tinydb"),
    (re.compile(rf"{ATTEMPTS_DIR}/{_ID}/[0-9]{{5,}}\.json"), "tinydb"),
    (re.compile(rf"{AUTHORED_DIR}/{_SLUG}\.json"), "authored"),
    (re.compile(re.escape(SETUP_CODE)), "setup"),
    (re.compile(rf"{CACHE_DIR}/[^/]+"), "cache"),
]


class Kind(Enum):
    """What a file of the data folder is (see the module's table)."""

    TINYDB = "tinydb"
    AUTHORED = "authored"
    SETUP = "setup"
    CACHE = "cache"


BACKED_UP = (Kind.TINYDB, Kind.AUTHORED)  # the data; the setup code and the cache are not


def kind_of(relative: str | PurePosixPath) -> Kind | None:
    """The kind of a file from its path in the data folder ('/'-separated); None: unknown."""
    name = str(relative)
    for pattern, kind in _PATTERNS:
        if pattern.fullmatch(name):
            return Kind(kind)
    return None


def is_hidden(relative: PurePosixPath) -> bool:
    """Whether a path lies in the store's own hidden files (locks, trash, temporary files)."""
    return any(part.startswith(".") for part in relative.parts)


def walk(root: Path) -> Iterator[tuple[Path, Kind | None]]:
    """Every file of the data folder but the hidden ones, sorted, with its kind.

    A symbolic link has no kind: the app never makes one, and a backup must not
    follow one out of the folder.
    """
    for path in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        if not is_hidden(relative):
            yield path, None if path.is_symlink() else kind_of(relative)


def files_of(root: Path, *kinds: Kind) -> list[Path]:
    """The files of the given kinds, sorted."""
    return [path for path, kind in walk(root) if kind in kinds]
