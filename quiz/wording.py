"""The plain words a learner reads about a score: nouns, notes, the summary sentence.

Kept apart from :mod:`quiz.scoring` (pure numbers) and :mod:`quiz.feedback` (the
model the UI renders) so the wording can be reviewed, and later translated, in
one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.models import Category

if TYPE_CHECKING:  # scoring imports this module for ExcerptResult.summary
    from quiz.scoring import CategoryResult

# What a category's spans are called in a sentence ("1 of your marks was not a ...").
NOUNS: dict[Category, tuple[str, str]] = {
    Category.OPINION_MARKER: ("opinion marker", "opinion markers"),
    Category.UNSUPPORTED_CLAIM: ("unsupported claim", "unsupported claims"),
    Category.LOADED_TERM: ("loaded term", "loaded terms"),
}

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
    one, many = NOUNS[category]
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
        sentence = f"You found {len(result.found)} of {total} {one if total == 1 else many}"
        if result.partly_found:
            sentence += f" and partly found {len(result.partly_found)} more"
        sentence += "; " + _marks_clause(one, many, marks, wrong)
    flagged = len(result.attributed_flagged)
    if flagged:
        which = "your mark was" if marks == 1 else f"{flagged} of your marks {_was(flagged)}"
        sentence += (
            f" Note: {which} on words the writer attributed to a named speaker or source, "
            "which is the writer doing the job right."
        )
    return sentence


def _marks_clause(one: str, many: str, marks: int, wrong: int) -> str:
    if marks == 0:
        return "you marked nothing."
    if marks == 1:
        return f"your mark {'was not' if wrong else 'touched'} {a_noun(one)}."
    if wrong == 0:
        return f"all {marks} of your marks touched {many}."
    if wrong == marks:
        return f"none of your {marks} marks touched {a_noun(one)}."
    if wrong == 1:
        return f"1 of your {marks} marks was not {a_noun(one)}."
    return f"{wrong} of your {marks} marks were not {many}."


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def a_noun(noun: str) -> str:
    """'a loaded term', 'an opinion marker'."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun
