"""Teacher sign-in; on first run, create the first teacher account."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz.auth import Outcome, hash_password, password_problem, sign_in
from quiz.storage import Conflict
from quiz.ui import session
from quiz.ui.text import md

st.title("Teacher sign-in")
store = session.store()
teacher = session.current_teacher()

if st.session_state.pop("teacher_expired", False):
    st.info("Your session expired. Please sign in again.")

if teacher is not None:
    st.success(f"Signed in as **{md(teacher.name)}**.")
    st.page_link("app_pages/teacher_classes.py", label="Your classes", icon=":material/groups:")
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
            problem = password_problem(password)
            if not name.strip():
                st.error("Type your name.")
            elif problem:
                st.error(problem)
            elif password != again:
                st.error("The two passwords are different.")
            else:
                try:
                    created = store.add_teacher(name.strip(), hash_password(password))
                except Conflict as exc:
                    st.error(str(exc))
                else:
                    session.sign_in_teacher(created)
                    st.rerun()
    st.stop()

with st.form("sign_in"):
    name = st.text_input("Name", max_chars=80)
    password = st.text_input("Password", type="password")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    result = sign_in(store.teacher_by_name(name.strip()), password, dt.datetime.now(dt.UTC))
    if result.teacher is not None:
        store.update_teacher(result.teacher)
    if result.outcome is Outcome.OK and result.teacher is not None:
        session.sign_in_teacher(result.teacher)
        st.rerun()
    st.error(result.message)
