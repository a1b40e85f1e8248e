"""Spin Spotter: the entry script. It builds the pages, routes, and runs the chosen one.

Teacher pages are only in the navigation of a signed-in teacher, so a student
session cannot open them by address either; each also checks the sign-in itself.
"""

from __future__ import annotations

import streamlit as st

from quiz.storage import Unavailable
from quiz.ui import pages, session, trouble
from quiz.ui.connection_notice import connection_notice
from quiz.ui.text import md

st.set_page_config(page_title="Spin Spotter", page_icon="🔎", layout="centered")
try:
    session.app_store()  # opens the store; the first run imports the bundled content
except Unavailable as exc:  # not cached: the next rerun tries again
    st.error(md(trouble.database_away(exc)))  # the host comes from a setting: escaped
    st.stop()
connection_notice()  # plain words while the server restarts, not "Connection error"

try:
    signed_in = session.current_teacher() is not None
except (*trouble.DAMAGED, Unavailable):
    signed_in = False  # the school file is damaged, or the database away: the page says so
shown = pages.LEARNER_PAGES
if signed_in:
    shown = shown + pages.TEACHER_PAGES
navigation = [
    st.Page(path, title=title, icon=icon, default=path == pages.HOME)
    for path, title, icon in shown
]

# One flat list: Streamlit's sectioned sidebar puts headings inside its <ul>,
# which axe-core reports as a serious list-structure violation.
try:
    st.navigation(navigation).run()
except (*trouble.DAMAGED, Unavailable, OSError) as exc:
    # The safety net: a damaged data file, a database that went away or a full
    # disk that reaches the top is said in plain words under what the page showed
    # so far, not as a traceback.
    if not trouble.show(exc):
        raise
