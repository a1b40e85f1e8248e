"""A learner's marks as character spans: from token indices, merged, checked.

The metric (:mod:`quiz.scoring`) leaves open how a learner's spans are formed;
here is how:

* From tokens (the UI): consecutive selected token indices form one span, so
  the spaces or punctuation between two selected words belong to it
  (:func:`spans_from_tokens`).
* From characters (the CLI, reports): spans that overlap or touch
  (``end == next start``) are merged (:func:`merge_spans`). A learner's
  selection is a set, and the formula would count overlapping characters twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quiz.text import Token, tokenize

CharSpan = tuple[int, int]


class SelectionError(ValueError):
    """A selection that cannot be scored: offsets or token indices out of range."""


def spans_from_tokens(
    text: str, token_indices: Iterable[int], tokens: Sequence[Token] | None = None
) -> list[CharSpan]:
    """Turn selected token indices into character spans.

    Consecutive indices form one span that runs from the first word's start to
    the last word's end, so punctuation and spaces between them are included.

    Args:
        text: the excerpt text.
        token_indices: indices into ``tokenize(text)``, any order, repeats allowed.
        tokens: ``tokenize(text)`` when the caller already has it.

    Returns:
        Non-overlapping spans in text order.

    Raises:
        SelectionError: an index that is not a token of the text.
    """
    words = tokenize(text) if tokens is None else tokens
    chosen = sorted(set(token_indices))
    if chosen and (chosen[0] < 0 or chosen[-1] >= len(words)):
        bad = chosen[0] if chosen[0] < 0 else chosen[-1]
        raise SelectionError(
            f"token {bad} is not in the text, which has {len(words)} tokens: "
            f"use indices 0 to {len(words) - 1} from quiz.text.tokenize"
        )
    spans: list[CharSpan] = []
    previous = -2
    for index in chosen:
        if index == previous + 1:
            spans[-1] = (spans[-1][0], words[index].end)
        else:
            spans.append((words[index].start, words[index].end))
        previous = index
    return spans


def merge_spans(spans: Iterable[CharSpan]) -> list[CharSpan]:
    """Sort spans and merge those that overlap or touch (``end == next start``)."""
    merged: list[CharSpan] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def check_spans(spans: Iterable[CharSpan], length: int | None = None) -> None:
    """Raise :class:`SelectionError` unless every span is ``0 <= start < end <= length``."""
    for start, end in spans:
        if start < 0 or end <= start or (length is not None and end > length):
            limit = "the text's length" if length is None else str(length)
            raise SelectionError(
                f"[{start}, {end}] is not a span of the text"
                + (f", which has {length} characters" if length is not None else "")
                + f": give 0 <= start < end <= {limit}"
            )
