"""The span picker: a custom component to mark words of an excerpt by category.

The browser gets the text, the token offsets and, in feedback mode, the
per-token statuses the caller computed; never the answer key. The learner's
marks come back as token indices per category, checked again here because
anything from a browser is untrusted.

State lives in ``st.session_state[key]`` as ``{"selection": {category: [index,
...]}}`` (the component's own widget state), so it survives reruns; tests seed
that same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from quiz.text import Token
from quiz.ui.theme import STATUS_STYLES, css_variables
from quiz.vocabulary import Category, TokenStatus

Selection = dict[str, list[int]]
"""Selected token indices per category value, sorted: ``{"loaded_term": [3, 4]}``."""

FeedbackView = Mapping[Category, Mapping[int, TokenStatus]]
"""Per category, the status of each token that has one (tokens without one are plain)."""

COMPONENT_NAME = "spin_spotter.span_picker"
STATE_NAME = "selection"

_HERE = Path(__file__).resolve().parent
_CSS = f":host {{\n{css_variables()}\n}}\n" + (_HERE / "span_picker.css").read_text("utf-8")
# The component's code in parts, joined into the one ES module the browser loads
# (inline code comes from a blob: URL, so one file cannot import another).
JS_PARTS = ("span_picker_util.js", "span_picker_dom.js", "span_picker_pointer.js", "span_picker.js")
_JS = "\n".join((_HERE / name).read_text("utf-8") for name in JS_PARTS)

_mount = st.components.v2.component(COMPONENT_NAME, js=_JS, css=_CSS, isolate_styles=True)


def span_picker(
    text: str,
    tokens: Sequence[Token],
    *,
    categories: Sequence[Category],
    key: str,
    category: Category | None = None,
    initial: Mapping[Category, Iterable[int]] | None = None,
    feedback: FeedbackView | None = None,
    label: str = "Excerpt: select the words to mark",
) -> Selection:
    """Show ``text`` as markable words and return the learner's marks.

    With one category the learner marks only that; with several (difficulty 3)
    buttons inside the component choose the category being marked (keys 1 to 3
    too), so switching needs no round trip to the server.

    Args:
        text: the excerpt text.
        tokens: ``quiz.text.tokenize(text)``.
        categories: the categories the learner works on, in display order.
        key: the widget key; the marks live in ``st.session_state[key]``.
        category: the category selected first (default: the first one).
        initial: marks to start from when the key has no state yet.
        feedback: if given, a read-only view of these per-token statuses.
        label: the accessible name of the text.

    Returns:
        The selected token indices per category value (every category present,
        each list sorted and within range). In feedback mode, ``initial``.

    Raises:
        ValueError: if tokens do not match the text, or a category, status or
            index is out of place.
    """
    data = picker_payload(
        text, tokens, categories=categories, category=category, feedback=feedback, label=label
    )
    start = normalise_selection(
        {c.value: list(v) for c, v in (initial or {}).items()}, categories, len(tokens)
    )
    current = _state_selection(key)
    data["selected"] = (
        normalise_selection(current, categories, len(tokens)) if current is not None else start
    )
    result = _mount(
        key=key,
        data=data,
        default={STATE_NAME: start},
        on_selection_change=_ignore,
    )
    if feedback is not None:
        return start
    return normalise_selection(result.get(STATE_NAME), categories, len(tokens))


def picker_payload(
    text: str,
    tokens: Sequence[Token],
    *,
    categories: Sequence[Category],
    category: Category | None = None,
    feedback: FeedbackView | None = None,
    label: str = "Excerpt",
) -> dict[str, Any]:
    """The JSON payload sent to the browser (no selection yet).

    Args:
        text: the excerpt text.
        tokens: its tokens.
        categories: categories to show, in order.
        category: the one selected first.
        feedback: per-token statuses for the read-only view.
        label: accessible name of the text.

    Returns:
        A JSON-serialisable dict: mode, text, token offsets, categories and, in
        feedback mode, statuses keyed by category value then token index.

    Raises:
        ValueError: on a token that does not match the text, no or repeated
            categories, or feedback for an unknown category or token.
    """
    _check_tokens(text, tokens)
    if not categories or len(set(categories)) != len(categories):
        raise ValueError(
            f"span_picker needs one or more distinct categories, got {list(categories)}: "
            "pass e.g. categories=[Category.LOADED_TERM]"
        )
    if category is not None and category not in categories:
        raise ValueError(
            f"category {category.value!r} is not among categories "
            f"{[c.value for c in categories]}: add it or pick one of them"
        )
    payload: dict[str, Any] = {
        "mode": "mark" if feedback is None else "feedback",
        "label": label,
        "text": text,
        "tokens": [[t.start, t.end] for t in tokens],
        "categories": [
            {"id": c.value, "label": c.label, "short": c.short} for c in categories
        ],
        "active": (category or categories[0]).value,
    }
    if feedback is not None:
        payload["statuses"] = _statuses(feedback, categories, len(tokens))
        payload["status_styles"] = [
            {"id": s.value, "label": s.label, "icon": style.icon}
            for s, style in STATUS_STYLES.items()
        ]
    return payload


def normalise_selection(raw: object, categories: Sequence[Category], count: int) -> Selection:
    """Clean a selection from the browser or session state.

    Args:
        raw: anything; a mapping of category value to token indices is used.
        categories: the categories kept (others are dropped).
        count: the number of tokens; indices outside ``[0, count)`` are dropped.

    Returns:
        Every category value mapped to its sorted, distinct, in-range indices.
    """
    source: Mapping[Any, Any] = raw if isinstance(raw, Mapping) else {}
    out: Selection = {}
    for c in categories:
        values = source.get(c.value, [])
        if not isinstance(values, (list, tuple)):
            values = []
        out[c.value] = sorted(
            {v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < count}
        )
    return out


def _state_selection(key: str) -> object | None:
    """The selection already in session state for ``key``, or None before the first run."""
    if key not in st.session_state:
        return None
    state = st.session_state[key]
    return state.get(STATE_NAME) if isinstance(state, Mapping) else None


def _ignore() -> None:
    """A state value exists only with an ``on_<name>_change`` callback; nothing to do in it."""


def _check_tokens(text: str, tokens: Sequence[Token]) -> None:
    last_end = 0
    for position, token in enumerate(tokens):
        if token.index != position:
            raise ValueError(
                f"token {position} has index {token.index}: pass tokens in order, "
                "as quiz.text.tokenize(text) returns them"
            )
        if not last_end <= token.start < token.end <= len(text):
            raise ValueError(
                f"token {position} [{token.start}, {token.end}) is outside the text or overlaps "
                f"the token before it (the text has {len(text)} characters): "
                "tokenize this very text"
            )
        if text[token.start : token.end] != token.text:
            raise ValueError(
                f"token {position} says {token.text!r} but the text holds "
                f"{text[token.start : token.end]!r} there: tokenize this very text"
            )
        last_end = token.end


def _statuses(
    feedback: FeedbackView, categories: Sequence[Category], count: int
) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for cat, statuses in feedback.items():
        if cat not in categories:
            raise ValueError(
                f"feedback for {cat.value!r}, which is not among categories "
                f"{[c.value for c in categories]}: add it to categories"
            )
        bad = sorted(i for i in statuses if not 0 <= i < count)
        if bad:
            raise ValueError(
                f"feedback for {cat.value!r} names token(s) {bad}, but the text has {count} "
                "tokens: compute statuses from tokenize(text)"
            )
        # JSON object keys are strings; the component reads them as such.
        out[cat.value] = {str(i): TokenStatus(s).value for i, s in sorted(statuses.items())}
    return out
