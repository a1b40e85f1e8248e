"""Test harness for the span picker: a sample text to mark, Submit, then the feedback view.

Not a page of the app. ``tests/test_span_picker.py`` runs it under AppTest and
``tests/e2e/test_span_picker_browser.py`` serves it with ``streamlit run`` to a
headless Chromium, so the picker is tested apart from the pages and the content
set. The demo key below stays on the server: the browser only sees the
statuses computed from it after Submit.
"""

from __future__ import annotations

import streamlit as st

from quiz.text import Token, tokenize
from quiz.ui.span_picker import FeedbackView, Selection, span_picker
from quiz.vocabulary import Category, TokenStatus

SAMPLE_TEXT = (
    "In a move of complete desperation, the Millbrook council has once again slammed "
    "the brakes on the new bike lanes. Clearly, the councillors have never ridden a bike "
    "in their lives. Studies show that nine in ten residents want safer streets, yet the "
    "council keeps going down with the ship. “This plan is a disaster,” said resident "
    "Tom Alvarez. Clearly, I think it is high time the council listened to the people it serves."
)
# Demo answer key, by quote (first occurrence unless repeated): server side only.
DEMO_KEY: dict[Category, list[str]] = {
    Category.LOADED_TERM: ["complete desperation", "slammed", "going down with the ship"],
    Category.OPINION_MARKER: ["Clearly", "I think", "it is high time"],
    Category.UNSUPPORTED_CLAIM: ["Studies show that nine in ten residents want safer streets"],
}
ATTRIBUTED = "This plan is a disaster"
MODES = {
    "One category: loaded terms": [Category.LOADED_TERM],
    "All three categories": list(Category),
}


def runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive token indices as (first, last) pairs."""
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def quote(tokens: list[Token], first: int, last: int) -> str:
    return SAMPLE_TEXT[tokens[first].start : tokens[last].end]


def key_runs(tokens: list[Token], phrase: str) -> list[tuple[int, int]]:
    """Token runs where ``phrase`` occurs (the pages use the content's spans instead)."""
    found: list[tuple[int, int]] = []
    at = SAMPLE_TEXT.find(phrase)
    while at != -1:
        inside = [t.index for t in tokens if t.start < at + len(phrase) and t.end > at]
        found.append((inside[0], inside[-1]))
        at = SAMPLE_TEXT.find(phrase, at + 1)
    return found


def demo_feedback(
    tokens: list[Token], selection: Selection, categories: list[Category]
) -> FeedbackView:
    """Token statuses against the demo key: a token-level stand-in for quiz.feedback."""
    view: dict[Category, dict[int, TokenStatus]] = {}
    for category in categories:
        chosen = set(selection.get(category.value, []))
        statuses: dict[int, TokenStatus] = {}
        gold_tokens: set[int] = set()
        for phrase in DEMO_KEY[category]:
            for first, last in key_runs(tokens, phrase):
                span = set(range(first, last + 1))
                gold_tokens |= span
                hit = len(span & chosen)
                status = (
                    TokenStatus.FOUND
                    if 2 * hit >= len(span)
                    else TokenStatus.PARTLY_FOUND
                    if hit
                    else TokenStatus.MISSED
                )
                statuses.update(dict.fromkeys(span, status))
        for first, last in runs(sorted(chosen)):
            run = set(range(first, last + 1))
            if not run & gold_tokens:
                statuses.update(dict.fromkeys(run, TokenStatus.FALSE_ALARM))
        if category is Category.OPINION_MARKER:
            for first, last in key_runs(tokens, ATTRIBUTED):
                statuses.update(dict.fromkeys(range(first, last + 1), TokenStatus.ATTRIBUTED))
        view[category] = statuses
    return view


def main() -> None:
    """The page: the picker and Submit, then what was marked and the feedback view."""
    tokens = tokenize(SAMPLE_TEXT)

    st.title("Spot the spin")
    st.write("A practice text, written for practice. Mark what the task asks for, then submit.")

    mode = st.radio("Task", list(MODES), horizontal=True, key="demo_mode")
    categories = MODES[mode]
    submitted: Selection | None = st.session_state.get("demo_submitted")

    if submitted is None:
        selection = span_picker(SAMPLE_TEXT, tokens, categories=categories, key="demo_picker")
        # What the server has received so far; the browser test times clicks by it.
        count = sum(len(v) for v in selection.values())
        st.markdown(f"{count} word{'' if count == 1 else 's'} marked")
        if st.button("Submit", type="primary"):
            st.session_state["demo_submitted"] = selection
            st.rerun()
    else:
        st.subheader("What you marked")
        for category in categories:
            marked = [quote(tokens, a, b) for a, b in runs(submitted.get(category.value, []))]
            listed = ", ".join(f"“{q}”" for q in marked) if marked else "nothing"
            st.markdown(f"**{category.label}** ({len(marked)}): {listed}")
        st.subheader("Feedback")
        span_picker(
            SAMPLE_TEXT,
            tokens,
            categories=categories,
            key="demo_feedback",
            initial={c: submitted.get(c.value, []) for c in categories},
            feedback=demo_feedback(tokens, submitted, categories),
            label="Excerpt with feedback",
        )
        if st.button("Try again"):
            del st.session_state["demo_submitted"]
            st.rerun()


# Streamlit runs the script as __main__; the browser test imports SAMPLE_TEXT only.
if __name__ == "__main__":
    main()
