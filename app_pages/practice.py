"""Practice on your own: pick a kind of spin and a difficulty, or let the app choose."""

from __future__ import annotations

import random

import streamlit as st

from quiz.feedback import Feedback
from quiz.learning import progress, task_for
from quiz.models import Category
from quiz.records import Attempt, utcnow
from quiz.ui import session
from quiz.ui.draft_url import decode_task, encode_task
from quiz.ui.task_view import (
    Selections,
    excerpt_header,
    forget_task,
    mark_and_submit,
    show_feedback,
    submitted_feedback,
    task_reminder,
)
from quiz.ui.text import md
from quiz.usecases import Refused, learners

KEY = "practice"
TASK_PARAM = "excerpt"
ANY = "Let the app choose"

st.title("Practice")
session.excerpts_or_stop()  # stops the page with a message when there is no content
store = session.store()
student = session.current_student()
if student is not None and student.class_id is not None:
    student = None  # a class member practising: keep practice apart from class work

# Practice without a nickname is kept for this visit only.
unsaved: list[Attempt] = st.session_state.setdefault("practice_history", [])
history = learners.practice_history(store, student, unsaved)

if student is None and unsaved:
    st.warning(
        f"Your {len(unsaved)} answer(s) so far are kept only in this tab: reloading or closing "
        "it, or coming back another day, loses them. To keep them, choose a nickname "
        "(“Keep my progress across visits”)."
    )
if student is None and not st.session_state.get("practice_nickname_open"):
    # The form is shown on request: every rerun (each click on a word) skips it.
    st.button(
        "Keep my progress across visits", key="practice_keep",
        on_click=lambda: st.session_state.update(practice_nickname_open=True),
    )
elif student is None:
    with st.container(border=True):
        st.caption("Choose a nickname. No real name, e-mail or other personal data is needed.")
        with st.form("nickname", enter_to_submit=True, border=False):
            nickname = st.text_input("Nickname", max_chars=40)
            if st.form_submit_button("Save my progress"):
                try:
                    learner = learners.keep_progress(store, nickname, unsaved)
                except Refused as exc:
                    st.error(md(str(exc)))
                else:
                    st.session_state["practice_history"] = []
                    session.remember_student(learner)
                    st.rerun()
else:
    st.markdown(
        f"Practising as **{md(student.nickname)}**. Bookmark this page to come back "
        "to your progress: the address holds your practice key."
    )

choice_labels = {ANY: None} | {c.plural_label: c for c in Category}
LEVELS = {"Any": None, "1 (easy)": 1, "2 (medium)": 2, "3 (hard: all kinds at once)": 3}


def pick() -> None:
    """Choose the next excerpt for the filters and the learner's weak spots."""
    forget_task(KEY)
    task = learners.next_practice(
        store, history, category=choice_labels[st.session_state["practice_category"]],
        difficulty=LEVELS[st.session_state["practice_difficulty"]], rng=random.Random(),
    )
    if task is None:
        st.session_state.pop("practice_task", None)
        st.query_params.pop(TASK_PARAM, None)
        st.session_state["practice_none"] = True
        return
    st.session_state.pop("practice_none", None)
    st.session_state["practice_task"] = (task.excerpt_id, task.categories)
    st.query_params[TASK_PARAM] = encode_task(task.excerpt_id, task.categories)


left, right = st.columns(2)
# A new choice of filter brings an excerpt that matches it.
left.selectbox("Kind of spin", list(choice_labels), key="practice_category", on_change=pick)
right.selectbox("Difficulty", list(LEVELS), key="practice_difficulty", on_change=pick)

if "practice_task" not in st.session_state and "practice_none" not in st.session_state:
    # A reload (or a restart) shows the excerpt the address names, marks and all.
    shown = decode_task(st.query_params.get(TASK_PARAM, ""))
    task = learners.resume_practice(store, *shown) if shown else None
    if task is not None:
        st.session_state["practice_task"] = (task.excerpt_id, task.categories)
    else:
        pick()
if st.button("New excerpt", key="practice_new"):
    pick()

if st.session_state.get("practice_none"):
    st.info("No excerpt matches that choice. Try another difficulty or kind of spin.")
    st.stop()

excerpt_id, categories = st.session_state["practice_task"]
stored = store.excerpt(excerpt_id)
excerpt = stored.excerpt
task = task_for(excerpt, list(categories))
excerpt_header(excerpt)


def answer(selections: Selections) -> Feedback:
    try:
        answered = learners.answer_practice(
            store, student, excerpt.id, task.categories, selections
        )
    except Refused as exc:
        st.error(md(str(exc)))
        st.stop()
    if student is None:
        unsaved.append(answered.attempt)
    return answered.feedback


feedback = submitted_feedback(KEY)
if feedback is None:
    task_reminder(task)
    mark_and_submit(excerpt, task, key=KEY, version=stored.version, on_submit=answer)
else:
    show_feedback(feedback, key=KEY)
    if st.button("Next excerpt", type="primary", key="practice_next"):
        pick()
        st.rerun()

summary = progress(history, utcnow().date())
if summary.attempts:
    skills = ", ".join(
        f"{c.plural} {v:.0%}" for c, v in summary.skill.items() if v is not None
    )
    st.caption(
        f"{summary.attempts} excerpt(s) practised; skill so far: {skills}. "
        f"Streak: {summary.streak_days} day(s). See **My progress** for the chart."
    )
