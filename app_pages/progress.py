"""My progress: skill per kind of spin, scores over time, streak."""

from __future__ import annotations

import altair as alt
import streamlit as st

from quiz.habits import MIN_EXCERPTS
from quiz.learning import progress
from quiz.records import utcnow
from quiz.ui import pages, session
from quiz.ui.text import md
from quiz.usecases import discernment, learners

st.title("My progress")
student = session.current_student()
attempts = learners.practice_history(
    session.store(), student, st.session_state.get("practice_history", [])
)
if student is not None:
    st.markdown(f"Progress of **{md(student.nickname)}**.")
else:
    st.caption(
        "You have no nickname yet, so this shows this visit only. Choose one on the "
        "Practice page to keep your progress."
    )

if not attempts:
    st.info("Nothing yet: practise an excerpt or two and your progress shows up here.")
    st.page_link(pages.PRACTICE, label="Start practising", icon=":material/edit:")
    st.stop()

summary = progress(attempts, utcnow().date())
columns = st.columns(len(summary.skill))
for column, (category, skill) in zip(columns, summary.skill.items(), strict=True):
    column.metric(category.plural_label, "not tried" if skill is None else f"{skill:.0%}")
st.caption(
    "Skill is your average score, out of 100%, over your last 10 tries of each kind: it grows "
    "when you find more of the spin and when fewer of your marks are false alarms."
)
st.markdown("#### How you mark")
habits = discernment.marking_habits(session.store(), attempts)
for habit in habits:
    st.markdown(f"**{habit.category.plural_label}.** {md(habit.sentence)}")
if len(habits) < 3:
    st.caption(
        f"After {MIN_EXCERPTS} excerpts of a kind of spin, this says what you do well and "
        "what to change: fewer than that, and one text's luck would decide it."
    )
left, right = st.columns(2)
left.metric("Excerpts done", summary.attempts)
right.metric("Streak", f"{summary.streak_days} day(s)")

rows = [
    {"time": a.submitted_at.isoformat(), "kind": c.plural_label, "score": round(100 * f.f1)}
    for a in attempts
    for c, f in a.figures.items()
]
chart = (
    alt.Chart(alt.Data(values=rows), title="Your scores over time")
    .mark_line(point=True)
    .encode(
        x=alt.X("time:T", title="When"),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0 to 100)"),
        color=alt.Color("kind:N", title="Kind of spin"),
        strokeDash=alt.StrokeDash("kind:N", title="Kind of spin"),  # not colour alone
        shape=alt.Shape("kind:N", title="Kind of spin"),
        tooltip=[
            alt.Tooltip("time:T", title="When", format="%d %b %Y, %H:%M"),
            alt.Tooltip("kind:N", title="Kind of spin"),
            alt.Tooltip("score:Q", title="Score (0 to 100)", format="d"),
        ],
    )
)
st.altair_chart(
    chart, width="stretch",
    alt=f"Line chart of your scores over time, one line per kind of spin ({len(rows)} points).",
)
