"""Dashboard: what the class can and cannot spot yet, down to the phrases."""

from __future__ import annotations

import altair as alt
import streamlit as st

from quiz.exports import unique_titles
from quiz.models import Category
from quiz.reports import class_report, table
from quiz.timefmt import local_time, zone
from quiz.ui import measures, session, trouble
from quiz.ui.discernment_view import show_students, show_trend
from quiz.ui.tables import frame
from quiz.ui.teacher import pick_class, require_teacher
from quiz.ui.text import md
from quiz.usecases import ratings

teacher = require_teacher()
store = session.store()
st.title("Dashboard")
classroom = pick_class(teacher, key="dash_class", include_archived=True)
KIND_NOTES = {"regular": "", "pre_test": " (pre-test)", "post_test": " (post-test)",
              "retention_test": " (retention test)"}
try:
    # One assignment's answers only, or the whole class's work: a pre-test's
    # figures never change when its excerpts are set again in other work.
    work = store.assignments_for(classroom.id)
    names = unique_titles(a.title for a in work)
    views: dict[str, str] = {"": "All assignments together"} | {
        a.id: name + KIND_NOTES[a.kind] + (" (deleted)" if a.deleted_at else "")
        for a, name in zip(work, names, strict=True)
    }
    view = str(st.selectbox("Show", list(views), format_func=views.__getitem__,
                            key=f"dash_view:{classroom.id}"))
    report = class_report(store, classroom.id, tz=zone(teacher.time_zone),
                          assignment_id=view or None)
except trouble.DAMAGED:
    st.error(trouble.unavailable("This class's dashboard is"))
    st.stop()
WORDS_PER_LINE = 12  # the heat map lays the excerpt out as a grid of words

if not report.students:
    st.info(f"No students in this class yet. They join with the code {classroom.code}.")
    st.stop()
answered = [s for s in report.students if s.excerpts]
st.markdown(f"{len(report.students)} student(s); {len(answered)} have answered something.")
unreadable = [s.nickname for s in report.students if not s.readable]
if unreadable:
    st.warning(trouble.unavailable(f"The answers of {md(', '.join(unreadable))} are")
               + " The figures below leave them out.")
if not answered:
    st.info("No answers yet. Set an assignment and check back once students have submitted.")
    st.stop()

st.markdown("### Telling spin from plain text")
st.caption(
    "Did the class get better at telling spin from plain text, or just more suspicious? "
    "d′ (across) grows when students find more spin without marking more plain words; "
    "c (up) falls when they mark more of everything. Telling spin apart, 0 to 100: the "
    "share of the spin found minus the share of plain words marked; marking every word, "
    "or none, gets 0."
)
show_trend(report.trend)
show_students(report.detection)
measures.show_gains(report.gains)  # the same question, with effect sizes: see GAIN_HELP

st.markdown("### Class averages per skill")
averages = st.columns(len(report.category_averages) or 1)
for column, row in zip(averages, report.category_averages, strict=False):
    column.metric(row.category.label, f"{100 * row.f1:.0f}",
                  help=f"precision {row.precision:.0%}, recall {row.recall:.0%}, "
                  f"{row.students} student(s)")

st.markdown("### Students")
# st.dataframe shows every value as text: a nickname is never rendered as HTML.
skill_scores = {
    (r.student_id, r.category): round(100 * r.f1, 1) for r in report.student_categories
}
# One assignment's view says how much of it each student did: 100 on 1 of 2 is not 100.
done = {g.student_id: g.completion for g in report.grades} if report.assignment_id else {}
telling = {d.student_id: d.now.discernment for d in report.detection}
st.dataframe(
    frame([
        {"Nickname": s.nickname + ("" if s.readable else " (answers unavailable)"),
         **({"Done": done.get(s.student_id)} if done else {}),
         "Excerpts": s.excerpts,
         "Telling spin apart": None if telling.get(s.student_id) is None
         else round(telling[s.student_id] or 0),
         "Score": None if s.score is None else round(s.score, 1),
         **{c.label: skill_scores.get((s.student_id, c)) for c in Category},
         "Last answer": local_time(s.last_submitted, teacher.time_zone)}
        for s in report.students
    ]),
    hide_index=True,
)
with st.expander("Precision and recall per student and skill"):
    st.caption(
        "Precision: how many of the student's marks were right. Recall: how much of what "
        "was there they found. Low precision means over-marking; low recall, missing spin."
    )
    st.dataframe(
        frame([
            {"Nickname": r.nickname, "Skill": r.category.label, "Answers": r.answers,
             "Precision": round(100 * r.precision), "Recall": round(100 * r.recall),
             "Score": round(100 * r.f1)}
            for r in report.student_categories
        ]),
        hide_index=True,
    )

if report.pre_post is not None:
    st.markdown("### Pre-test to post-test gain")
    st.dataframe(
        frame([
            {"Skill": g.category.label, "Students": g.students,
             "Pre-test": round(100 * g.pre_f1), "Post-test": round(100 * g.post_f1),
             "Gain": round(100 * g.gain)}
            for g in report.pre_post.rows
        ]),
        hide_index=True,
    )

if report.progress:
    st.markdown("### Progress over time")
    points = [{**p, "period_start": str(p["period_start"])} for p in table(report.progress)]
    st.altair_chart(
        alt.Chart(alt.Data(values=points)).mark_line(point=True).encode(
            x=alt.X("period_start:T", title="Week"),
            y=alt.Y("mean_score:Q", title="Mean score", scale=alt.Scale(domain=[0, 100])),
            tooltip=["period_start:T", "mean_score:Q", "attempts:Q", "students:Q"],
        ),
        width="stretch", alt="Line chart of the class's mean score per week.",
    )

st.markdown("### Item analysis")
st.caption(
    "Facility: the average score on the excerpt (0 to 1; low = hard). Discrimination: how "
    "well the excerpt separates students who do well overall from those who do not "
    "(correlation with the rest of the test; below 0.2 is weak, negative needs a look)."
)
st.dataframe(
    frame([
        {"Excerpt": i.title, "Students": i.students,
         "Facility": None if i.facility is None else round(i.facility, 2),
         "Discrimination": None if i.discrimination is None else round(i.discrimination, 2)}
        for i in report.items
    ]),
    hide_index=True,
)

if report.quality is not None:
    measures.show_quality(report.quality)
elif report.assignments:
    st.caption("Choose one assignment under “Show” to see how reliable it is as a test.")
measures.show_difficulties(ratings.measured_difficulties(store))

if not report.assignment_id and report.assignments:
    with st.expander("Gradebook: score and how much of each assignment was done"):
        cells = {(g.student_id, g.assignment_id): g for g in report.grades}
        headings = dict(zip((a.assignment_id for a in report.assignments),
                            unique_titles(a.title for a in report.assignments), strict=True))
        grade_rows: list[dict[str, object]] = []
        for s in report.students:
            row: dict[str, object] = {"Nickname": s.nickname}
            for a in report.assignments:
                cell, heading = cells[s.student_id, a.assignment_id], headings[a.assignment_id]
                row[heading] = None if cell.score is None else round(cell.score, 1)
                row[f"{heading} (done)"] = cell.completion
            grade_rows.append(row)
        st.dataframe(frame(grade_rows), hide_index=True)

titles = {i.excerpt_id: i.title for i in report.items}
chosen = st.selectbox("Look closer at one excerpt", list(titles), format_func=lambda i: titles[i],
                      key="dash_excerpt")
spans = [s for s in report.spans if s.excerpt_id == chosen]
if spans:
    st.markdown("**Spans and the share of students who found them** (lowest first)")
    st.dataframe(
        frame([
            {"Span": s.quote, "Kind": s.category.label, "Students": s.students,
             "Found": f"{s.share_found:.0%}", "Partly found": s.partly_found}
            for s in sorted(spans, key=lambda s: s.share_found)
        ]),
        hide_index=True,
    )
alarms = sorted((a for a in report.false_alarms if a.excerpt_id == chosen),
                key=lambda a: -a.students)
if alarms:
    st.markdown("**Most common false alarms**")
    st.dataframe(
        [{"Marked": a.example, "As": a.category.label, "Students": a.students,
          "Right place, wrong kind: the key calls it":
          a.key_category.label if a.key_category else ""}
         for a in alarms[:10]],
        hide_index=True,
    )
heat = report.heat_map(chosen)
if heat is not None:
    st.markdown(f"**Heat map:** how many of {heat.students} student(s) marked each word")
    kinds: dict[str, Category | None] = {"Any kind": None} | {c.label: c for c in Category}
    kind = kinds[st.radio("Marks of", list(kinds), horizontal=True, key="dash_heat_kind")]
    cells = [
        {"line": t.index // WORDS_PER_LINE, "column": t.index % WORDS_PER_LINE, "text": t.text,
         "students": t.total if kind is None else t.by_category.get(kind, 0)}
        for t in heat.tokens
    ]
    base = alt.Chart(alt.Data(values=cells)).encode(
        x=alt.X("column:O", axis=None), y=alt.Y("line:O", axis=None),
    )
    st.altair_chart(
        base.mark_rect().encode(
            color=alt.Color("students:Q", title="Students", scale=alt.Scale(scheme="blues")),
            tooltip=["text:N", "students:Q"],
        ) + base.mark_text(fontSize=11).encode(
            text="text:N",
            color=alt.condition("datum.students > 0", alt.value("black"), alt.value("#555")),
        ),
        width="stretch",
        alt="Heat map of the excerpt's words; each cell shows a word and how many students "
        "marked it.",
    )
    st.dataframe(
        [{"Word": t.text, "Students": t.total} for t in heat.tokens if t.total],
        hide_index=True,
    )
