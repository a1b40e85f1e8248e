"""Teacher sign-in; on first run, create the first teacher account."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz.auth import Outcome
from quiz.ui import pages, session
from quiz.ui.text import md
from quiz.usecases import Refused, teachers

st.title("Teacher sign-in")
store = session.store()
teacher = session.current_teacher()

if st.session_state.pop("teacher_expired", False):
    st.info("Your session expired. Please sign in again.")

if teacher is not None:
    st.success(f"Signed in as **{md(teacher.name)}**.")
    st.page_link(pages.TEACHER_CLASSES, label="Your classes", icon=":material/groups:")
    if st.button("Sign out"):
        session.sign_out_teacher()
        st.rerun()
    st.stop()

if not store.teachers():
    st.markdown(
        "**First run:** create the first teacher account. Further teachers can be added with "
        "`python -m quiz teacher add NAME`."
    )
    with st.form("first_teacher"):
        name = st.text_input("Your name (as your students know you)", max_chars=80)
        password = st.text_input("Password", type="password")
        again = st.text_input("Password again", type="password")
        if st.form_submit_button("Create account", type="primary"):
            try:
                created = teachers.create_first_teacher(store, name, password, again)
            except Refused as exc:
                st.error(md(str(exc)))
            else:
                session.sign_in_teacher(created)
                st.rerun()
    st.stop()

with st.form("sign_in"):
    name = st.text_input("Name", max_chars=80)
    password = st.text_input("Password", type="password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    result = teachers.sign_in(store, name, password, dt.datetime.now(dt.UTC))
    if result.outcome is Outcome.OK and result.teacher is not None:
        session.sign_in_teacher(result.teacher)
        st.rerun()
    st.error(result.message)
