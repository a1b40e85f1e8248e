"""Errors raised by the store; each says what is wrong, where, and the fix."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every store error."""


class NotFound(StoreError, KeyError):
    """A record asked for by id, code or name does not exist."""

    def __str__(self) -> str:
        # KeyError would print the message with quotes around it.
        return str(self.args[0]) if self.args else "not found"


class Conflict(StoreError, ValueError):
    """A change would break a rule of the store (a taken name, an archived class)."""


class CorruptFile(StoreError):
    """A data file cannot be read; the store refuses to overwrite it."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path}: {reason}. The store will not overwrite it. Hint: restore the file from "
            "a backup (python -m quiz db backup) or move it aside, then run "
            "python -m quiz db check --data <folder>"
        )


class SchemaTooNew(StoreError):
    """A file was written by a newer version of the app."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path}: schema version {found} is newer than this app supports ({supported}). "
            "Hint: upgrade the app before opening this data folder"
        )
