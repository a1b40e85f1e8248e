"""Teacher sign-in; on a fresh server, the first teacher account (with the setup code).

The forms post to server.py's routes, which check the password (with growing
delays after wrong tries) and set the session cookie; this page lays them out.
"""

from __future__ import annotations

import streamlit as st

from quiz.stores import configured_location
from quiz.ui import pages, session, sign_in_form
from quiz.ui.text import md

st.title("Teacher sign-in")
store = session.store()
teacher = session.current_teacher()

if st.session_state.pop("teacher_expired", False):
    st.info("Your session expired. Please sign in again.")

if teacher is not None:
    st.success(f"Signed in as **{md(teacher.name)}**.")
    st.page_link(pages.TEACHER_CLASSES, label="Your classes", icon=":material/groups:")
    if session.session_cookie():
        sign_in_form.sign_out_button()
    elif st.button("Sign out"):
        session.sign_out_teacher()
        st.rerun()
    st.stop()

if not store.teachers():
    session.announce_setup_code(store, configured_location())
    st.markdown(
        "**First run:** create the first teacher account. It needs the **setup code** the "
        "server printed in its console when it started (it is also in `setup-code.txt` in "
        "the server's data folder, and `python -m quiz teacher setup-code` shows it). "
        "Further teachers can be added with `python -m quiz teacher add NAME`."
    )
    sign_in_form.first_teacher_form()
    st.stop()

sign_in_form.sign_in_form()
st.caption(
    "After a few wrong tries, each next try has to wait a little longer. Forgot your "
    "password? The person who runs the server can set a new one with "
    "`python -m quiz teacher reset-password NAME`."
)
