"""``python -m quiz bench suggest``: how well and how fast the suggester finds the gold spans.

The content set is split by excerpt group (pairs and same-article excerpts
together; :mod:`quiz.suggest.evaluate`) into a tuning part (~60%) and a held-out
part. The suggester is trained and its thresholds chosen on the tuning part
only; the held-out table is the honest figure, the tuning table is shown
beside it, labelled, to show the gap. Scores are the SemEval-2020 Task 11
span metric of :func:`quiz.scoring.score_category` over each part as a corpus.
Speed is suggestions per second on a ~180-word excerpt, with a baseline
(tokenizing the same text) measured in the same process.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from quiz.content import check_content
from quiz.models import Category, Excerpt
from quiz.suggest import Suggester
from quiz.suggest.evaluate import Prf, corpus_scores, split
from quiz.suggest.lexicon import load_lexicon
from quiz.text import tokenize, word_count

GOAL_F1 = 0.65
BUDGET_MS = 200.0


def run(quick: bool = False) -> int:
    """Print the tables; return 1 when the content set has no excerpts, else 0."""
    from quiz.cli import DEFAULT_CONTENT

    excerpts, errors = check_content([DEFAULT_CONTENT])
    if not excerpts:
        print(f"no valid excerpts in {DEFAULT_CONTENT}: run `python -m quiz validate`")
        return 1
    tune, held = split(excerpts)
    started = time.perf_counter()
    suggester = Suggester.fit(tune)
    fit_seconds = time.perf_counter() - started
    missing = load_lexicon().missing
    print(
        f"suggest benchmark: {len(excerpts)} excerpts ({len(errors)} content problem(s) "
        f"skipped); tuned on {len(tune)}, held out {len(held)}; fit in {fit_seconds:.2f} s"
        + (f"; MISSING optional lexicons: {', '.join(missing)}" if missing else "")
    )
    print(f"held-out: {', '.join(e.id for e in held)}")
    held_scores = evaluate(suggester, held)
    print_table("HELD-OUT (never seen in tuning): the honest figure", held_scores)
    print_table("tuning part (trained on it: optimistic)", evaluate(suggester, tune))
    worst = min(p.f1 for p in held_scores.values())
    print(
        f"goal: F1 >= {GOAL_F1} in every category on held-out text: "
        + ("met" if worst >= GOAL_F1 else f"NOT met (lowest {worst:.2f})")
    )
    print_speed(suggester, excerpts, quick)
    return 0


def evaluate(suggester: Suggester, excerpts: Sequence[Excerpt]) -> dict[Category, Prf]:
    """Corpus scores of the suggester's picks on ``excerpts``."""
    items = []
    for excerpt in excerpts:
        chosen: dict[Category, list[tuple[int, int]]] = {}
        for s in suggester.suggest(excerpt.text):
            chosen.setdefault(s.category, []).append((s.start, s.end))
        items.append((excerpt, chosen))
    return corpus_scores(items)


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
    per_call = _time(lambda: suggester.suggest(text), seconds)
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
