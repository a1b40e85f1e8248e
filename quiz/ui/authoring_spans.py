"""The authoring page's spans: one at a time, beside the text with its quote highlighted.

Session state: ``author_spans`` holds the rows (:class:`quiz.draft.SpanRow`),
``author_pick`` the uid of the span on show (the "Span" select box, Previous and
Next change it). The span's fields are widgets keyed
by its uid (``author_<field>_<uid>``), started from the row and read back into
the row on every run: an edit lands on the span it was typed into, and on no
other, whatever was added, removed or suggested meanwhile.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

import streamlit as st

from quiz.draft import (
    SpanRow,
    accept,
    blank_row,
    locate,
    merge_rows,
    occurrences,
    suggestion_rows,
)
from quiz.models import Category
from quiz.suggest import TextTooLong
from quiz.ui.authoring_suggester import is_ready, ready_suggester
from quiz.ui.text import md
from quiz.ui.theme import CATEGORY_STYLES

SPANS = "author_spans"
PICK = "author_pick"
state = st.session_state


def rows() -> list[SpanRow]:
    """The spans of the draft on the page."""
    found: list[SpanRow] = state.setdefault(SPANS, [])
    return found


def set_rows(new: list[SpanRow], pick: str | None = None) -> None:
    """Replace the spans (a loaded excerpt, a suggestion run) and show ``pick`` or the first."""
    state[SPANS] = new
    uids = [r["uid"] for r in new]
    state[PICK] = pick if pick in uids else (uids[0] if uids else None)


def widget_key(field: str, uid: str) -> str:
    """The session key of one field of one span: the tests type into it like a teacher."""
    return f"author_{field}_{uid}"


def suggest_button(text: str) -> None:
    """"Suggest spans": fresh suggestions in place of the unanswered ones, with progress."""
    if not is_ready():
        st.caption("The span suggester is still getting ready (it learns from the bundled "
                   "excerpts once per server start): a click now shows how far it is.")
    if not st.button("Suggest spans", key="author_suggest", disabled=not text.strip()):
        return
    try:
        suggester = ready_suggester()
    except Exception as exc:  # the training failed; the next click tries again
        st.error(f"The span suggester could not get ready ({md(str(exc))}). Click again to "
                 "retry, or add the spans yourself.")
        return
    try:
        found = suggester.suggest(text)
    except TextTooLong as exc:
        st.error(md(str(exc)))
        return
    current = rows()
    merged = merge_rows(current, suggestion_rows(text, found), text)
    waiting = next((r["uid"] for r in merged if not r["keep"]), None)
    set_rows(merged, state.get(PICK) if any(r["keep"] for r in current) else waiting)
    state["author_suggested"] = len(found)


def spans_section(text: str) -> list[SpanRow]:
    """The span on show beside the text, its fields, and the way to the others."""
    spans = rows()
    kept = sum(r["keep"] for r in spans)
    waiting = len(spans) - kept
    if "author_suggested" in state:
        st.caption(f"The suggester proposed {state['author_suggested']} span(s).")
    st.caption(f"{kept} span(s) kept, {waiting} suggestion(s) waiting for you to accept or "
               "reject.")
    uids = [r["uid"] for r in spans]
    if state.get(PICK) not in uids:
        state[PICK] = uids[0] if uids else None
    current = next((r for r in spans if r["uid"] == state[PICK]), None)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.html(highlighted(text, spans, current))
        st.caption("Highlighted: the span on the right. Underlined: the other kept spans; "
                   "dotted: suggestions waiting for you.")
    with right:
        if current is None:
            st.info("No spans yet. **Suggest spans**, or add one yourself.")
        else:
            above = st.container()  # filled last: its labels show this run's edits
            if current["keep"]:
                _fields(current, text)
            else:
                _suggestion(current)
            with above:
                _navigator(spans)
        st.button("Add a span", key="author_add", on_click=_add, icon=":material/add:")
    return spans


def highlighted(text: str, spans: Sequence[SpanRow], current: SpanRow | None) -> str:
    """The text as escaped HTML: the current span's quote highlighted, the others underlined."""
    looks = [""] * len(text)
    for row in spans:
        where = locate(text, row["quote"], row["occurrence"])
        if where is None or row is current:
            continue
        for at in range(*where):
            looks[at] = looks[at] or ("kept" if row["keep"] else "waiting")
    where = locate(text, current["quote"], current["occurrence"]) if current else None
    if current is not None and where is not None:
        for at in range(*where):
            looks[at] = "current"
    parts: list[str] = []
    start = 0
    for at in range(1, len(text) + 1):
        if at == len(text) or looks[at] != looks[start]:
            parts.append(_segment(text[start:at], looks[start], current))
            start = at
    return ('<div style="white-space:pre-wrap;line-height:1.8;max-height:32rem;overflow-y:auto;'
            'border:1px solid rgba(128,128,128,.4);border-radius:.5rem;padding:.75rem 1rem">'
            + "".join(parts) + "</div>")


def _segment(piece: str, look: str, current: SpanRow | None) -> str:
    escaped = html.escape(piece)
    if look == "current" and current is not None:
        style = _style(current["category"])
        return (f'<mark style="background:{style[1]};color:#111;outline:2px solid {style[0]};'
                f'border-radius:2px">{escaped}</mark>')
    if look == "kept":
        return f'<span style="text-decoration:underline;text-underline-offset:3px">{escaped}</span>'
    if look == "waiting":
        return (f'<span style="text-decoration:underline dotted;text-underline-offset:3px">'
                f"{escaped}</span>")
    return escaped


def _style(category: str) -> tuple[str, str]:
    try:
        style = CATEGORY_STYLES[Category(category)]
    except ValueError:
        return "#854d0e", "#fef9c3"
    return style.colour, style.tint


def _label(row: SpanRow, number: int) -> str:
    kind = Category(row["category"]).label if row["category"] in set(Category) else "New span"
    quote = " ".join(row["quote"].split())
    quote = quote if len(quote) <= 40 else quote[:39] + "…"
    verdict = "kept" if row["keep"] else "suggestion: accept or reject"
    return f"{number}. {kind}: “{quote}” ({verdict})"


def _navigator(spans: list[SpanRow]) -> None:
    labels = {r["uid"]: _label(r, n) for n, r in enumerate(spans, start=1)}
    index = list(labels).index(state[PICK])
    # A browser select box keeps the label it showed: a new key whenever a label or the
    # span on show changes, so it always shows the span on show under its current name.
    seen = hashlib.sha256("\n".join([state[PICK], *labels.values()]).encode()).hexdigest()
    key = f"author_nav_{seen[:12]}"
    st.selectbox("Span", list(labels), index=index, key=key, format_func=labels.__getitem__,
                 on_change=_picked, args=(key,))
    back, forward = st.columns(2)
    back.button("Previous", key="author_prev", disabled=index == 0, on_click=_show,
                args=(spans[max(index - 1, 0)]["uid"],), width="stretch")
    forward.button("Next", key="author_next", disabled=index == len(spans) - 1, on_click=_show,
                   args=(spans[min(index + 1, len(spans) - 1)]["uid"],),
                   width="stretch")


def _suggestion(row: SpanRow) -> None:
    kind = Category(row["category"]).label
    st.markdown(f"**Suggested {md(kind.lower())}:** “{md(row['quote'])}”")
    confidence = f" (confidence {row['confidence']:.0%})" if row["confidence"] is not None else ""
    st.info(f"Why: {md(row['why'])}{confidence}")
    if row["neutral_alternative"]:
        st.caption(f"Suggested neutral alternative: {md(row['neutral_alternative'])}")
    yes, no = st.columns(2)
    yes.button("Accept", key=f"author_accept_{row['uid']}", type="primary", on_click=_accept,
               args=(row["uid"],), width="stretch", icon=":material/check:")
    no.button("Reject", key=f"author_reject_{row['uid']}", on_click=_remove, args=(row["uid"],),
              width="stretch", icon=":material/close:")
    st.caption("Accepting keeps the span with this reason as its explanation, for you to edit.")


def _fields(row: SpanRow, text: str) -> None:
    # Each widget starts from the row and is keyed by its uid; its value goes back to the row.
    uid = row["uid"]
    categories = [c.value for c in Category]
    row["category"] = st.selectbox(
        "Kind of spin", categories, key=widget_key("category", uid),
        index=categories.index(row["category"]) if row["category"] in categories else None,
        placeholder="Choose a kind", format_func=lambda v: Category(v).label,
    ) or ""
    row["quote"] = st.text_input("Quote (copy the words from the text exactly)",
                                 value=row["quote"], key=widget_key("quote", uid))
    times = occurrences(text, row["quote"])
    if times > 1:
        chosen = st.number_input(
            f"Which occurrence? The quote occurs {times} times (1 is the first).",
            value=row["occurrence"], key=widget_key("occurrence", uid), min_value=1, step=1)
        row["occurrence"] = None if chosen is None else int(chosen)
    else:
        row["occurrence"] = None
    if row["quote"].strip() and times == 0:
        st.warning("This quote is not in the text: copy it from the text exactly.")
    row["explanation"] = st.text_area(
        "Explanation (a 13-year-old can follow it)", value=row["explanation"],
        key=widget_key("explanation", uid), height=110)
    row["neutral_alternative"] = st.text_input(
        "Neutral alternative (needed for a loaded term)", value=row["neutral_alternative"],
        key=widget_key("neutral_alternative", uid))
    row["evidence_needed"] = st.text_area(
        "Evidence needed (needed for an unsupported claim)", value=row["evidence_needed"],
        key=widget_key("evidence_needed", uid), height=80)
    row["attributed"] = st.checkbox(
        "Attributed to a named speaker", value=row["attributed"],
        key=widget_key("attributed", uid),
        help="Reported and attributed (“…,” said the mayor): shown in feedback, not scored.")
    if row["why"]:
        st.caption(f"Suggested because: {md(row['why'])}")
    st.button("Remove this span", key=f"author_remove_{uid}", on_click=_remove, args=(uid,),
              icon=":material/delete:")


def _show(uid: str) -> None:
    state[PICK] = uid


def _picked(key: str) -> None:
    state[PICK] = state[key]


def _accept(uid: str) -> None:
    state[SPANS] = [accept(r) if r["uid"] == uid else r for r in rows()]


def _remove(uid: str) -> None:
    spans = rows()
    index = next(i for i, r in enumerate(spans) if r["uid"] == uid)
    rest = spans[:index] + spans[index + 1:]
    set_rows(rest, rest[min(index, len(rest) - 1)]["uid"] if rest else None)


def _add() -> None:
    row = blank_row()
    set_rows([*rows(), row], row["uid"])
