"""Write an excerpt: paste or upload a text, mark its spans, preview, save; share content files.

The draft lives in session state: the text box, the metadata widgets, and the
span table (``author_rows`` is the table's base, the editor's own state under
``author_editor`` holds the teacher's edits to it). Saving validates with the
rules of ``python -m quiz validate`` and writes ``<data>/authored/<id>.json``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from quiz import config
from quiz.authoring import entry_json, excerpt_to_entry
from quiz.content import build_excerpt
from quiz.draft import (
    FIELD_LABELS,
    SpanRow,
    clean_row,
    describe,
    draft_entry,
    excerpt_rows,
    merge_rows,
    suggestion_rows,
)
from quiz.learning import task_for
from quiz.models import PRACTICE_SOURCE, Category, Excerpt, Genre, Leaning, slugify
from quiz.source_text import (
    KEEP_WORDS,
    MAX_UPLOAD_BYTES,
    MIN_KEEP_WORDS,
    UPLOAD_TYPES,
    SourceError,
    guard_text,
    read_upload,
)
from quiz.suggest import Suggester, TextTooLong, default_suggester
from quiz.text import tokenize, word_count
from quiz.ui import session
from quiz.ui.span_picker import span_picker
from quiz.ui.task_view import excerpt_header, show_answer_key, task_reminder
from quiz.ui.teacher import require_teacher
from quiz.ui.text import md
from quiz.usecases.authoring import import_file, save_draft

AUTHORED = "authored"
COLUMNS = list(SpanRow.__annotations__)
META_KEYS = {name: f"author_{name}" for name in (
    "title", "id", "source", "url", "published", "genre", "leaning", "difficulty", "pair")}

require_teacher()
store = session.store()
folder = config.data_dir() / AUTHORED
state = st.session_state
state.setdefault("author_text", "")
state.setdefault("author_rows", [])
state.setdefault("author_source", PRACTICE_SOURCE)
state.setdefault("author_published", None)


@st.cache_resource(show_spinner="Training the span suggester on the content set…")
def suggester() -> Suggester:
    """The suggester of this process (trained once; it only reads after that)."""
    return default_suggester(saved=config.cache_dir())


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


def reset_table(rows: list[SpanRow]) -> None:
    state["author_rows"] = rows
    state.pop("author_editor", None)  # the editor's edits belong to the old rows


def on_suggest() -> None:
    text = state["author_text"]
    try:
        found = suggester().suggest(text)
    except TextTooLong as exc:
        set_notice("error", str(exc))
        return
    current = state.get("author_current", [])
    reset_table(merge_rows(current, suggestion_rows(text, found)))
    state["author_suggested"] = len(found)


def load_copy(excerpt: Excerpt) -> None:
    """Fill the form with a stored excerpt, to edit a copy of it."""
    entry = excerpt_to_entry(excerpt)
    state["author_text"] = excerpt.text
    for name, key in META_KEYS.items():
        state[key] = entry.get(name, "")
    state["author_published"] = excerpt.published
    reset_table(excerpt_rows(excerpt))
    set_notice("info", f"Loaded a copy of “{excerpt.title}”. Saving it under the same id "
                       "is refused unless you wrote it here: give it a new id.")


st.title("Write an excerpt")
st.caption(
    f"Paste or upload a text, mark its spans, write an explanation for each, preview and save. "
    f"An excerpt has {MIN_KEEP_WORDS} to {KEEP_WORDS} words."
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
source = left.text_input("Source", key="author_source",
                         help=f"The publisher, or “{PRACTICE_SOURCE}” for a text you wrote.")
url = right.text_input("Link (optional)", key="author_url", placeholder="https://…")
genre = left.selectbox("Genre", [g.value for g in Genre], key="author_genre",
                       format_func=lambda v: Genre(v).label)
leaning = right.selectbox("Leaning", [v.value for v in Leaning], key="author_leaning",
                          format_func=lambda v: Leaning(v).label)
difficulty = left.radio("Difficulty", [1, 2, 3], key="author_difficulty", horizontal=True,
                        format_func=lambda d: {1: "1 easy", 2: "2 medium", 3: "3 hard"}[d],
                        help="At 3 the learner marks all three kinds of spin at once.")
published = right.date_input("Published (optional)", key="author_published", format="YYYY-MM-DD")
stored = {s.excerpt.id: s.excerpt for s in store.excerpts()}
pair = st.selectbox(
    "Pair (optional): the excerpt telling the same event from the other side",
    ["", *sorted(stored)], key="author_pair",
    format_func=lambda i: "None" if not i else f"{i}: {stored[i].title}",
    help="Both excerpts of a pair name each other: edit the other one too.",
)
meta = {"text": text, "title": title, "id": excerpt_id, "source": source, "url": url,
        "published": published, "genre": genre, "leaning": leaning, "difficulty": difficulty,
        "pair": pair}

# --- 3. spans --------------------------------------------------------------------------
st.markdown("#### 3. Spans")
st.markdown(
    "**Suggest spans** proposes candidates; none is kept until you tick **Keep**. Edit a "
    "quote to move its edges (copy the words exactly), add a row for anything missed, and "
    "write an explanation a 13-year-old can follow for every kept span. Loaded terms need a "
    "neutral alternative, unsupported claims the evidence that would settle them."
)
st.button("Suggest spans", key="author_suggest", on_click=on_suggest, disabled=not text.strip())
if "author_suggested" in state:
    st.caption(f"The suggester proposed {state['author_suggested']} span(s).")
frame = pd.DataFrame(state["author_rows"], columns=COLUMNS).astype(
    {"keep": "boolean", "attributed": "boolean", "occurrence": "Int64"}
)
frame.index = pd.RangeIndex(1, len(frame) + 1)  # row numbers as problems name them
edited = st.data_editor(
    frame, key="author_editor", num_rows="dynamic", column_order=COLUMNS,
    column_config={
        "keep": st.column_config.CheckboxColumn(FIELD_LABELS["keep"], default=True),
        "category": st.column_config.SelectboxColumn(
            FIELD_LABELS["category"], options=[c.value for c in Category], required=True,
            format_func=lambda v: Category(str(v)).label,
        ),
        "quote": st.column_config.TextColumn(FIELD_LABELS["quote"], required=True),
        "occurrence": st.column_config.NumberColumn(
            FIELD_LABELS["occurrence"], min_value=1, step=1,
            help="Only when the quote occurs more than once: 1 for the first...",
        ),
        "explanation": st.column_config.TextColumn(FIELD_LABELS["explanation"], width="large"),
        "neutral_alternative": st.column_config.TextColumn(FIELD_LABELS["neutral_alternative"]),
        "evidence_needed": st.column_config.TextColumn(FIELD_LABELS["evidence_needed"]),
        "attributed": st.column_config.CheckboxColumn(
            FIELD_LABELS["attributed"], default=False,
            help="Reported and attributed to a named speaker: shown in feedback, not scored.",
        ),
        "why": st.column_config.TextColumn(FIELD_LABELS["why"], disabled=True),
    },
)
rows = [clean_row(r) for r in edited.to_dict("records")]
state["author_current"] = rows
entry, kept_rows = draft_entry(meta, rows)
st.caption(f"{len(kept_rows)} of {len(rows)} row(s) kept.")

# --- 4. preview ------------------------------------------------------------------------
st.markdown("#### 4. Preview")
preview, _ = build_excerpt(entry)
if preview is None:
    st.info("The preview appears once the draft passes the checks. **Check and save** lists "
            "what to fix.")
else:
    with st.container(border=True):
        excerpt_header(preview)
        task = task_for(preview)
        task_reminder(task)
        span_picker(preview.text, tokenize(preview.text), categories=list(task.categories),
                    key="author_preview_picker", label="Preview: the excerpt as learners see it")
    st.markdown("**The answer key**, with the feedback a learner who finds every span reads")
    show_answer_key(preview, key="author_preview")

# --- 5. save ---------------------------------------------------------------------------
st.markdown("#### 5. Save")
if st.button("Check and save", type="primary", key="author_save"):
    saved, problems = save_draft(entry, folder, store)
    if saved is None:
        st.error(f"Not saved: {len(problems)} problem(s) to fix.")
        for problem in problems:
            st.error(md(describe(problem, kept_rows, rows)))
    else:
        version = store.excerpt(saved.id).version
        st.success(f"Saved “{md(saved.title)}” as {md(saved.id)}, version {version}. "
                   "Learners can now be given it.")
        st.download_button("Download its content file", entry_json(saved),
                           file_name=f"{saved.id}.json", mime="application/json",
                           key="author_download", on_click="ignore")

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
        st.button("Edit a copy in the form above", key="author_copy", on_click=load_copy,
                  args=(picked,))
    else:
        st.caption("There are no excerpts in the store yet.")
with st.expander("Import a content file"):
    shared = st.file_uploader("Content file (.json)", type=["json"], key="author_import_file",
                              max_upload_size=MAX_UPLOAD_BYTES // 1_000_000)
    if st.button("Import", key="author_import", disabled=shared is None) and shared is not None:
        result = import_file(shared.name, shared.getvalue(), folder, store)
        for excerpt in result.saved:
            st.success(f"Imported “{md(excerpt.title)}” ({md(excerpt.id)}).")
        if result.unchanged:
            st.info(f"Already in the store unchanged: {md(', '.join(result.unchanged))}.")
        if result.errors:
            st.error(f"{len(result.errors)} problem(s); excerpts with problems were not imported.")
            for error in result.errors:
                st.error(md(error))
