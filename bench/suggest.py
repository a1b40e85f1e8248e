"""``python -m quiz bench suggest``: how well and how fast the suggester finds the gold spans.

The honest figure is on fresh text: the excerpts in ``content/batch-2/`` were
written by writers who never saw the suggester, and its design was chosen
without them (:mod:`quiz.suggest.evaluate`). The suggester is trained and its thresholds
chosen on the rest of ``content/`` only. Beside it, labelled optimistic, is a
grouped cross-validation on that tuning part: the design choices (which
candidates, which features, the tagger's settings) were made on those figures.
Scores are the SemEval-2020 Task 11 span metric of
:func:`quiz.scoring.score_category` over each part as a corpus. Speed is
suggestions per second on a ~180-word excerpt with a cold cache (the MiniLM
pass included), against a baseline (tokenizing the same text) measured in
the same process.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from quiz import config
from quiz.content import check_content
from quiz.models import Category, Excerpt
from quiz.suggest import Suggester
from quiz.suggest.encoder import encoder, word_vectors
from quiz.suggest.evaluate import FRESH, Prf, corpus_scores, fold_of, held_out
from quiz.suggest.lexicon import load_lexicon
from quiz.text import tokenize, word_count

GOAL_F1 = 0.65
BUDGET_MS = 200.0
CV_FOLDS = 6


def run(quick: bool = False) -> int:
    """Print the tables; return 1 when there is nothing to train or test on, else 0.

    Args:
        quick: skip the cross-validation and time the speed briefly.
    """

    excerpts, errors = check_content([config.DEFAULT_CONTENT])
    fresh_dir = config.DEFAULT_CONTENT / FRESH
    fresh_ids = {e.id for e in check_content([fresh_dir])[0]} if fresh_dir.is_dir() else set()
    tune, fresh = held_out(excerpts, fresh_ids)
    if not tune or not fresh:
        print(
            f"need valid excerpts both in {fresh_dir} and elsewhere in {config.DEFAULT_CONTENT}: "
            "run `python -m quiz validate`"
        )
        return 1
    started = time.perf_counter()
    encoder()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    suggester = Suggester.fit(tune)
    fit_seconds = time.perf_counter() - started
    missing = load_lexicon().missing
    print(
        f"suggest benchmark: {len(excerpts)} excerpts ({len(errors)} content problem(s) "
        f"skipped); tuned on {len(tune)}, fresh {len(fresh)} ({FRESH}/); "
        f"model loaded in {load_seconds:.2f} s, fit in {fit_seconds:.1f} s"
        + (f"; MISSING optional lexicons: {', '.join(missing)}" if missing else "")
    )
    print(f"fresh: {', '.join(e.id for e in fresh)}")
    fresh_scores = evaluate(suggester, fresh)
    print_table(
        f"FRESH TEXT ({FRESH}/, never used to design or tune): the honest figure",
        fresh_scores,
    )
    if not quick:
        print_table(
            f"cross-validation on the tuning part, {CV_FOLDS} folds by group "
            "(the design was chosen on these: optimistic)",
            cross_validate(tune, CV_FOLDS),
        )
    worst = min(p.f1 for p in fresh_scores.values())
    print(
        f"\ngoal: F1 >= {GOAL_F1} in every category on fresh text: "
        + ("met" if worst >= GOAL_F1 else f"NOT met (lowest {worst:.2f})")
    )
    print_speed(suggester, excerpts, quick)
    return 0


def cross_validate(excerpts: Sequence[Excerpt], folds: int) -> dict[Category, Prf]:
    """Each excerpt scored by a suggester fitted without its group."""
    fold = fold_of(excerpts, folds, "cv:")
    items = []
    for k in range(folds):
        test = [e for e in excerpts if fold[e.id] == k]
        if test:
            suggester = Suggester.fit([e for e in excerpts if fold[e.id] != k])
            items += [(e, chosen(suggester, e)) for e in test]
    return corpus_scores(items)


def evaluate(suggester: Suggester, excerpts: Sequence[Excerpt]) -> dict[Category, Prf]:
    """Corpus scores of the suggester's picks on ``excerpts``."""
    return corpus_scores([(e, chosen(suggester, e)) for e in excerpts])


def chosen(suggester: Suggester, excerpt: Excerpt) -> dict[Category, list[tuple[int, int]]]:
    """The suggester's spans in ``excerpt``, by category."""
    spans: dict[Category, list[tuple[int, int]]] = {}
    for s in suggester.suggest(excerpt.text):
        spans.setdefault(s.category, []).append((s.start, s.end))
    return spans


def print_table(title: str, scores: dict[Category, Prf]) -> None:
    """One Markdown table: P, R, F1 and span counts per category."""
    print(f"\n{title}\n")
    print("| category | precision | recall | F1 | suggested | gold |")
    print("|---|---:|---:|---:|---:|---:|")
    for category, p in scores.items():
        print(
            f"| {category.value} | {p.precision:.2f} | {p.recall:.2f} | {p.f1:.2f} "
            f"| {p.suggested} | {p.gold} |"
        )
    mean = sum(p.f1 for p in scores.values()) / len(scores)
    print(f"| mean | | | {mean:.2f} | | |")


def print_speed(suggester: Suggester, excerpts: Sequence[Excerpt], quick: bool) -> None:
    """Suggestions per second on the excerpt nearest 180 words, against tokenizing it."""
    text = min(excerpts, key=lambda e: abs(word_count(e.text) - 180)).text
    seconds = 0.3 if quick else 2.0
    def cold() -> None:
        # A cold cache each time: the MiniLM pass over the text is part of the cost.
        word_vectors.cache_clear()
        suggester.suggest(text)

    per_call = _time(cold, seconds)
    baseline = _time(lambda: tokenize(text), seconds / 4)
    count = len(suggester.suggest(text))
    print(
        f"\nspeed on a {word_count(text)}-word excerpt ({count} suggestions)"
        + (" (quick)" if quick else "")
    )
    print(
        f"suggest            {1 / per_call:>9,.1f} texts per second  {per_call * 1e3:8.2f} ms each"
        f"  ({count / per_call:,.0f} suggestions per second)"
    )
    print(
        f"baseline tokenize  {1 / baseline:>9,.1f} texts per second  {baseline * 1e3:8.2f} ms each"
    )
    print(f"ratio: one suggest costs {per_call / baseline:,.0f} tokenizations of the same text")
    verdict = "met" if per_call * 1e3 < BUDGET_MS else "NOT met on this machine"
    print(f"budget: under {BUDGET_MS:.0f} ms per text: {verdict}")


def _time(function: object, seconds: float) -> float:
    """Best seconds per call over a few timed runs."""
    assert callable(function)
    function()  # warm caches
    best = float("inf")
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best
