"""What every command module of :mod:`quiz.cli` shares: the usage error and the path helpers."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from quiz import config

# What every command module's register() adds its commands to (a string: the
# class cannot be subscripted at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

NEW_DATA_HELP = "the data folder (created when missing)"
EXISTING_DATA_HELP = "the data folder the app uses (must exist)"
PATHS_HELP = "files or folders (default: content/)"


class UsageError(Exception):
    """Bad arguments: exit code 2, with the message after the usage line."""


def content_paths(paths: Sequence[Path]) -> list[Path]:
    """The given paths, or the bundled content; a missing path is a usage error."""
    # config.DEFAULT_CONTENT is read at call time: tests repoint it.
    chosen = list(paths) or [config.DEFAULT_CONTENT]
    missing = [str(p) for p in chosen if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return chosen


def existing_data(data: Path) -> Path:
    """``data`` when it is a folder; checking or exporting a mistyped one must not create it."""
    if not data.is_dir():
        raise UsageError(f"no data folder at {data}: give the folder the app uses (--data DIR)")
    return data
