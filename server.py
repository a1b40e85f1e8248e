"""Spin Spotter's server: the app (app.py) plus the teacher sign-in routes.

Start it with ``streamlit run server.py`` (``scripts/run.sh`` does). Streamlit
finds the ASGI app named ``app`` below and serves app.py's pages with the
routes of :mod:`quiz.ui.auth_routes` beside them: ``POST /auth/sign-in``,
``/auth/first-teacher`` and ``/auth/sign-out``, which set and clear the
HttpOnly session cookie that keeps a teacher signed in across reloads.

The per-client sign-in delays live in this process's memory (one
:class:`~quiz.auth.Guard`); the per-account ones in the data folder.
While the data folder has no teacher, the first-run setup code is printed here.

Memory: a full garbage collection walks every object the process tracks. Most
of them are the modules' own (Streamlit, pandas, Altair, the pages' imports:
about 130,000 objects), which never become garbage, so this file imports
everything the pages import, collects once and freezes what is left
(:func:`gc.freeze`): later collections walk only what the sessions made. With
Streamlit's collection after every script run (``runner.postScriptGC``, off in
``.streamlit/config.toml``) this took a run's collection from about 90% of the
server's CPU to a few per cent for one class; with more classes open the
sessions' own objects made it dear again, hence that setting (README, "A whole
class at once"). ``SPIN_SPOTTER_GC_FREEZE=0`` leaves the freeze out, for that
comparison.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib
import os
import sys
from pathlib import Path

import streamlit as st

from quiz.storage import Unavailable
from quiz.stores import configured_location
from quiz.ui import auth_routes, session

HERE = Path(__file__).resolve().parent


def page_imports() -> list[str]:
    """The modules app.py and the pages import (read from their source, not run)."""
    names: set[str] = set()
    for script in [HERE / "app.py", *sorted((HERE / "app_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(script.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(names)


def preload_and_freeze() -> int:
    """Import what the pages need, collect once, freeze the survivors; returns their count."""
    for name in page_imports():
        with contextlib.suppress(ImportError):  # ``from package import function``
            importlib.import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


try:
    session.announce_setup_code(auth_routes.default_store(), configured_location())
except Unavailable as exc:
    # The database is away or its URL is wrong: one line, no traceback (never the
    # password). The app starts anyway; its pages say so until the database answers.
    print(f"\n  Spin Spotter: {exc}\n", file=sys.stderr, flush=True)

app = st.App("app.py", routes=auth_routes.AuthRoutes().routes())
if os.environ.get("SPIN_SPOTTER_GC_FREEZE", "1") != "0":
    preload_and_freeze()
