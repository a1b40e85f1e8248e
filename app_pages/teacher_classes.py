"""Your classes: create one, show its join code, rename or archive it."""

from __future__ import annotations

import html

import streamlit as st

from quiz.timefmt import zone_names
from quiz.ui import session, trouble
from quiz.ui.teacher import require_teacher
from quiz.ui.text import md
from quiz.usecases import Refused, settings, teachers

teacher = require_teacher()
store = session.store()
st.title("Your classes")

with st.expander(f"Your time zone: {md(teacher.time_zone)}"):
    zones = list(zone_names())
    zone = st.selectbox(
        "Time zone", zones, index=zones.index(teacher.time_zone) if teacher.time_zone in zones
        else 0, key="settings_time_zone",
        help="Due times, answer times and exports are shown on this clock, and your "
        "students see due times on it too.",
    )
    if zone != teacher.time_zone:
        try:
            teacher = settings.set_time_zone(store, teacher, str(zone))
        except Refused as exc:
            st.error(md(str(exc)))
        else:
            st.success(f"Times are now shown in {md(teacher.time_zone)}.")

with st.form("new_class", clear_on_submit=True):
    name = st.text_input("New class name", max_chars=80, placeholder="e.g. 8B Media studies")
    if st.form_submit_button("Create class", type="primary"):
        try:
            created = teachers.create_class(store, teacher, name)
        except Refused as exc:
            st.error(md(str(exc)))
        else:
            st.session_state["projector_class"] = created.id
            st.success(f"Class **{md(created.name)}** created. Its join code is {created.code}.")

classes = teachers.classes_of(store, teacher)
if not classes:
    st.info("No classes yet: create one above, then show its code to your students.")
    st.stop()

for classroom in classes:
    count: str | None
    try:
        count = f"{len(store.students_in(classroom.id))} student(s)"
    except trouble.DAMAGED:  # this class's roster file: the other classes still show
        count = None
    with st.container(border=True):
        title = md(classroom.name) + (" (archived)" if classroom.archived else "")
        st.markdown(f"### {title}")
        st.markdown(f"Join code **{classroom.code}** · {count or 'students unavailable'}")
        if count is None:
            st.warning(trouble.unavailable("This class's students and assignments are"))
        show, rename_col, archive_col = st.columns(3)
        if show.button("Show code for the projector", key=f"show:{classroom.id}"):
            st.session_state["projector_class"] = classroom.id
        with rename_col.popover("Rename"):
            new_name = st.text_input("New name", value=classroom.name, key=f"name:{classroom.id}")
            if st.button("Save name", key=f"rename:{classroom.id}") and new_name.strip():
                teachers.rename_class(store, teacher, classroom.id, new_name)
                st.rerun()
        label = "Unarchive" if classroom.archived else "Archive"
        if archive_col.button(label, key=f"archive:{classroom.id}"):
            teachers.set_archived(store, teacher, classroom.id, not classroom.archived)
            st.rerun()
        if st.session_state.get("projector_class") == classroom.id:
            # The code uses a fixed alphabet (no 0/O, 1/I/L); escaped all the same.
            st.html(
                '<div role="img" aria-label="Join code '
                f'{html.escape(" ".join(classroom.code))}" style="font-size:6rem;'
                "font-weight:700;letter-spacing:0.3em;text-align:center;"
                f'font-family:monospace">{html.escape(classroom.code)}</div>'
            )
            st.caption("Students open Spin Spotter, choose **Class quiz** and type this code.")
