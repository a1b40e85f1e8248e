"""Class quiz: join with the class code and a nickname, then do the teacher's assignments."""

from __future__ import annotations

import streamlit as st

from quiz.feedback import Feedback
from quiz.learning import task_for
from quiz.records import Student
from quiz.timefmt import local_time
from quiz.ui import session
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
from quiz.usecases import Refused, learners, settings
from quiz.usecases.learners import AssignmentView

st.title("Class quiz")
store = session.store()
student = session.current_student()


def join_form() -> None:
    st.markdown(
        "Type the **class code** your teacher shows and a **nickname**. "
        "Use a nickname only: no real name, e-mail or other personal data."
    )
    with st.form("join"):
        code = st.text_input("Class code", max_chars=12, placeholder="e.g. K7PX3M")
        nickname = st.text_input("Nickname", max_chars=40)
        if not st.form_submit_button("Join the class", type="primary"):
            return
    try:
        joined = learners.join_class(store, code, nickname)
    except Refused as exc:
        st.error(md(str(exc)))
        return
    session.remember_student(joined)
    st.rerun()


if student is None or student.class_id is None:
    join_form()
    st.stop()

try:
    classroom = learners.class_of(store, student)
except Refused as exc:
    session.forget_student()
    st.error(md(str(exc)))
    st.stop()

top, leave = st.columns([4, 1])
top.markdown(f"Class **{md(classroom.name)}** · you are **{md(student.nickname)}**")
if leave.button("Leave", help="Sign out of this class on this device"):
    session.forget_student()
    st.rerun()
st.caption(
    "Bookmark this page to come back as the same student: the address holds your class key."
)

if classroom.archived:
    st.info("This class is archived: your teacher has closed it.")
    st.stop()
zone = settings.class_time_zone(store, classroom)  # due times on the teacher's clock

views = {v.assignment.id: v for v in learners.assignments_of(store, student)}
if not views:
    st.info("Your teacher has not set any work yet. Check back later.")
    st.stop()

# The options are assignment ids and their labels never change as work is done
# (progress is shown below), so the student's choice survives every submit.
labels = learners.assignment_labels([v.assignment for v in views.values()])
chosen = st.radio(
    "Your assignments", list(views), key="class_assignment",
    format_func=lambda i: md(labels[i]),  # radio labels render Markdown
)
view = views[str(chosen)]
assignment, state = view.assignment, view.state
key = f"class:{assignment.id}"
st.caption(md(view.progress(zone)))  # the due time on the teacher's clock
notice = st.session_state.pop(f"{key}:notice", None)
if notice:
    st.warning(md(notice))

# A task submitted in this session keeps its feedback until "Next" is pressed.
feedback = submitted_feedback(key)
current_id = st.session_state.get(f"{key}:excerpt")
if feedback is not None and current_id:
    excerpt_id: str | None = str(current_id)
else:
    excerpt_id = state.next_excerpt


def review(student: Student, view: AssignmentView) -> None:
    """Every answered excerpt with its feedback (or a note if feedback must wait)."""
    due = view.assignment.due
    if not view.state.feedback_visible:
        st.success(
            "All done: your answers are saved. Your teacher will open the feedback after "
            f"{md(local_time(due, zone))}."
            if due else "All done: your answers are saved."
        )
        return
    st.success(f"All done. Your average: {view.average or 0:.0f} / 100.")
    for attempt in view.mine:
        excerpt, result = learners.review(store, attempt)
        with st.expander(f"{md(excerpt.title)}: {attempt.score:.0f} / 100"):
            show_feedback(result, key=f"{key}:review:{attempt.id}")


if excerpt_id is None:
    review(student, view)
    st.stop()

if state.closed and feedback is None:
    st.warning(
        f"This assignment closed on {md(local_time(assignment.due, zone))}; "
        "answers can no longer be sent. Ask your teacher if you need more time."
    )
    st.stop()

stored = store.excerpt(excerpt_id)
excerpt = stored.excerpt
task = task_for(excerpt, assignment.categories)
position = assignment.excerpt_ids.index(excerpt_id) + 1
st.caption(f"Excerpt {position} of {len(assignment.excerpt_ids)}")
excerpt_header(excerpt)


def answer(selections: Selections) -> Feedback:
    try:
        answered = learners.answer_assignment(
            store, student, assignment.id, excerpt.id, selections, version=stored.version
        )
    except Refused as exc:  # answered elsewhere, changed, or closed: show where things stand
        forget_task(key)
        st.session_state[f"{key}:notice"] = str(exc)
        st.rerun()
    st.session_state[f"{key}:excerpt"] = excerpt.id
    return answered.feedback


if feedback is None:
    task_reminder(task)
    mark_and_submit(excerpt, task, key=key, version=stored.version, on_submit=answer)
else:
    if state.feedback_visible:
        show_feedback(feedback, key=key)
    else:
        st.success(
            "Saved. Your teacher will open the feedback after the due date"
            + (f" ({md(local_time(assignment.due, zone))})." if assignment.due else ".")
        )
    if st.button("Next", type="primary", key=f"{key}:next"):
        forget_task(key)
        st.rerun()
