"""Spin Spotter: the entry script. It builds the pages, routes, and runs the chosen one.

Teacher pages are only in the navigation of a signed-in teacher, so a student
session cannot open them by address either; each also checks the sign-in itself.
"""

from __future__ import annotations

import streamlit as st

from quiz.ui import session

st.set_page_config(page_title="Spin Spotter", page_icon="🔎", layout="centered")
session.app_store()  # opens the data folder; the first run imports the bundled content

learner_pages = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("app_pages/practice.py", title="Practice", icon=":material/edit:"),
    st.Page("app_pages/class_quiz.py", title="Class quiz", icon=":material/groups:"),
    st.Page("app_pages/progress.py", title="My progress", icon=":material/trending_up:"),
]
teacher_pages = [
    st.Page("app_pages/teacher_sign_in.py", title="Teacher sign-in", icon=":material/key:")
]
if session.current_teacher() is not None:
    teacher_pages += [
        st.Page("app_pages/teacher_classes.py", title="Classes", icon=":material/groups:"),
        st.Page(
            "app_pages/teacher_assignments.py", title="Assignments", icon=":material/assignment:"
        ),
        st.Page("app_pages/teacher_dashboard.py", title="Dashboard", icon=":material/bar_chart:"),
        st.Page(
            "app_pages/teacher_students.py", title="Students and exports",
            icon=":material/download:",
        ),
        st.Page(
            "app_pages/teacher_authoring.py", title="Write an excerpt",
            icon=":material/edit_note:",
        ),
    ]

# One flat list: Streamlit's sectioned sidebar puts headings inside its <ul>,
# which axe-core reports as a serious list-structure violation.
st.navigation(learner_pages + teacher_pages).run()
