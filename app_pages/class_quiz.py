"""Class quiz: join with the class code and a nickname, then do the teacher's assignments."""

from __future__ import annotations

import streamlit as st

from quiz.feedback import Feedback, build_feedback
from quiz.learning import assignment_state, attempt_from, task_for
from quiz.records import Assignment, Student, new_id, utcnow
from quiz.storage import Conflict, NotFound
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
    if not code.strip() or not nickname.strip():
        st.error("Type both the class code and a nickname.")
        return
    classroom = store.class_by_code(code)
    if classroom is None:
        st.error(
            f"No class has the code “{md(code.strip())}”. Check it on the board: codes have "
            "6 letters and digits, and never use O, I or L (they look like 0 and 1)."
        )
        return
    try:
        joined = store.join_class(classroom.id, nickname)
    except Conflict:
        st.error("This class is archived and takes no new work. Ask your teacher.")
        return
    session.remember_student(joined)
    st.rerun()


if student is None or student.class_id is None:
    join_form()
    st.stop()

try:
    classroom = store.get_class(student.class_id)
except NotFound:
    session.forget_student()
    st.error("Your class no longer exists. Join again with a new code.")
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

assignments = sorted(store.assignments_for(classroom.id), key=lambda a: a.created_at)
if not assignments:
    st.info("Your teacher has not set any work yet. Check back later.")
    st.stop()

now = utcnow()
attempts = store.attempts_for_student(student.id)


def label(assignment: Assignment) -> str:
    state = assignment_state(assignment, attempts, now)
    count = f"{len(state.done)} of {len(assignment.excerpt_ids)} done"
    due = f" · due {assignment.due:%d %b %Y, %H:%M} UTC" if assignment.due else ""
    closed = " · closed" if state.closed and not state.finished else ""
    return f"{assignment.title} ({count}{due}{closed})"


by_id = {a.id: a for a in assignments}
chosen = st.radio(
    "Your assignments", list(by_id), key="class_assignment",
    format_func=lambda i: md(label(by_id[i])),  # radio labels render Markdown
)
assignment = by_id[str(chosen)]
state = assignment_state(assignment, attempts, now)
key = f"class:{assignment.id}"

# A task submitted in this session keeps its feedback until "Next" is pressed.
feedback = submitted_feedback(key)
current_id = st.session_state.get(f"{key}:excerpt")
if feedback is not None and current_id:
    excerpt_id: str | None = str(current_id)
else:
    excerpt_id = state.next_excerpt


def review(student: Student) -> None:
    """Every answered excerpt with its feedback (or a note if feedback must wait)."""
    mine = [a for a in attempts if a.assignment_id == assignment.id]
    if not state.feedback_visible:
        st.success(
            "All done: your answers are saved. Your teacher will open the feedback after "
            f"{assignment.due:%d %b %Y, %H:%M} UTC."
            if assignment.due else "All done: your answers are saved."
        )
        return
    st.success(f"All done. Your average: {sum(a.score for a in mine) / len(mine):.0f} / 100.")
    for attempt in sorted(mine, key=lambda a: assignment.excerpt_ids.index(a.excerpt_id)):
        excerpt = store.excerpt(attempt.excerpt_id, attempt.excerpt_version).excerpt
        with st.expander(f"{md(excerpt.title)}: {attempt.score:.0f} / 100"):
            show_feedback(
                build_feedback(excerpt, attempt.selections, attempt.categories),
                key=f"{key}:review:{attempt.id}",
            )


if excerpt_id is None:
    review(student)
    st.stop()

if state.closed and feedback is None:
    st.warning(
        f"This assignment closed on {assignment.due:%d %b %Y, %H:%M} UTC; "
        "answers can no longer be sent. Ask your teacher if you need more time."
    )
    st.stop()

stored = store.excerpt(excerpt_id)
excerpt = stored.excerpt
task = task_for(excerpt, assignment.categories)
position = assignment.excerpt_ids.index(excerpt_id) + 1
st.caption(f"Excerpt {position} of {len(assignment.excerpt_ids)}")
excerpt_header(excerpt)


def save(result: Feedback, selections: Selections) -> None:
    # One attempt id per (assignment, excerpt) in this session: a double click or
    # a retry after a network hiccup stores the answer once.
    attempt_id = st.session_state.setdefault(f"{key}:attempt:{excerpt.id}", new_id())
    store.record_attempt(
        attempt_from(
            result, selections, student_id=student.id, excerpt_version=stored.version,
            class_id=classroom.id, assignment_id=assignment.id, attempt_id=attempt_id,
        )
    )
    st.session_state[f"{key}:excerpt"] = excerpt.id


if feedback is None:
    task_reminder(task)
    mark_and_submit(excerpt, task, key=key, on_submit=save)
else:
    if state.feedback_visible:
        show_feedback(feedback, key=key)
    else:
        st.success(
            "Saved. Your teacher will open the feedback after the due date"
            + (f" ({assignment.due:%d %b %Y, %H:%M} UTC)." if assignment.due else ".")
        )
    if st.button("Next", type="primary", key=f"{key}:next"):
        forget_task(key)
        st.rerun()
