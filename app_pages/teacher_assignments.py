"""Set work: choose excerpts by genre, leaning, difficulty, kind of spin and reading grade;
set a due date. Excerpts whose key a blind second reader did not share are marked contested."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from quiz.agreement import CONTESTED_KAPPA, contested_categories
from quiz.models import Category, Excerpt, Genre, Leaning
from quiz.readability import grade_range, within
from quiz.timefmt import from_local, local_time, to_local
from quiz.ui import session
from quiz.ui.teacher import pick_class, require_teacher
from quiz.ui.text import md
from quiz.usecases import Refused, assignments, ratings, series

teacher = require_teacher()
store = session.store()
st.title("Assignments")
classroom = pick_class(teacher, key="assign_class")
zone = teacher.time_zone  # due times are typed and shown on the teacher's clock

FEEDBACK = {"immediate": "Straight after each answer", "after_due": "Only after the due date"}
KINDS = {"regular": "Regular", "pre_test": "Pre-test", "post_test": "Post-test",
         "retention_test": "Retention test"}
done = st.session_state.pop("assignment_done", None)
if done:
    st.success(md(done))
live = [a for a in store.assignments_for(classroom.id) if a.deleted_at is None]
if live:
    st.markdown("#### Already set")
for assignment in sorted(live, key=lambda a: a.created_at):
    answered = assignments.answers_to(store, assignment)
    due = f" · due {md(local_time(assignment.due, zone))}" if assignment.due else ""
    if assignment.opens_at is not None:
        due = f" · opens {md(local_time(assignment.opens_at, zone))}{due}"
    state = " · **closed**" if assignment.closed else ""
    with st.container(border=True):
        st.markdown(
            f"**{md(assignment.title)}** · {KINDS[assignment.kind]} · "
            f"{len(assignment.excerpt_ids)} excerpt(s){due} · feedback "
            f"{FEEDBACK[assignment.feedback].lower()} · {answered} answer(s){state}"
        )
        edit_col, close_col, delete_col = st.columns(3)
        with edit_col.popover("Edit"), st.form(f"edit:{assignment.id}", border=False):
            new_title = st.text_input("Title", value=assignment.title, max_chars=100)
            keep_due = st.checkbox("Due date", value=assignment.due is not None)
            when = to_local(assignment.due or dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
                            zone)
            day = st.date_input("Due day", value=when.date())
            hour = st.time_input(f"Due time ({md(zone)})", value=when.time().replace(tzinfo=None))
            new_feedback = st.radio("Feedback", list(FEEDBACK), format_func=FEEDBACK.__getitem__,
                                    index=list(FEEDBACK).index(assignment.feedback))
            if st.form_submit_button("Save changes"):
                try:
                    assignments.edit_assignment(
                        store, teacher, assignment.id, title=new_title, feedback=new_feedback,
                        due=from_local(day, hour, zone) if keep_due else None,
                    )
                except Refused as exc:
                    st.error(md(str(exc)))
                else:
                    st.session_state["assignment_done"] = f"Saved “{new_title.strip()}”."
                    st.rerun()
        label = "Reopen" if assignment.closed else "Close"
        if close_col.button(label, key=f"close:{assignment.id}",
                            help="A closed assignment takes no more answers."):
            assignments.set_closed(store, teacher, assignment.id, not assignment.closed)
            st.rerun()
        with delete_col.popover("Delete"):
            st.caption("Students no longer see it. Its answers stay in the exports."
                       if answered else "It has no answers yet.")
            sure = st.checkbox(f"Yes, delete it and keep its {answered} answer(s)",
                               key=f"sure:{assignment.id}") if answered else True
            if st.button("Delete assignment", key=f"delete:{assignment.id}", disabled=not sure):
                assignments.delete_assignment(store, teacher, assignment.id, confirmed=sure)
                st.session_state["assignment_done"] = f"Deleted “{assignment.title}”."
                st.rerun()

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
lowest, highest = grade_range(e.reading_grade for e in excerpts)
grades = st.slider(
    "Reading grade (Flesch–Kincaid: the school grade that can read it)",
    min_value=lowest, max_value=max(highest, lowest + 1), value=(lowest, max(highest, lowest + 1)),
    key="flt_grade", help="Difficulty-1 excerpts read at grade 7 or below.",
)
shown = [
    e for e in excerpts
    if (not genres or e.genre.value in genres)
    and (not leanings or e.leaning.value in leanings)
    and (not levels or e.difficulty in levels)
    and (not kinds or any(e.gold(Category(k)) for k in kinds))
    and within(e.reading_grade, *grades)
]
contested = {e.id: contested_categories(e) for e in shown}
measured = ratings.measured_levels(store)  # shown beside the authored level once known


def choice_label(e: Excerpt) -> str:
    flag = " · ⚠ contested" if contested[e.id] else ""
    level = f"level {e.difficulty}"
    if e.id in measured:
        level += f", measured {measured[e.id]:.1f}"
    return (f"{e.title} ({e.genre.label}, {e.leaning.label}, {level}, "
            f"grade {e.reading_grade:.1f}){flag}")


titles = {e.id: choice_label(e) for e in shown}
st.caption(f"{len(shown)} of {len(excerpts)} excerpts match the filters.")
if any(contested.values()):
    st.caption(
        f"⚠ contested: a second careful reader, marking it without the key, agreed with the "
        f"key less than κ {CONTESTED_KAPPA} in some kind of spin, even after review. Learners "
        "are told which spans careful readers disagree about."
    )

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
    due_time = c2.time_input(f"Due time ({md(zone)})", value=dt.time(16, 0))
    feedback = st.radio(
        "Feedback for students", list(FEEDBACK), format_func=FEEDBACK.__getitem__,
        horizontal=True,
    )
    kind = st.radio(
        "Type", list(KINDS), horizontal=True, format_func=KINDS.__getitem__,
        help="Set a pre-test and a post-test to see the class's gain per skill.",
    )
    if st.form_submit_button("Set assignment", type="primary"):
        due = from_local(due_day, due_time, zone) if has_due else None
        try:
            assignments.set_assignment(
                store, teacher, classroom.id, title=title, excerpt_ids=chosen,
                categories=[Category(c) for c in asked], due=due, feedback=feedback, kind=kind,
            )
        except Refused as exc:
            st.error(md(str(exc)))
        else:
            st.session_state["assignment_saved"] = title.strip()
            st.rerun()

st.markdown("#### Pre-test, post-test and retention test in one step")
st.caption(
    "Three tests on different excerpts, matched on difficulty (measured where answers "
    "show it, authored otherwise), kinds of spin, leaning and length, so a gain is the "
    "class's, not the texts'. Each test asks all three kinds, shows its answers after it "
    "closes, and its excerpts stay out of practice until then. The dashboard then shows "
    "the gain per skill with its effect size."
)
balance = st.session_state.pop("series_balance", None)
if balance:
    st.success("Tests set. How their excerpts compare (means per excerpt):")
    st.dataframe(balance, hide_index=True)
with st.form("test_series"):
    series_title = st.text_input("Title", max_chars=80, placeholder="e.g. Spring term",
                                 key="series_title")
    size = st.slider("Excerpts per test", 2, series.MAX_FORM_SIZE, 6, key="series_size")
    s1, s2 = st.columns(2)
    post_day = s1.date_input("Post-test opens on", value=dt.date.today() + dt.timedelta(weeks=6),
                             key="series_post_day")
    post_time = s2.time_input(f"at ({md(zone)})", value=dt.time(8, 0), key="series_post_time")
    retention = st.checkbox("Add a retention test", value=True)
    weeks = st.number_input("Weeks after the post-test", 1, 52, 4)
    days = st.number_input("Days each test stays open", 1, 60, 7)
    if st.form_submit_button("Set the three tests", type="primary"):
        try:
            made = series.set_test_series(
                store, teacher, classroom.id, title=series_title, size=size,
                post_opens=from_local(post_day, post_time, zone),
                retention_weeks=int(weeks) if retention else None, open_days=int(days),
            )
        except Refused as exc:
            st.error(md(str(exc)))
        else:
            st.session_state["series_balance"] = made.balance()
            st.rerun()
