"""The rules' inline word lists and reason templates (the long lists are in ``data/``).

Kept apart from :mod:`quiz.suggest.rules` so the lists can be read, and
extended, in one place; :mod:`quiz.suggest.features` reads some of them too.
"""

from __future__ import annotations

from quiz.suggest.lexicon import word_set

VAGUE_SUBJECTS = word_set(
    "studies research experts scientists doctors sources insiders critics observers "
    "analysts many most everyone everybody people reports officials"
)
VAGUE_VERBS = word_set(
    "show shows showed prove proves proved say says agree agrees suggest suggests know "
    "knows warn warns confirm confirms believe admit"
)
SWEEPING = word_set(
    "all every everyone everybody everything nobody no-one none nothing never always most "
    "entire whole only"
)
MOTIVE = word_set(
    "want wants wanted secretly really plot plotting agenda hide hiding hides "
    "trying tries pretend pretending funded bankrolled paid intend intends desperate"
)
LEADING = word_set("and but so yet or because while although though which who that")
LABEL_SUFFIXES = (
    "-killing",
    "-hating",
    "-loving",
    "-obsessed",
    "-crazy",
    "-happy",
    "-mad",
    "-mongers",
    "-monger",
    "-mongering",
    "-grabbing",
    "-pinching",
    "-touch",
    "-state",
)
# "Vote counts rose" is no order: an imperative is not followed by a verb form.
NOT_AFTER_IMPERATIVE = word_set("is are was were has have had will would can could")
WHY = {
    "adverb": "'{q}' shows the writer's attitude; a report would state the fact without it.",
    "hedge": "'{q}' is the writer's own guess or doubt, not a reported fact.",
    "first_person": "'{q}' is the writer speaking for themselves: an opinion, not a fact.",
    "ought": "'{q}' tells people what they should do: that is the writer's view.",
    "evaluation": "'{q}' judges; nobody could check it.",
}
