"""Set work: choose excerpts by genre, leaning, difficulty and kind of spin; set a due date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz.models import Category, Genre, Leaning
from quiz.ui import session
from quiz.ui.teacher import pick_class, require_teacher
from quiz.ui.text import md
from quiz.usecases import Refused, teachers

teacher = require_teacher()
store = session.store()
st.title("Assignments")
classroom = pick_class(teacher, key="assign_class")

existing = sorted(store.assignments_for(classroom.id), key=lambda a: a.created_at)
if existing:
    st.markdown("#### Already set")
    for assignment in existing:
        due = f", due {assignment.due:%d %b %Y %H:%M} UTC" if assignment.due else ""
        kind = {"pre_test": " · pre-test", "post_test": " · post-test"}.get(assignment.kind, "")
        st.markdown(
            f"- **{md(assignment.title)}**: {len(assignment.excerpt_ids)} excerpt(s){due}"
            f"{kind} · feedback {assignment.feedback.replace('_', ' ')}"
        )

saved = st.session_state.pop("assignment_saved", None)
if saved:
    st.success(f"Assignment **{md(saved)}** set for {md(classroom.name)}.")

st.markdown("#### New assignment")
excerpts = [s.excerpt for s in store.excerpts()]
f1, f2, f3, f4 = st.columns(4)
genres = f1.multiselect("Genre", [g.value for g in Genre], key="flt_genre",
                        format_func=lambda v: Genre(v).label)
leanings = f2.multiselect("Leaning", [v.value for v in Leaning], key="flt_leaning",
                          format_func=lambda v: Leaning(v).label)
levels = f3.multiselect("Difficulty", [1, 2, 3], key="flt_difficulty")
kinds = f4.multiselect(
    "Has spans of", [c.value for c in Category], key="flt_category",
    format_func=lambda v: Category(v).label,
)
shown = [
    e for e in excerpts
    if (not genres or e.genre.value in genres)
    and (not leanings or e.leaning.value in leanings)
    and (not levels or e.difficulty in levels)
    and (not kinds or any(e.gold(Category(k)) for k in kinds))
]
titles = {e.id: f"{e.title} ({e.genre.label}, {e.leaning.label}, level {e.difficulty})"
          for e in shown}
st.caption(f"{len(shown)} of {len(excerpts)} excerpts match the filters.")

with st.form("new_assignment"):
    title = st.text_input("Title", max_chars=100, placeholder="e.g. Week 3: loaded words")
    chosen = st.multiselect(
        "Excerpts (in order)", list(titles), format_func=lambda i: titles[i], key="assign_pick"
    )
    asked = st.multiselect(
        "Kinds of spin to mark (leave empty for all three)", [c.value for c in Category],
        format_func=lambda v: Category(v).label,
        help="Difficulty-3 excerpts always ask for all three kinds at once.",
    )
    has_due = st.checkbox("Set a due date")
    c1, c2 = st.columns(2)
    due_day = c1.date_input("Due day", value=dt.date.today() + dt.timedelta(days=7))
    due_time = c2.time_input("Due time (UTC)", value=dt.time(16, 0))
    feedback = st.radio(
        "Feedback for students", ["immediate", "after_due"],
        format_func=lambda v: "Straight after each answer" if v == "immediate"
        else "Only after the due date",
        horizontal=True,
    )
    kind = st.radio(
        "Type", ["regular", "pre_test", "post_test"], horizontal=True,
        format_func=lambda v: {"regular": "Regular", "pre_test": "Pre-test",
                               "post_test": "Post-test"}[v],
        help="Set a pre-test and a post-test to see the class's gain per skill.",
    )
    if st.form_submit_button("Set assignment", type="primary"):
        due = dt.datetime.combine(due_day, due_time, tzinfo=dt.UTC) if has_due else None
        try:
            teachers.set_assignment(
                store, teacher, classroom.id, title=title, excerpt_ids=chosen,
                categories=[Category(c) for c in asked], due=due, feedback=feedback, kind=kind,
            )
        except Refused as exc:
            st.error(md(str(exc)))
        else:
            st.session_state["assignment_saved"] = title.strip()
            st.rerun()
