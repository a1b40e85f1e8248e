"""Shared pieces of the teacher pages: the sign-in guard and the class picker."""

from __future__ import annotations

import streamlit as st

from quiz.records import Classroom, Teacher
from quiz.ui import pages, session
from quiz.usecases import teachers


def require_teacher() -> Teacher:
    """The signed-in teacher; any other visitor gets a message and the page stops."""
    teacher = session.current_teacher()
    if teacher is None:
        st.error("This page is for teachers. Please sign in first.")
        st.page_link(pages.TEACHER_SIGN_IN, label="Teacher sign-in", icon=":material/key:")
        st.stop()
    return teacher


def pick_class(teacher: Teacher, *, key: str, include_archived: bool = False) -> Classroom:
    """A select box of the teacher's own classes; stops the page when there are none."""
    classes = teachers.classes_of(session.store(), teacher, include_archived=include_archived)
    if not classes:
        st.info("You have no classes yet.")
        st.page_link(
            pages.TEACHER_CLASSES, label="Create a class", icon=":material/groups:"
        )
        st.stop()
    by_id = {c.id: c for c in classes}
    chosen = st.selectbox(
        "Class", list(by_id), key=key,
        format_func=lambda i: by_id[i].name + (" (archived)" if by_id[i].archived else ""),
    )
    return by_id[str(chosen)]
