"""The authoring page's last steps: save a draft, publish it, and the teacher's drafts.

A saved excerpt is a draft that only its author sees; practice and assignments
use it once the author publishes it (:mod:`quiz.usecases.authoring`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from quiz.authoring import entry_json
from quiz.draft import describe
from quiz.models import Excerpt
from quiz.records import ExcerptDraft, Teacher
from quiz.storage import Store
from quiz.ui.text import md
from quiz.usecases import Refused
from quiz.usecases.authoring import discard, publish, save_draft

state = st.session_state


def save_section(
    entry: Mapping[str, Any], kept_rows: Sequence[int], rows: Sequence[Mapping[str, object]],
    folder: Path, store: Store, teacher: Teacher,
) -> None:
    """"Save draft": validate and keep the draft, or list what to fix."""
    if not st.button("Check and save as a draft", type="primary", key="author_save"):
        return
    saved, problems = save_draft(entry, folder, store, teacher.id)
    if saved is None:
        st.error(f"Not saved: {len(problems)} problem(s) to fix.")
        for problem in problems:
            st.error(md(describe(problem, kept_rows, rows)))
        return
    st.success(f"Saved “{md(saved.title)}” ({md(saved.id)}) as a draft. Only you see it: check "
               "the preview, then **Publish** it below to use it in practice and assignments.")
    _download(saved, "author_download")


def drafts_section(
    store: Store, teacher: Teacher, folder: Path, edit: Callable[[Excerpt, str], None]
) -> None:
    """The teacher's drafts, each to publish, edit or discard."""
    notice = state.pop("author_draft_notice", None)
    if notice:
        getattr(st, notice[0])(md(notice[1]))
    drafts = store.drafts(teacher.id)
    if not drafts:
        st.caption("You have no unpublished drafts.")
        return
    st.caption("Only you see these. Publishing one lets learners practise on it and lets "
               "teachers set it in assignments.")
    for draft in drafts:
        _draft_row(draft, store, teacher, folder, edit)


def _draft_row(
    draft: ExcerptDraft, store: Store, teacher: Teacher, folder: Path,
    edit: Callable[[Excerpt, str], None],
) -> None:
    excerpt = draft.excerpt
    with st.container(border=True):
        about, act = st.columns([3, 2], vertical_alignment="center")
        about.markdown(
            f"**{md(excerpt.title)}** ({md(excerpt.id)}) · {excerpt.genre.label}, "
            f"{excerpt.leaning.label}, difficulty {excerpt.difficulty} · "
            f"{len(excerpt.spans)} span(s) · saved {draft.saved_at:%d %b %Y}"
        )
        publish_at, edit_at, drop_at = act.columns(3)
        publish_at.button("Publish", key=f"author_publish_{excerpt.id}", type="primary",
                          on_click=_publish, args=(excerpt, store, teacher, folder))
        edit_at.button("Edit", key=f"author_edit_{excerpt.id}", on_click=edit,
                       args=(excerpt, f"Editing your draft “{excerpt.title}”. Save it again "
                                      "to keep your changes."))
        drop_at.button("Discard", key=f"author_discard_{excerpt.id}",
                       on_click=_discard, args=(excerpt, store, teacher, folder))


def _publish(excerpt: Excerpt, store: Store, teacher: Teacher, folder: Path) -> None:
    try:
        stored = publish(excerpt.id, teacher.id, folder, store)
    except Refused as exc:
        state["author_draft_notice"] = ("error", str(exc))
        return
    state["author_draft_notice"] = (
        "success", f"Published “{excerpt.title}” (version {stored.version}): learners can "
                   "practise on it, and it can be set in assignments.")


def _discard(excerpt: Excerpt, store: Store, teacher: Teacher, folder: Path) -> None:
    try:
        discard(excerpt.id, teacher.id, folder, store)
    except Refused as exc:
        state["author_draft_notice"] = ("error", str(exc))
        return
    state["author_draft_notice"] = ("info", f"Discarded the draft “{excerpt.title}”.")


def _download(excerpt: Excerpt, key: str) -> None:
    st.download_button("Download its content file", entry_json(excerpt),
                       file_name=f"{excerpt.id}.json", mime="application/json",
                       key=key, on_click="ignore")
