"""Write an excerpt: paste or upload a text, mark its spans one at a time, preview, save, publish.

The draft lives in session state: the text box, the metadata widgets (genre,
leaning and difficulty start unchosen) and the spans (``quiz.ui.authoring_spans``:
one span at a time beside the text, suggestions to accept or reject). Saving
validates with the rules of ``python -m quiz validate``, writes
``<data>/authored/<id>.json`` and keeps the excerpt as the teacher's draft;
learners see it only once the teacher publishes it (``quiz.ui.authoring_drafts``).
"""

from __future__ import annotations

import streamlit as st

from quiz import config
from quiz.authoring import entry_json, excerpt_to_entry
from quiz.content import build_excerpt
from quiz.draft import draft_entry, excerpt_rows
from quiz.learning import task_for
from quiz.models import PRACTICE_SOURCE, Excerpt, Genre, Leaning, slugify
from quiz.source_text import (
    KEEP_WORDS,
    MAX_UPLOAD_BYTES,
    MIN_KEEP_WORDS,
    UPLOAD_TYPES,
    SourceError,
    guard_text,
    read_upload,
)
from quiz.text import tokenize, word_count
from quiz.ui import session
from quiz.ui.authoring_drafts import drafts_section, save_section
from quiz.ui.authoring_spans import set_rows, spans_section, suggest_button
from quiz.ui.span_picker import span_picker
from quiz.ui.task_view import excerpt_header, show_answer_key, task_reminder
from quiz.ui.teacher import require_teacher
from quiz.ui.text import md
from quiz.usecases.authoring import import_file

AUTHORED = "authored"
META_KEYS = {name: f"author_{name}" for name in (
    "title", "id", "source", "url", "published", "genre", "leaning", "difficulty", "pair")}

teacher = require_teacher()
store = session.store()
folder = config.data_dir() / AUTHORED
state = st.session_state
state.setdefault("author_text", "")
state.setdefault("author_published", None)


def set_notice(kind: str | None, message: str = "") -> None:
    state["author_notice"] = (kind, message) if kind else None


def take_text(raw: str) -> None:
    """Put a pasted or uploaded article in the text box, cut to an excerpt if long."""
    try:
        source = guard_text(raw)
    except SourceError as exc:
        state["author_text"] = ""
        set_notice("error", f"Not used: {exc}")
        return
    state["author_text"] = source.text
    set_notice("warning" if source.notice else None, source.notice or "")


def on_upload() -> None:
    uploaded = state.get("author_upload")
    if uploaded is None:
        return
    try:
        take_text(read_upload(uploaded.name, uploaded.getvalue()))
    except SourceError as exc:
        set_notice("error", str(exc))


def on_paste() -> None:
    take_text(state["author_text"])


def on_import() -> None:
    shared = state.get("author_import_file")
    if shared is not None:
        state["author_imported"] = import_file(
            shared.name, shared.getvalue(), folder, store, teacher.id)


def load_excerpt(excerpt: Excerpt, message: str) -> None:
    """Fill the form with an excerpt (a draft to edit, or a copy of a stored one)."""
    entry = excerpt_to_entry(excerpt)
    state["author_text"] = excerpt.text
    for name, key in META_KEYS.items():
        state[key] = entry.get(name, "" if name not in ("genre", "leaning", "difficulty") else None)
    state["author_published"] = excerpt.published
    set_rows(excerpt_rows(excerpt))
    state.pop("author_suggested", None)
    set_notice("info", message)


st.title("Write an excerpt")
st.caption(
    "Paste or upload a text, go through its spans one at a time, preview, save it as a draft, "
    f"then publish it for your learners. An excerpt has {MIN_KEEP_WORDS} to {KEEP_WORDS} words."
)

# --- 1. the text -----------------------------------------------------------------------
st.markdown("#### 1. The text")
st.file_uploader(
    "Upload a file (.txt, .md or .html; HTML tags are removed)", type=list(UPLOAD_TYPES),
    key="author_upload", on_change=on_upload, max_upload_size=MAX_UPLOAD_BYTES // 1_000_000,
)
st.text_area(
    "Text of the excerpt", key="author_text", height=260, on_change=on_paste,
    help="Paste an article: a long one is cut after the last whole sentence within "
    f"{KEEP_WORDS} words. Then edit it to the passage you want.",
)
notice = state.get("author_notice")
if notice:
    getattr(st, notice[0])(md(notice[1]))
text: str = state["author_text"]
words = word_count(text)
need = "" if MIN_KEEP_WORDS <= words <= KEEP_WORDS else (
    f" (an excerpt needs {MIN_KEEP_WORDS} to {KEEP_WORDS})")
st.caption(f"{words} words{need}.")

# --- 2. metadata -----------------------------------------------------------------------
st.markdown("#### 2. About the text")
left, right = st.columns(2)
title = left.text_input("Title (required)", key="author_title", max_chars=200)
excerpt_id = right.text_input(
    "Id", key="author_id", max_chars=64, placeholder=slugify(title) if title else "e.g. my-excerpt",
    help="Lower-case letters, digits and hyphens. Leave empty to use the title's.",
).strip() or slugify(title)
source = left.text_input("Source (required)", key="author_source",
                         placeholder=f"The publisher, or “{PRACTICE_SOURCE}”",
                         help=f"The publisher, or “{PRACTICE_SOURCE}” for a text you wrote.")
url = right.text_input("Link (optional)", key="author_url", placeholder="https://…")
genre = left.selectbox("Genre (required)", [g.value for g in Genre], key="author_genre",
                       index=None, placeholder="Choose the kind of text",
                       format_func=lambda v: Genre(v).label)
leaning = right.selectbox("Leaning (required)", [v.value for v in Leaning], key="author_leaning",
                          index=None, placeholder="Choose the side it takes, if any",
                          format_func=lambda v: Leaning(v).label)
difficulty = left.radio("Difficulty (required)", [1, 2, 3], key="author_difficulty",
                        horizontal=True, index=None,
                        format_func=lambda d: {1: "1 easy", 2: "2 medium", 3: "3 hard"}[d],
                        help="At 3 the learner marks all three kinds of spin at once.")
published = right.date_input("Published (optional)", key="author_published", format="YYYY-MM-DD")
stored = {s.excerpt.id: s.excerpt for s in store.excerpts()}
partners = {i: e.title for i, e in stored.items()} | {
    d.id: f"{d.excerpt.title} (your draft)" for d in store.drafts(teacher.id)}
pair = st.selectbox(
    "Pair (optional): the excerpt telling the same event from the other side",
    ["", *sorted(set(partners) | {state.get("author_pair") or ""} - {""})], key="author_pair",
    format_func=lambda i: "None" if not i else f"{i}: {partners.get(i, 'not stored')}",
    help="Both excerpts of a pair name each other: edit the other one too.",
)
meta = {"text": text, "title": title, "id": excerpt_id, "source": source, "url": url,
        "published": published, "genre": genre, "leaning": leaning, "difficulty": difficulty,
        "pair": pair}

# --- 3. spans --------------------------------------------------------------------------
st.markdown("#### 3. Spans")
st.markdown(
    "**Suggest spans** proposes candidates: accept or reject each. Add any span it missed. "
    "Every kept span needs an explanation a 13-year-old can follow; a loaded term needs a "
    "neutral alternative, an unsupported claim the evidence that would settle it."
)
suggest_button(text)
rows = spans_section(text)
entry, kept_rows = draft_entry(meta, rows)

# --- 4. preview ------------------------------------------------------------------------
st.markdown("#### 4. Preview")
preview, _ = build_excerpt(entry)
if preview is None:
    st.info("The preview appears once the draft passes the checks. **Check and save as a "
            "draft** lists what to fix.")
else:
    with st.container(border=True):
        excerpt_header(preview)
        task = task_for(preview)
        task_reminder(task)
        span_picker(preview.text, tokenize(preview.text), categories=list(task.categories),
                    key="author_preview_picker", label="Preview: the excerpt as learners see it")
    st.markdown("**The answer key**, with the feedback a learner who finds every span reads")
    show_answer_key(preview, key="author_preview")

# --- 5. save and publish ---------------------------------------------------------------
st.markdown("#### 5. Save, then publish")
save_section(entry, kept_rows, rows, folder, store, teacher)
st.markdown("##### Your drafts")
drafts_section(store, teacher, folder, load_excerpt)

# --- sharing ---------------------------------------------------------------------------
st.markdown("#### Share with colleagues")
with st.expander("Export an excerpt"):
    if stored:
        chosen = st.selectbox("Excerpt", sorted(stored), key="author_export",
                              format_func=lambda i: f"{i}: {stored[i].title}")
        picked = stored[str(chosen)]
        st.download_button("Download its content file", entry_json(picked),
                           file_name=f"{picked.id}.json", mime="application/json",
                           key="author_export_download", on_click="ignore")
        st.button(
            "Edit a copy in the form above", key="author_copy", on_click=load_excerpt,
            args=(picked, f"Loaded a copy of “{picked.title}”. Saving it under the same id is "
                          "refused unless you wrote it here: give it a new id."),
        )
    else:
        st.caption("There are no published excerpts yet.")
with st.expander("Import a content file"):
    st.caption("Imported excerpts become your drafts: review them, then publish them.")
    shared = st.file_uploader("Content file (.json)", type=["json"], key="author_import_file",
                              max_upload_size=MAX_UPLOAD_BYTES // 1_000_000)
    st.button("Import", key="author_import", disabled=shared is None, on_click=on_import)
    result = state.pop("author_imported", None)
    if result is not None:
        for excerpt in result.saved:
            st.success(f"Imported “{md(excerpt.title)}” ({md(excerpt.id)}) as a draft: publish "
                       "it under **Your drafts**.")
        if result.unchanged:
            st.info(f"Already here unchanged: {md(', '.join(result.unchanged))}.")
        if result.errors:
            st.error(f"{len(result.errors)} problem(s); excerpts with problems were not imported.")
            for error in result.errors:
                st.error(md(error))
