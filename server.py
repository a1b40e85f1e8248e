"""Spin Spotter's server: the app (app.py) plus the teacher sign-in routes.

Start it with ``streamlit run server.py`` (``scripts/run.sh`` does). Streamlit
finds the ASGI app named ``app`` below and serves app.py's pages with the
routes of :mod:`quiz.ui.auth_routes` beside them: ``POST /auth/sign-in``,
``/auth/first-teacher`` and ``/auth/sign-out``, which set and clear the
HttpOnly session cookie that keeps a teacher signed in across reloads.

The per-client sign-in delays live in this process's memory (one
:class:`~quiz.auth.Guard`); the per-account ones in the data folder.
While the data folder has no teacher, the first-run setup code is printed here.
"""

from __future__ import annotations

import sys

import streamlit as st

from quiz.storage import Unavailable
from quiz.stores import configured_location
from quiz.ui import auth_routes, session

try:
    session.announce_setup_code(auth_routes.default_store(), configured_location())
except Unavailable as exc:
    # The database is away or its URL is wrong: one line, no traceback (never the
    # password). The app starts anyway; its pages say so until the database answers.
    print(f"\n  Spin Spotter: {exc}\n", file=sys.stderr, flush=True)

app = st.App("app.py", routes=auth_routes.AuthRoutes().routes())
