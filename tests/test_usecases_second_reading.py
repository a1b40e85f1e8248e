"""The blind second reading use case: compare with the key, adjudicate, a new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.agreement import compare, contested_categories
from quiz.auth import hash_password
from quiz.content import build_excerpt
from quiz.feedback import build_feedback
from quiz.learning import attempt_from
from quiz.models import Category, Excerpt
from quiz.records import Teacher
from quiz.scoring import score_excerpt
from quiz.storage import Store
from quiz.store import open_store
from quiz.usecases import Refused
from quiz.usecases.second_reading import Decision, adjudicate, compare_reading
from tests.conftest import sample_entry
from tests.second_fixture import CLAIM

LT = Category.LOADED_TERM
OM = Category.OPINION_MARKER
UC = Category.UNSUPPORTED_CLAIM


def sample() -> Excerpt:
    excerpt, problems = build_excerpt(sample_entry())
    assert excerpt is not None, problems
    return excerpt


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    store.import_excerpts([sample()])
    return store


@pytest.fixture
def teacher(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))


def at(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def reading(excerpt: Excerpt) -> dict[Category, list[tuple[int, int]]]:
    """The second reader of tests/second_fixture.py: "slammed" too, not the claim, nor the
    second "Clearly"; "desperation" alone instead of "complete desperation"."""
    text = excerpt.text
    return {
        LT: [at(text, "desperation"), at(text, "slammed")],
        OM: [at(text, "Clearly"), at(text, "I think")],
    }


def test_compare_scores_the_reading_against_the_key(store: Store) -> None:
    excerpt = sample()
    found = compare_reading(store, excerpt.id, 1, reading(excerpt), "  reader   B ")
    assert found.annotator == "reader B"
    key = [s.place for s in excerpt.key() if not s.attributed]
    assert found.agreement == compare(excerpt.text, key, [m.place for m in found.marks])
    # Loaded terms by hand: key "complete desperation" (20 chars); reader "desperation" (11,
    # all inside) and "slammed" (none): P = (1 + 0) / 2, R = 11/20, F1 = 2PR/(P+R) = 11/21.
    assert found.agreement[LT].span_f1 == pytest.approx(11 / 21)
    assert [(d.category, d.first and d.first.quote, d.second and d.second.quote)
            for d in found.disagreements] == [
        (LT, "complete desperation", "desperation"),
        (LT, None, "slammed"),
        (UC, CLAIM, None),
        (OM, "Clearly", None),
    ]


def decide(*choices: Decision) -> list[Decision]:
    return list(choices)


def test_adjudication_writes_a_new_version_and_old_attempts_keep_theirs(
    store: Store, teacher: Teacher
) -> None:
    v1 = store.excerpt("sample-01")
    marks = {LT: [at(v1.excerpt.text, "complete desperation")]}
    feedback = build_feedback(v1.excerpt, marks, [LT])
    learner = store.add_learner("Ana")
    old = store.record_attempt(attempt_from(feedback, marks, student_id=learner.id,
                                            excerpt_version=v1.version))
    found = compare_reading(store, "sample-01", 1, reading(v1.excerpt), "reader B")
    saved = adjudicate(store, teacher, found, decide(
        Decision("change", "The word alone carries the charge."),
        Decision("add", "A dramatic verb.", "Slammed makes a vote sound violent.", "stopped"),
        Decision("drop", "Too vague to check."),
        Decision("keep", "Said twice on purpose."),
    ))
    assert saved.version == 2
    new = saved.excerpt
    assert sorted((s.category.value, s.quote) for s in new.gold(LT)) == [
        ("loaded_term", "desperation"), ("loaded_term", "slammed")]
    assert new.gold(UC) == []
    assert [s.neutral_alternative for s in new.gold(LT)] == ["a change of plan", "stopped"]
    assert new.second is not None and new.second.adjudicator == "Ms Rivera"
    assert [r.decision for r in new.second.rulings] == ["change", "add", "drop", "keep"]
    assert [excerpt.disputed(s) for excerpt in [new] for s in new.gold(OM)] == [
        False, True, False]
    # Version 1 is kept as it was, and the old attempt scores the same against it.
    assert store.excerpt("sample-01", 1).excerpt == v1.excerpt
    rescored = score_excerpt(store.excerpt("sample-01", old.excerpt_version).excerpt,
                             old.selections, old.categories)
    assert rescored.score == old.score == 100
    # Against the new key the same marks would score less: the key did change.
    assert score_excerpt(new, old.selections, old.categories).score < old.score
    assert contested_categories(new) == []


def test_a_stale_reading_is_refused(store: Store, teacher: Teacher) -> None:
    excerpt = sample()
    found = compare_reading(store, excerpt.id, 1, {OM: [at(excerpt.text, "I think")]}, "B")
    keep_all = [Decision("keep", "fine") for _ in found.disagreements]
    adjudicate(store, teacher, found, keep_all)
    with pytest.raises(Refused, match="has changed since you read it"):
        adjudicate(store, teacher, found, keep_all)


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (Decision("keep", "   "), "give a reason"),
        (Decision("add", "why"), "choose one of keep, drop"),
    ],
)
def test_each_decision_needs_a_reason_and_an_allowed_choice(
    store: Store, teacher: Teacher, last: Decision, message: str
) -> None:
    excerpt = sample()
    found = compare_reading(store, excerpt.id, 1, reading(excerpt), "B")
    decisions = [Decision("keep", "fine") for _ in found.disagreements[:-1]] + [last]
    with pytest.raises(Refused, match=message):
        adjudicate(store, teacher, found, decisions)
    with pytest.raises(Refused, match="Decide every disagreement"):
        adjudicate(store, teacher, found, decisions[:-1])
    assert store.excerpt("sample-01").version == 1


def test_an_added_span_needs_its_explanation(store: Store, teacher: Teacher) -> None:
    excerpt = sample()
    found = compare_reading(store, excerpt.id, 1, {LT: [at(excerpt.text, "slammed")]}, "B")
    choices = [Decision("add" if d.first is None else "keep", "r", "Dramatic.")
               for d in found.disagreements]
    with pytest.raises(Refused, match=r"needs an explanation .* and a neutral alternative"):
        adjudicate(store, teacher, found, choices)


def test_a_change_that_breaks_a_rule_is_refused(store: Store, teacher: Teacher) -> None:
    excerpt = sample()
    # One mark from the second "Clearly" to "I think": changing the first of the two
    # key spans it overlaps to it would make that span overlap "I think".
    text = excerpt.text
    wide = (at(text, "Clearly", 2)[0], at(text, "I think")[1])
    found = compare_reading(store, excerpt.id, 1, {OM: [wide]}, "B")
    choices = [Decision("change" if "change" in d.decisions else "keep", "r")
               for d in found.disagreements]
    with pytest.raises(Refused, match="Not saved: the new key breaks a rule"):
        adjudicate(store, teacher, found, choices)
    assert store.excerpt("sample-01").version == 1


def test_an_unknown_excerpt_or_nameless_reader_is_refused(store: Store) -> None:
    with pytest.raises(Refused, match="not in the store"):
        compare_reading(store, "nope", 1, {}, "B")
    with pytest.raises(Refused, match="Say who read it"):
        compare_reading(store, "sample-01", 1, {}, "  ")
