"""The sentences a learner reads about a score: the summary, and the note under each span and mark.

Built from the words of :mod:`quiz.vocabulary`, and kept apart from
:mod:`quiz.scoring` (pure numbers) and :mod:`quiz.feedback` (the model the UI
renders) so the wording can be reviewed, and later translated, in one place.
"""

from __future__ import annotations

from typing import NamedTuple

from quiz.vocabulary import Category, Status

# The note for a mark on an attributed span: the writer did the job right.
ATTRIBUTED_NOTES: dict[Category, str] = {
    Category.OPINION_MARKER: (
        "This opinion is attributed to a named speaker: the writer did the job right."
    ),
    Category.UNSUPPORTED_CLAIM: (
        "This claim is attributed to a named source: the writer did the job right."
    ),
    Category.LOADED_TERM: (
        "These words are quoted from a named speaker: the writer did the job right."
    ),
}


TOO_WIDE = "too wide: most of what you marked is neutral"
"""What a mark too wide is told (see :func:`quiz.feedback.build_feedback` for the rule)."""


class Tally(NamedTuple):
    """One category counted as the feedback shows it (:meth:`quiz.feedback.Feedback.tally`).

    ``found``, ``partly_found`` and ``missed`` are the scored spans by the feedback's
    word rules, not the metric's; the rest count the learner's merged marks.
    """

    found: int
    partly_found: int
    missed: int
    marks: int
    false_alarms: int
    too_wide: int = 0
    attributed_flagged: int = 0
    wrong_kind: int = 0  # false alarms in the right place: another kind's span

    @property
    def total(self) -> int:
        """How many spans there were to find."""
        return self.found + self.partly_found + self.missed


def summary_sentence(category: Category, tally: Tally) -> str:
    """The learner-facing sentence for one category, in plain words.

    Example: "1 found, 2 partly found, 1 missed, of 4 loaded terms; 1 of your 3
    marks was not a loaded term." Each span is counted once, in one of the three.
    """
    many = category.plural
    total, marks, wrong = tally.total, tally.marks, tally.false_alarms
    if total == 0:
        sentence = f"There were no {many} to find"
        if marks == 0:
            sentence += ", and you marked none: well done."
        elif marks == 1:
            sentence += ", so your mark was a false alarm."
        else:
            sentence += f", so your {marks} marks were false alarms."
    else:
        sentence = (
            f"{tally.found} found, {tally.partly_found} partly found, {tally.missed} missed, "
            f"of {total} {category.noun if total == 1 else many}; "
        )
        sentence += _marks_clause(category, marks, wrong, tally.too_wide)
    if tally.wrong_kind:
        which = "it" if tally.wrong_kind == 1 else f"{tally.wrong_kind} of them"
        sentence += (
            f" Right place, wrong kind: {which} touched another kind of spin in the key."
        )
    flagged = tally.attributed_flagged
    if flagged:
        which = "your mark was" if marks == 1 else f"{flagged} of your marks {_was(flagged)}"
        sentence += (
            f" Note: {which} on words the writer attributed to a named speaker or source, "
            "which is the writer doing the job right."
        )
    return sentence


def _marks_clause(category: Category, marks: int, wrong: int, wide: int) -> str:
    a_noun, many = category.with_article, category.plural
    if marks == 0:
        return "you marked nothing."
    if marks == 1:
        if wrong:
            return f"your mark was not {a_noun}."
        return f"your mark was {TOO_WIDE}." if wide else f"your mark touched {a_noun}."
    if wrong == 0:
        clause = f"all {marks} of your marks touched {many}"
    elif wrong == marks:
        clause = f"none of your {marks} marks touched {a_noun}"
    elif wrong == 1:
        clause = f"1 of your {marks} marks was not {a_noun}"
    else:
        clause = f"{wrong} of your {marks} marks were not {many}"
    if wide == marks:
        clause += f", but each was {TOO_WIDE}"
    elif wide:
        clause += f"{', but' if wrong == 0 else ', and'} {wide} {_was(wide)} {TOO_WIDE} there"
    return clause + "."


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


DISPUTED = (
    "Careful readers disagree about this one: a second reader did not mark it. "
    "It counts for less in your skill score."
)
"""Added to the note of a span the blind second reader did not mark (see quiz.second)."""


def span_note(
    category: Category, status: Status, *, too_wide: bool = False, disputed: bool = False
) -> str:
    """The note shown under a span of the answer key.

    ``too_wide``: the span is partly found because the marks that cover it are
    too wide, not because too few of its words were marked. ``disputed``: careful
    readers disagree about the span; :data:`DISPUTED` is added.
    """
    note = _span_note(category, status, too_wide)
    return f"{note} {DISPUTED}" if disputed else note


def _span_note(category: Category, status: Status, too_wide: bool) -> str:
    noun = category.noun
    if status is Status.FOUND:
        return f"You found this {noun}."
    if status is Status.PARTLY_FOUND and too_wide:
        return f"Your mark covered this {noun}, but it was {TOO_WIDE}. Mark just the {noun}."
    if status is Status.PARTLY_FOUND:
        return f"You marked less than half of the words of this {noun}: mark the whole phrase."
    if status is Status.MISSED:
        return f"You missed this {category.noun}."
    if status is Status.ATTRIBUTED_LEFT:
        return "You rightly left this alone. " + ATTRIBUTED_NOTES[category]
    return ATTRIBUTED_NOTES[category]


def mark_note(category: Category, status: Status, *, words: int = 0, neutral: int = 0) -> str:
    """The note shown under one of the learner's marks (``neutral`` of its ``words`` words
    are in no span of the key: said for a mark too wide)."""
    if status is Status.ON_TARGET:
        return f"This mark touches {category.with_article}."
    if status is Status.TOO_WIDE:
        return (
            f"{TOO_WIDE.capitalize()}. It touches {category.with_article}, but {neutral} of its "
            f"{words} words are not part of one: mark just the {category.noun}."
        )
    if status is Status.ATTRIBUTED_FLAGGED:
        return ATTRIBUTED_NOTES[category]
    return f"This is not {category.with_article} in the answer key."


def wrong_kind_note(category: Category, key_category: Category) -> str:
    """The note under a mark in the right place but of the wrong kind: it touches no
    ``category`` span of the key, but a ``key_category`` one."""
    return (
        f"Right place: the key calls this {key_category.with_article}, not "
        f"{category.with_article}. It counts as a false alarm for {category.plural}."
    )
