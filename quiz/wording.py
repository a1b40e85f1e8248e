"""The sentences a learner reads about a score: the summary, and the note under each span and mark.

Built from the words of :mod:`quiz.vocabulary`, and kept apart from
:mod:`quiz.scoring` (pure numbers) and :mod:`quiz.feedback` (the model the UI
renders) so the wording can be reviewed, and later translated, in one place.
"""

from __future__ import annotations

from quiz.scoring import CategoryResult
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


def summary_sentence(category: Category, result: CategoryResult) -> str:
    """The learner-facing sentence for one category, in plain words.

    Example: "You found 4 of 6 loaded terms; 1 of your 3 marks was not a loaded term."
    """
    many = category.plural
    total, marks, wrong = result.gold_count, len(result.marks), len(result.false_alarms)
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
            f"You found {len(result.found)} of {total} {category.noun if total == 1 else many}"
        )
        if result.partly_found:
            sentence += f" and partly found {len(result.partly_found)} more"
        sentence += "; " + _marks_clause(category, marks, wrong)
    flagged = len(result.attributed_flagged)
    if flagged:
        which = "your mark was" if marks == 1 else f"{flagged} of your marks {_was(flagged)}"
        sentence += (
            f" Note: {which} on words the writer attributed to a named speaker or source, "
            "which is the writer doing the job right."
        )
    return sentence


def _marks_clause(category: Category, marks: int, wrong: int) -> str:
    a_noun, many = category.with_article, category.plural
    if marks == 0:
        return "you marked nothing."
    if marks == 1:
        return f"your mark {'was not' if wrong else 'touched'} {a_noun}."
    if wrong == 0:
        return f"all {marks} of your marks touched {many}."
    if wrong == marks:
        return f"none of your {marks} marks touched {a_noun}."
    if wrong == 1:
        return f"1 of your {marks} marks was not {a_noun}."
    return f"{wrong} of your {marks} marks were not {many}."


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def span_note(category: Category, status: Status) -> str:
    """The note shown under a span of the answer key."""
    if status is Status.FOUND:
        return f"You found this {category.noun}."
    if status is Status.PARTLY_FOUND:
        return f"You marked less than half of this {category.noun}: mark the whole phrase."
    if status is Status.MISSED:
        return f"You missed this {category.noun}."
    if status is Status.ATTRIBUTED_LEFT:
        return "You rightly left this alone. " + ATTRIBUTED_NOTES[category]
    return ATTRIBUTED_NOTES[category]


def mark_note(category: Category, status: Status) -> str:
    """The note shown under one of the learner's marks."""
    if status is Status.ON_TARGET:
        return f"This mark touches {category.with_article}."
    if status is Status.ATTRIBUTED_FLAGGED:
        return ATTRIBUTED_NOTES[category]
    return f"This is not {category.with_article} in the answer key."
