"""Read an excerpt blind: mark it without seeing its key, see how far you agree, adjudicate.

A second careful reader tests the answer key. The teacher marks all three kinds of
spin on the text alone; only after **Compare with the key** does the page show the
agreement per category (span F1 and Cohen's κ) and every disagreement. Each gets a
decision (keep, drop, change to your words, add your span) and a reason; saving
makes the excerpt's next version (``quiz.usecases.second_reading``). Answers given
before keep the version they were scored on.
"""

from __future__ import annotations

import streamlit as st

from quiz.agreement import CONTESTED_KAPPA, Disagreement, contested_categories
from quiz.learning import task_for
from quiz.models import Category, Excerpt
from quiz.scoring import spans_from_tokens
from quiz.text import tokenize
from quiz.ui import session
from quiz.ui.span_picker import span_picker
from quiz.ui.task_view import excerpt_header, task_reminder
from quiz.ui.teacher import require_teacher
from quiz.ui.text import md
from quiz.usecases import Refused
from quiz.usecases.second_reading import Comparison, Decision, adjudicate, compare_reading

DECISION_WORDS = {
    "keep": "Keep the key as it is",
    "drop": "Drop the key's span",
    "change": "Change the key's span to your words",
    "add": "Add your span to the key",
}
DETAIL_LABEL = {Category.LOADED_TERM: "Neutral alternative",
                Category.UNSUPPORTED_CLAIM: "Evidence that would settle it"}

teacher = require_teacher()
store = session.store()
state = st.session_state
st.title("Read an excerpt blind")
st.caption(
    "Mark an excerpt without seeing its answer key, as a second careful reader. Then compare: "
    "the page shows how far you agree and each place you differ, and you decide what the key "
    "should say. Your decisions make a new version of the excerpt; earlier answers keep theirs."
)

done = state.pop("second_saved", None)
if done:
    st.success(md(done))
stored = {s.excerpt.id: s for s in store.excerpts()}
if not stored:
    st.info("There are no published excerpts yet.")
    st.stop()


def label(excerpt_id: str) -> str:
    excerpt = stored[excerpt_id].excerpt
    read = " · read twice" if excerpt.second else ""
    flag = " · ⚠ contested" if contested_categories(excerpt) else ""
    return f"{excerpt.title} ({excerpt_id}){read}{flag}"


chosen = st.selectbox("Excerpt", sorted(stored), key="second_excerpt", format_func=label)
current = stored[str(chosen)]
excerpt: Excerpt = current.excerpt
here = f"second:{excerpt.id}@{current.version}"
annotator = st.text_input("Read by", value=teacher.name, max_chars=120, key=f"{here}:by",
                          help="Kept with the reading: your name or role.")

with st.container(border=True):
    excerpt_header(excerpt)
    task_reminder(task_for(excerpt, list(Category)))  # all three kinds at once
    tokens = tokenize(excerpt.text)
    selection = span_picker(excerpt.text, tokens, categories=list(Category),
                            key=f"{here}:picker",
                            label=f"Excerpt “{excerpt.title}”: mark it as you read it")
if st.button("Compare with the key", type="primary", key=f"{here}:compare"):
    marks = {Category(c): spans_from_tokens(excerpt.text, v, tokens)
             for c, v in selection.items()}
    try:
        state[f"{here}:comparison"] = compare_reading(
            store, excerpt.id, current.version, marks, annotator)
    except Refused as exc:
        st.error(md(str(exc)))

comparison = state.get(f"{here}:comparison")
if not isinstance(comparison, Comparison):
    st.stop()

st.markdown("#### How far you agree with the key")
rows = [
    f"- **{category.plural_label}**: span F1 {figures.span_f1:.2f}, κ {figures.kappa:.2f}"
    + (" (below the contested line)" if figures.kappa < CONTESTED_KAPPA else "")
    for category, figures in comparison.agreement.items()
]
st.markdown("\n".join(rows))
st.caption(
    "Span F1 scores your marks against the key as a learner's are scored (1 is the same spans). "
    f"κ (kappa) compares the two readings word by word, corrected for chance: under "
    f"{CONTESTED_KAPPA} an excerpt is flagged contested to teachers."
)


def where(found: Disagreement) -> str:
    """Where the readings differ, in plain text (the caller escapes it)."""
    first, second = found.first, found.second
    if first is None and second is not None:
        return f"only you marked “{second.quote}”"
    if second is None and first is not None:
        return f"only the key marks “{first.quote}”"
    assert first is not None and second is not None
    return f"the key marks “{first.quote}”, you marked “{second.quote}”"


st.markdown(f"#### Disagreements ({len(comparison.disagreements)})")
if not comparison.disagreements:
    st.markdown("None: your reading and the key mark the same spans.")
decisions: list[Decision] = []
for number, found in enumerate(comparison.disagreements, start=1):
    with st.container(border=True):
        st.markdown(f"**{number:d}. {found.category.label}**: {md(where(found))}")
        choice = st.radio("Decision", list(found.decisions), key=f"{here}:d{number}",
                          format_func=DECISION_WORDS.__getitem__, horizontal=True)
        reason = st.text_input("Reason (required)", key=f"{here}:r{number}", max_chars=500)
        explanation = detail = ""
        if choice == "add":
            explanation = st.text_input("Explanation for learners (required)", max_chars=500,
                                        key=f"{here}:e{number}")
            if found.category in DETAIL_LABEL:
                detail = st.text_input(f"{DETAIL_LABEL[found.category]} (required)",
                                       max_chars=500, key=f"{here}:x{number}")
        decisions.append(Decision(str(choice), reason, explanation, detail))

if st.button("Save the decisions as a new version", key=f"{here}:save"):
    try:
        saved = adjudicate(store, teacher, comparison, decisions)
    except Refused as exc:
        st.error(md(str(exc)))
    else:
        state["second_saved"] = (f"Saved “{saved.excerpt.title}” as version {saved.version}, "
                                 "with your reading and decisions.")
        st.rerun()
