"""The app's pages, by file: one table for the router and every link between pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOME = "app_pages/home.py"
PRACTICE = "app_pages/practice.py"
CLASS_QUIZ = "app_pages/class_quiz.py"
PROGRESS = "app_pages/progress.py"
TEACHER_SIGN_IN = "app_pages/teacher_sign_in.py"
TEACHER_CLASSES = "app_pages/teacher_classes.py"
TEACHER_ASSIGNMENTS = "app_pages/teacher_assignments.py"
TEACHER_DASHBOARD = "app_pages/teacher_dashboard.py"
TEACHER_STUDENTS = "app_pages/teacher_students.py"
TEACHER_AUTHORING = "app_pages/teacher_authoring.py"
TEACHER_SECOND_READING = "app_pages/teacher_second_reading.py"


# (file, title, icon) in navigation order; teacher pages after the sign-in one.
LEARNER_PAGES: list[tuple[str, str, str]] = [
    (HOME, "Home", ":material/home:"),
    (PRACTICE, "Practice", ":material/edit:"),
    (CLASS_QUIZ, "Class quiz", ":material/groups:"),
    (PROGRESS, "My progress", ":material/trending_up:"),
    (TEACHER_SIGN_IN, "Teacher sign-in", ":material/key:"),
]
TEACHER_PAGES: list[tuple[str, str, str]] = [
    (TEACHER_CLASSES, "Classes", ":material/groups:"),
    (TEACHER_ASSIGNMENTS, "Assignments", ":material/assignment:"),
    (TEACHER_DASHBOARD, "Dashboard", ":material/bar_chart:"),
    (TEACHER_STUDENTS, "Students and exports", ":material/download:"),
    (TEACHER_AUTHORING, "Write an excerpt", ":material/edit_note:"),
    (TEACHER_SECOND_READING, "Read an excerpt blind", ":material/rate_review:"),
]


def address_of(page: str) -> str:
    """The full address of one of the pages, as the browser reaches this server."""
    import streamlit as st  # only here: the table above is plain data

    here = urlsplit(st.context.url or "http://localhost:8501/")
    folder = here.path.rsplit("/", 1)[0]
    return urlunsplit((here.scheme, here.netloc, f"{folder}/{Path(page).stem}", "", ""))
