"""Students and exports: gradebook and item analysis CSVs, per-student report, privacy tools."""

from __future__ import annotations

import streamlit as st

from quiz.exports import (
    gradebook_csv,
    item_analysis_csv,
    span_analysis_csv,
    student_data_json,
    student_report,
)
from quiz.reports import class_report
from quiz.ui import pages, session, trouble
from quiz.ui.teacher import pick_class, require_teacher
from quiz.ui.text import md
from quiz.usecases import Refused, roster, teachers

teacher = require_teacher()
store = session.store()
st.title("Students and exports")
classroom = pick_class(teacher, key="students_class", include_archived=True)
try:
    report = class_report(store, classroom.id)
except trouble.DAMAGED:  # the class's roster itself: nothing here can be shown
    st.error(trouble.unavailable("This class's students and exports are"))
    st.stop()
stem = "".join(ch if ch.isalnum() else "-" for ch in classroom.name).strip("-") or "class"

st.markdown("### Class exports")
st.caption(
    "CSV files in UTF-8 with a header row: the gradebook has one row per student and, per "
    "assignment, a column with the mean score (0 to 100) and one with how much was done "
    "(“1 of 2”), ready for an LMS gradebook import."
)
unreadable = [s.nickname for s in report.students if not s.readable]
if unreadable:
    st.warning(trouble.unavailable(f"The answers of {md(', '.join(unreadable))} are")
               + " The exports leave them out; you can still delete them below.")
c1, c2, c3 = st.columns(3)
c1.download_button("Gradebook (CSV)", gradebook_csv(report).encode("utf-8"),
                   file_name=f"{stem}-gradebook.csv", mime="text/csv")
c2.download_button("Item analysis (CSV)", item_analysis_csv(report).encode("utf-8"),
                   file_name=f"{stem}-items.csv", mime="text/csv")
c3.download_button("Spans found (CSV)", span_analysis_csv(report).encode("utf-8"),
                   file_name=f"{stem}-spans.csv", mime="text/csv")

students = teachers.students_of(store, teacher, classroom.id)
if not students:
    st.info(f"No students yet. They join with the code {classroom.code}.")
    st.stop()

st.markdown("### One student")
by_id = {s.id: s for s in students}
chosen = by_id[str(st.selectbox("Student", list(by_id), format_func=lambda i: by_id[i].nickname,
                                key="students_pick"))]
try:
    report_text = student_report(store, chosen.id, zone=teacher.time_zone)
    data_json = student_data_json(store, chosen.id)
except trouble.DAMAGED:  # their attempt file: the rest of the page still works
    st.warning(trouble.unavailable(f"The report and data export of {md(chosen.nickname)} are")
               + " You can still delete this student below.")
else:
    with st.expander("Report", expanded=True):
        st.text(report_text)  # plain text: a nickname is shown exactly as typed
    d1, d2 = st.columns(2)
    d1.download_button("Download report (text)", report_text.encode("utf-8"),
                       file_name=f"student-{chosen.id[:8]}-report.txt", mime="text/plain")
    d2.download_button(
        "Export all data of this student (JSON)", data_json.encode("utf-8"),
        file_name=f"student-{chosen.id[:8]}-data.json", mime="application/json",
        help="Everything Spin Spotter keeps about this student, for a data request.",
    )

st.markdown("### Return link")
st.caption(
    "The student's own way back on another day or device: bookmark it for them or hand it "
    "out on a slip. Anyone holding it can answer as this student, so keep it private."
)
class_quiz = pages.address_of(pages.CLASS_QUIZ)
st.code(roster.return_link(chosen, class_quiz), language=None, wrap_lines=True)
if st.button("Reset this student's link", key="reset_link",
             help="Gives a new link; the old one stops working (e.g. when it was shared)."):
    roster.reset_link(store, teacher, chosen.id)
    st.session_state["link_reset"] = chosen.nickname
    st.rerun()
if "link_reset" in st.session_state:
    st.success(f"New link for **{md(st.session_state.pop('link_reset'))}**: the old one no "
               "longer works.")
links = roster.return_links(store, teacher, classroom.id, class_quiz)
st.download_button(
    "Return-link slips for the whole class (print from the browser)",
    roster.slips_html(classroom.name, classroom.code, links).encode("utf-8"),
    file_name=f"{stem}-return-links.html", mime="text/html", key="slips",
)

st.markdown("### Delete this student")
st.caption("Deletes the student and every answer they gave. This cannot be undone.")
confirm = st.text_input(
    f"Type the nickname “{md(chosen.nickname)}” to confirm", key="delete_confirm"
)
if st.button("Delete student and all their answers", type="secondary",
             disabled=confirm != chosen.nickname):
    try:
        teachers.delete_student(store, teacher, chosen.id, confirm)
    except Refused as exc:
        st.error(md(str(exc)))
    else:
        st.session_state["deleted_student"] = chosen.nickname
        st.session_state.pop("delete_confirm", None)
        st.rerun()
if "deleted_student" in st.session_state:
    st.success(f"Deleted **{md(st.session_state.pop('deleted_student'))}** and all their answers.")
