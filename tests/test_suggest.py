"""Tests for quiz.suggest: each rule family, the learned filter, spans, the split, the guard."""

from __future__ import annotations

import itertools
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.models import Category
from quiz.suggest import MAX_WORDS, Suggester, TextTooLong
from quiz.suggest.context import read
from quiz.suggest.evaluate import corpus_scores, fold_of, groups, held_out
from quiz.suggest.lexicon import load_lexicon
from quiz.suggest.rules import propose
from quiz.text import token_starts_ends, tokenize
from tests.conftest import SUGGEST_FILLER, busybodies_training_set, make_excerpt

OPINION, CLAIM, LOADED = (Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM, Category.LOADED_TERM)


def proposals(text: str) -> set[tuple[str, str, str]]:
    """(category, rule, quote) of every candidate the rules propose."""
    ctx = read(text)
    out = set()
    for c in propose(ctx, load_lexicon(), {}):
        start, end = ctx.span(c.first, c.last)
        out.add((c.category.value, c.rule, text[start:end]))
    return out


@pytest.mark.parametrize(
    ("text", "category", "rule", "quote"),
    [
        ("Clearly, the plan failed.", OPINION, "adverb", "Clearly"),
        ("Sadly, the plan failed.", OPINION, "adverb", "Sadly"),
        ("Needless to say, the plan failed.", OPINION, "adverb", "Needless to say"),
        ("Perhaps the plan failed.", OPINION, "hedge", "Perhaps"),
        ("I think the plan failed.", OPINION, "first_person", "I think"),
        ("Last time I checked, drivers pay.", OPINION, "first_person", "Last time I checked"),
        ("In my opinion the plan failed.", OPINION, "first_person", "In my opinion"),
        ("The mayor ought to resign.", OPINION, "ought", "ought to"),
        ("It is high time they listened.", OPINION, "ought", "It is high time"),
        ("It was an utterly silly plan.", OPINION, "booster", "utterly"),
        ("It was the most boring film of the year.", OPINION, "evaluative", "most boring"),
        (
            "Why are they hiding the report? Nobody knows.",
            OPINION,
            "question",
            "Why are they hiding the report",
        ),
        ("Stop wasting our money.", OPINION, "imperative", "Stop"),
        ("The mayor slammed the plan.", LOADED, "list", "slammed"),
        ("Leftist groups marched.", LOADED, "list", "Leftist"),
        ("The bike-mad council voted.", LOADED, "label", "bike-mad"),
        ("This “reform” costs money.", LOADED, "scare_quotes", "reform"),
        ("The crowd was furious about it.", LOADED, "emotive", "furious"),
        (
            "Studies show that bike lanes empty the high street.",
            CLAIM,
            "vague_source",
            "Studies show that bike lanes empty the high street",
        ),
        (
            "Experts say the plan will fail.",
            CLAIM,
            "vague_source",
            "Experts say the plan will fail",
        ),
        (
            "It forced 25 million people into hunger.",
            CLAIM,
            "figure",
            "It forced 25 million people into hunger",
        ),
        (
            "They secretly want to close the school.",
            CLAIM,
            "motive",
            "They secretly want to close the school",
        ),
        (
            "Nobody reads the terms and conditions anymore.",
            CLAIM,
            "sweeping",
            "Nobody reads the terms and conditions anymore",
        ),
    ],
)
def test_rule_family_proposes(text: str, category: Category, rule: str, quote: str) -> None:
    assert (category.value, rule, quote) in proposals(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # An attributed quotation is someone speaking, not scare quotes.
        ("The mayor said “this reform will cost money for years to come”.", "scare_quotes"),
        # A question inside a quotation is the speaker's, not the writer's.
        ("“Why now?” asked the reporter.", "question"),
        ("The council met on Tuesday.", "first_person"),
    ],
)
def test_rule_family_stays_quiet(text: str, absent: str) -> None:
    assert absent not in {rule for _, rule, _ in proposals(text)}


def test_word_list_entries_with_endings_match() -> None:
    found = proposals("Critics were slamming it; the regime's thugs gutted the budget.")
    quotes = {q for cat, rule, q in found if rule == "list"}
    assert {"slamming", "thugs", "gutted"} <= quotes


def test_rules_only_suggester_gives_reasons_and_neutral_words() -> None:
    text = "I think the mayor slammed the plan. Studies show that buses are always late."
    found = Suggester(None).suggest(text)
    by_quote = {s.quote: s for s in found}
    assert by_quote["I think"].category is OPINION
    assert by_quote["slammed"].neutral_alternative == "criticise"
    assert "criticise" in by_quote["slammed"].why
    assert by_quote["Studies show that buses are always late"].category is CLAIM
    assert all(s.why for s in found)


def test_categories_filter() -> None:
    text = "I think the mayor slammed the plan."
    found = Suggester(None).suggest(text, [LOADED])
    assert {s.category for s in found} == {LOADED}


def test_as_dict_has_exactly_the_cli_keys() -> None:
    found = Suggester(None).suggest("I think the plan is bad.")
    assert found
    assert list(found[0].as_dict()) == ["start", "end", "category", "quote", "why"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "I think",
                "clearly",
                "the",
                "radical",
                "mayor",
                "slammed",
                "plan",
                "“reform”",
                ",",
                ".",
                "?",
                "Studies show",
                "25%",
                "nobody",
                "always",
                "don't",
                "U.S.",
                "—",
                "said",
                "very",
            ]
        ),
        max_size=60,
    )
)
def test_spans_are_token_aligned_minimal_and_never_clash(words: list[str]) -> None:
    text = " ".join(words)
    starts, ends = token_starts_ends(tokenize(text))
    found = Suggester(None).suggest(text)
    for s in found:
        assert text[s.start : s.end] == s.quote
        assert s.start in starts and s.end in ends
    for category in Category:
        spans = sorted((s.start, s.end) for s in found if s.category is category)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_too_long_text_is_refused_fast_with_both_lengths() -> None:
    text = "Clearly the radical mayor slammed the plan, and studies show it failed. " * 420
    started = time.perf_counter()
    with pytest.raises(TextTooLong, match=rf"has 5040 words .* at most {MAX_WORDS}"):
        Suggester(None).suggest(text)
    assert time.perf_counter() - started < 1.0


def test_text_at_the_limit_runs_in_linear_time() -> None:
    # Pathological punctuation and quotes must not make any pattern backtrack.
    text = ("“" + "word, " * 30 + "” ?! — ") * 60
    text = " ".join(text.split()[: MAX_WORDS - 5])
    started = time.perf_counter()
    Suggester(None).suggest(text)
    assert time.perf_counter() - started < 3.0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The new road will bring more visitors to the town.", "with no source in the sentence"),
        ("The mayor said the new road will bring more visitors.", "source the sentence names"),
    ],
)
def test_a_clause_reason_never_says_no_source_when_one_is_named(text: str, why: str) -> None:
    ctx = read(text)
    [clause] = [c for c in propose(ctx, load_lexicon(), {}) if c.rule == "clause"]
    assert why in clause.why


def test_empty_text_has_no_suggestions() -> None:
    assert Suggester(None).suggest("  ...  ") == []


# -- learning from annotated examples ----------------------------------------------------


def test_fit_learns_an_annotated_phrase_with_its_neutral_alternative() -> None:
    suggester = Suggester.fit(busybodies_training_set())
    text = "Once more the busybodies have stopped the fair. " + SUGGEST_FILLER
    found = {s.quote: s for s in suggester.suggest(text)}
    assert found["busybodies"].category is LOADED
    assert found["busybodies"].neutral_alternative == "neighbours"
    assert suggester.model is not None
    assert set(suggester.model.thresholds) == set(Category)


def test_the_word_tagger_finds_a_form_no_rule_or_list_holds() -> None:
    # Only "busybodies" was annotated; the MiniLM tagger carries it over to "busybody".
    suggester = Suggester.fit(busybodies_training_set())
    found = suggester.suggest(
        "Once more the busybody next door has stopped the fair. " + SUGGEST_FILLER
    )
    assert [(s.quote, s.category) for s in found] == [("busybody", LOADED)]
    assert "annotated examples" in found[0].why


def test_fit_on_nothing_falls_back_to_rules() -> None:
    assert Suggester.fit([]).model is None


# -- evaluation: the split and corpus scores --------------------------------------------


def test_pairs_share_a_group_and_a_fresh_story_is_held_out_whole() -> None:
    excerpts = [
        make_excerpt("a-1", "Left side. " + SUGGEST_FILLER, [], pair="b-1"),
        make_excerpt("b-1", "Right side. " + SUGGEST_FILLER, [], pair="a-1"),
        *[make_excerpt(f"c-{i}", f"Other {i}. " + SUGGEST_FILLER, []) for i in range(10)],
    ]
    assert groups(excerpts)["a-1"] == groups(excerpts)["b-1"]
    # Only one side of the pair is named fresh: its partner must not be tuned on.
    tune, fresh = held_out(excerpts, {"a-1", "c-3", "not-an-id"})
    assert [e.id for e in fresh] == ["a-1", "b-1", "c-3"]
    assert [e.id for e in tune] == [f"c-{i}" for i in range(10) if i != 3]


def test_pairs_share_a_fold() -> None:
    a = make_excerpt("a-1", "Left. " + SUGGEST_FILLER, [], pair="b-1")
    b = make_excerpt("b-1", "Right. " + SUGGEST_FILLER, [], pair="a-1")
    others = [make_excerpt(f"c-{i}", f"Other {i}. " + SUGGEST_FILLER, []) for i in range(12)]
    fold = fold_of([a, b, *others], 4, "any:")
    assert fold["a-1"] == fold["b-1"]
    assert len(set(fold.values())) > 1


def test_corpus_scores_perfect_and_empty() -> None:
    e = make_excerpt("x-1", "The busybodies won. " + SUGGEST_FILLER, [(LOADED, "busybodies")])
    perfect = corpus_scores([(e, {LOADED: [(4, 14)]})])
    assert perfect[LOADED].f1 == 1.0
    assert perfect[OPINION].f1 == 1.0  # nothing to find, nothing marked
    missed = corpus_scores([(e, {})])
    assert missed[LOADED].recall == 0.0
    alarm = corpus_scores([(e, {OPINION: [(0, 3)]})])
    assert alarm[OPINION].f1 == 0.0


def test_the_third_party_lexicons_are_read_from_the_data_folder() -> None:
    lex = load_lexicon()
    assert lex.missing == ()
    assert lex.valence["furious"] < -1.9  # vader_lexicon.txt
    assert "utterly" in lex.boosters  # boosters.txt, VADER's B_INCR words
    assert "slightly" not in lex.boosters  # a B_DECR word
    assert lex.subjectivity["boring"] >= 0.6  # en-sentiment.xml
    assert lex.pos["boring"].startswith("JJ") and "stop" in lex.base_verbs  # en-lexicon.txt


def test_runs_on_our_own_lists_when_the_third_party_lexicons_are_deleted(tmp_path: Path) -> None:
    from quiz.suggest import lexicon

    for ours in ("opinion.tsv", "loaded.tsv"):
        shutil.copy(lexicon.DATA / ours, tmp_path / ours)
    bare = lexicon.read_lexicon(tmp_path)
    assert bare.missing == (
        "vaderSentiment/vader_lexicon.txt",
        "vaderSentiment/boosters.txt",
        "textblob/en-sentiment.xml",
        "textblob/en-lexicon.txt",
    )
    assert not bare.valence and not bare.boosters and not bare.subjectivity and not bare.pos
    assert bare.opinion == load_lexicon().opinion and bare.loaded == load_lexicon().loaded
    found = Suggester(None, bare).suggest("I think the mayor slammed the plan.")
    assert {s.quote for s in found} >= {"I think", "slammed"}
