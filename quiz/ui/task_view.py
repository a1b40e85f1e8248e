"""Marking one excerpt and reading the feedback: shared by practice and class quizzes.

The page decides what happens on submit (a use case scores and saves); this module
shows the excerpt, the reminder, the span picker, and the explained feedback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from quiz.feedback import Feedback, MarkFeedback, Status, build_feedback
from quiz.learning import GUIDES, Task
from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, spans_from_tokens
from quiz.text import Token, tokenize
from quiz.ui.draft_url import decode_draft, encode_draft
from quiz.ui.span_picker import FeedbackView, span_picker
from quiz.ui.text import md
from quiz.ui.theme import status_symbol
from quiz.vocabulary import TokenStatus

DRAFT_PARAM = "marks"
DISCERNMENT_LABEL = "Telling spin from plain text"
LONG_MARK = 30  # words: a longer mark is quoted by its first 12 and last 8
Selections = dict[Category, list[CharSpan]]
# Called once per submitted task with the character selections: a use case that
# scores (and saves) them and returns the feedback to show.
OnSubmit = Callable[[Selections], Feedback]

def excerpt_header(excerpt: Excerpt) -> None:
    """Title and where the text comes from (both as text: an imported source is untrusted)."""
    st.subheader(md(excerpt.title), anchor=False)
    source = "Written for practice" if excerpt.is_practice else f"From {md(excerpt.source)}"
    st.caption(f"{excerpt.genre.label} · {source} · difficulty {excerpt.difficulty} of 3")


def task_reminder(task: Task) -> None:
    """What to mark, what the category means, and one example."""
    if task.all_at_once:
        st.markdown(
            "**Mark all three kinds of spin.** Choose the kind with the buttons above the "
            "text (or keys 1, 2, 3), then click or drag across words. Tab moves into the "
            "text, arrow keys move between words, Space marks a word."
        )
    else:
        guide = GUIDES[task.categories[0]]
        st.markdown(
            f"**{guide.instruction}** Click or drag across words; or Tab into the text, "
            "move with the arrow keys and press Space. Click a marked word again to unmark it."
        )
    for category in task.categories:
        guide = GUIDES[category]
        with st.expander(f"What is {category.with_article}? ({category.short})"):
            st.markdown(f"{guide.meaning}\n\nExample: {guide.example}")


def mark_and_submit(
    excerpt: Excerpt, task: Task, *, key: str, version: int, on_submit: OnSubmit
) -> None:
    """Show the picker and a submit button; on submit, call ``on_submit``, rerun.

    The feedback is kept in ``st.session_state[key + ":feedback"]`` so a rerun
    (or a second click) never scores or saves twice. Marks are word positions in
    the text they were made on: a click that arrives after the page has moved to
    another excerpt or version (answered in another tab, or changed meanwhile)
    submits nothing and says so.
    """
    here = f"{excerpt.id}@{version}"
    shown_before = st.session_state.get(f"{key}:shown")
    tokens = tokenize(excerpt.text)
    # Unsubmitted marks also live in the page address: after a server restart the
    # new session starts from them instead of from nothing.
    draft = decode_draft(st.query_params.get(DRAFT_PARAM, ""), excerpt.id)
    selection = span_picker(
        excerpt.text, tokens, categories=list(task.categories), key=f"{key}:{here}:picker",
        label=f"Excerpt “{excerpt.title}”: select the words to mark",
        initial={Category(c): v for c, v in draft.items() if Category(c) in task.categories},
    )
    marked = sum(len(v) for v in selection.values())
    encoded = encode_draft(excerpt.id, selection)
    if marked and st.query_params.get(DRAFT_PARAM) != encoded:
        st.query_params[DRAFT_PARAM] = encoded
    st.caption(f"{marked} word(s) marked.")
    clicked = st.button("Submit my marks", type="primary", key=f"{key}:submit")
    st.session_state[f"{key}:shown"] = here
    if clicked and shown_before not in (None, here):
        st.warning(
            "Nothing was sent: your marks were made on another excerpt, which was answered "
            "in another tab or device (or changed since). This is the excerpt to do now."
        )
    elif clicked:
        if submitted_feedback(key) is None:
            selections = _char_selections(excerpt.text, tokens, selection, task.categories)
            st.session_state[f"{key}:feedback"] = on_submit(selections)
        # Only now that the answer is stored: a server that dies mid-submit, or a
        # database away too long, leaves the marks in the address to submit again.
        st.query_params.pop(DRAFT_PARAM, None)
        st.rerun()


def submitted_feedback(key: str) -> Feedback | None:
    """The feedback of a task already submitted in this session."""
    value = st.session_state.get(f"{key}:feedback")
    return value if isinstance(value, Feedback) else None


def forget_task(key: str) -> None:
    """Drop a task's marks and feedback from the session (to start the next one)."""
    for name in list(st.session_state.keys()):
        if str(name).startswith(f"{key}:"):
            del st.session_state[name]


def show_feedback(feedback: Feedback, *, key: str) -> None:
    """Discernment first (the headline), the score in numbers and words, the marked-up
    text, and every span explained."""
    telling, score = st.columns(2)
    telling.metric(
        DISCERNMENT_LABEL, f"{feedback.discernment:.0f} / 100",
        help="The share of the spin you found, minus the share of plain words you marked. "
        "Marking every word, or none, gets 0.",
    )
    score.metric("Your score", f"{feedback.score:.0f} / 100")
    st.caption(
        "Telling spin from plain text counts words: what you found of the spin, less what "
        "you marked of the rest. Your score checks how closely your marks match the key."
    )
    for category in feedback.categories:
        result = feedback.result.categories[category]
        st.markdown(f"**{category.plural_label}.** {md(feedback.summary(category))}")
        st.caption(
            f"Precision {result.precision:.0%}: how much of what you marked was right. "
            f"Recall {result.recall:.0%}: how much of what was there you marked."
        )
    tokens = tokenize(feedback.text)
    span_picker(
        feedback.text, tokens, categories=feedback.categories, key=f"{key}:review",
        feedback=feedback_view(feedback, tokens),
        label="Your marks compared with the answer key",
    )
    _your_marks(feedback)
    _explanations(feedback)


def show_answer_key(excerpt: Excerpt, *, key: str) -> None:
    """For authors: the answer key painted on the text, and every span explained as a
    learner who found them all would read it."""
    categories = [c for c in Category if any(s.category is c for s in excerpt.spans)]
    if not categories:
        st.markdown("No spans: a control text with nothing to find.")
        return
    perfect = {c: [(s.start, s.end) for s in excerpt.gold(c)] for c in categories}
    feedback = build_feedback(excerpt, perfect, categories)
    tokens = tokenize(excerpt.text)
    span_picker(
        excerpt.text, tokens, categories=categories, key=f"{key}:key",
        feedback=feedback_view(feedback, tokens), label="Preview: the answer key",
    )
    _explanations(feedback)


def feedback_view(feedback: Feedback, tokens: Sequence[Token]) -> FeedbackView:
    """Per category, the status of each token, for the picker's feedback mode.

    Every word the learner marked stays visible: a marked word in no span of the
    key looks like a false alarm, whatever the rest of its mark touched (so a mark
    too wide shows its neutral words); the key's spans paint their own words.
    """
    view: dict[Category, dict[int, TokenStatus]] = {c: {} for c in feedback.categories}
    for mark in feedback.marks:
        _paint(view[mark.category], tokens, mark.start, mark.end, TokenStatus.FALSE_ALARM)
    for span in feedback.spans:  # the answer key wins where both apply
        look = span.status.token_status
        if look is not None:  # every status a span can have has a look
            _paint(view[span.category], tokens, span.start, span.end, look)
    return view


def _paint(
    target: dict[int, TokenStatus], tokens: Sequence[Token], start: int, end: int,
    status: TokenStatus,
) -> None:
    for token in tokens:
        if token.start < end and token.end > start:
            target[token.index] = status


def _explanations(feedback: Feedback) -> None:
    st.markdown("#### Every span explained")
    for span in feedback.spans:
        lines = [
            f"**{status_symbol(span.status)}** · {span.category.label}: “{md(span.quote)}”",
            md(span.explanation),
        ]
        if span.neutral_alternative:
            lines.append(f"*Neutral wording:* {md(span.neutral_alternative)}")
        if span.evidence_needed:
            lines.append(f"*Evidence that would settle it:* {md(span.evidence_needed)}")
        lines.append(f"*{md(span.note)}*")
        st.markdown("  \n".join(lines))
    if not feedback.spans and not feedback.marks:
        st.markdown("Nothing to find here, and you marked nothing: this is straight reporting.")


def _your_marks(feedback: Feedback) -> None:
    """The learner's own marks, as marked, each with what it hit: on the key first, then
    the false alarms."""
    st.markdown("#### Your marks")
    if not feedback.marks:
        st.markdown("You marked nothing.")
    off_key = (Status.FALSE_ALARM, Status.WRONG_KIND)
    alarms = [m for m in feedback.marks if m.status in off_key]
    for mark in [m for m in feedback.marks if m.status not in off_key]:
        st.markdown(_mark_line(mark))
    if alarms:
        st.markdown("##### Marks that were not in the answer key")
        for mark in alarms:
            st.markdown(_mark_line(mark))


def _mark_line(mark: MarkFeedback) -> str:
    """One mark as Markdown: its status, category and words (a long one cut in the middle)."""
    words = tokenize(mark.text)
    quote = f"“{md(mark.text)}”"
    if len(words) > LONG_MARK:
        head, tail = mark.text[: words[11].end], mark.text[words[-8].start :]
        quote = f"“{md(head)} … {md(tail)}” ({len(words)} words)"
    return (
        f"**{status_symbol(mark.status)}** · {mark.category.label}: {quote}  \n"
        f"*{md(mark.note)}*"
    )


def _char_selections(
    text: str, tokens: Sequence[Token], selection: Mapping[str, list[int]],
    categories: Sequence[Category],
) -> Selections:
    return {c: spans_from_tokens(text, selection.get(c.value, []), tokens) for c in categories}
