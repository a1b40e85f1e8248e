"""``python -m quiz bench scoring``: how many excerpt scorings one core does per second.

The excerpt is a realistic 180-word opinion piece with 15 scored spans (and one
attributed opinion), built here so the figure does not depend on ``content/``.
Machines differ and are noisy, so the table also shows a baseline measured in
the same process, tokenizing the same text, and the ratio between the two.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from quiz.feedback import build_feedback
from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, score_excerpt
from quiz.text import tokenize, word_count

TARGET_PER_SECOND = 20_000

TEXT = (
    "The council's so-called traffic plan is, frankly, the most pointless scheme this town "
    "has seen in a decade. Everyone knows that bike lanes empty the high street, and shop "
    "owners are already going bust because of them. The mayor's cronies rammed the vote "
    "through on a Tuesday night, when few residents were watching. Councillor Ana Reyes "
    "said the plan was \u201ca careless gift to developers\u201d, and she may have a point. "
    "Last time I checked, drivers pay for these roads. Studies show that congestion charges "
    "hurt poor families the most, yet the zealots at city hall keep pushing their war on "
    "drivers. It is high time someone asked who benefits. A group funded by "
    "out-of-town donors has spent thousands on glossy leaflets, and the local paper has "
    "printed them without a single question. Needless to say, residents deserve better than "
    "this. Clearly, the council should scrap the plan, listen to the people who "
    "live here, and stop treating every motorist as a villain. If they refuse, voters will "
    "remember it in May, and the council will have itself to blame."
)

# (category, quote, attributed); every quote occurs once in TEXT.
SPANS: list[tuple[Category, str, bool]] = [
    (Category.LOADED_TERM, "so-called", False),
    (Category.OPINION_MARKER, "frankly", False),
    (Category.OPINION_MARKER, "the most pointless scheme this town has seen in a decade", False),
    (Category.UNSUPPORTED_CLAIM, "Everyone knows that bike lanes empty the high street", False),
    (Category.UNSUPPORTED_CLAIM, "shop owners are already going bust because of them", False),
    (Category.LOADED_TERM, "cronies", False),
    (Category.LOADED_TERM, "rammed", False),
    (Category.OPINION_MARKER, "a careless gift to developers", True),
    (Category.OPINION_MARKER, "Last time I checked", False),
    (Category.UNSUPPORTED_CLAIM,
     "Studies show that congestion charges hurt poor families the most", False),
    (Category.LOADED_TERM, "zealots", False),
    (Category.LOADED_TERM, "war on drivers", False),
    (Category.OPINION_MARKER, "It is high time", False),
    (Category.UNSUPPORTED_CLAIM,
     "A group funded by out-of-town donors has spent thousands on glossy leaflets", False),
    (Category.OPINION_MARKER, "Needless to say", False),
    (Category.OPINION_MARKER, "Clearly", False),
]

# A typical learner: most spans found, some only in part, a few false alarms.
MARKS: dict[Category, list[str]] = {
    Category.OPINION_MARKER: [
        "frankly", "most pointless scheme", "a careless gift", "she may have a point",
        "It is high time", "Clearly",
    ],
    Category.UNSUPPORTED_CLAIM: [
        "Everyone knows that bike lanes empty the high street",
        "congestion charges hurt poor families", "voters will remember it in May",
    ],
    Category.LOADED_TERM: ["cronies", "zealots at city hall", "war on drivers", "glossy"],
}


def bench_excerpt() -> Excerpt:
    """The benchmark's excerpt, with every span placed by its quote."""
    spans = []
    for category, quote, attributed in SPANS:
        start = _place(quote)
        extra = {
            Category.LOADED_TERM: {"neutral_alternative": "a neutral word"},
            Category.UNSUPPORTED_CLAIM: {"evidence_needed": "a named source"},
        }.get(category, {})
        spans.append({
            "category": category, "quote": quote, "start": start, "end": start + len(quote),
            "explanation": "Why this span matters, in plain words.", "attributed": attributed,
            **({} if attributed else extra),
        })
    return Excerpt.model_validate({
        "id": "bench-traffic-plan", "title": "The traffic plan", "source": "written for practice",
        "genre": "opinion", "leaning": "none", "difficulty": 2, "text": TEXT, "spans": spans,
    })


def typical_selection() -> dict[Category, list[CharSpan]]:
    """The benchmark learner's marks as character spans."""
    return {c: [(_place(q), _place(q) + len(q)) for q in quotes] for c, quotes in MARKS.items()}


def rates(
    functions: dict[str, Callable[[], object]], seconds: float, repeats: int = 3
) -> dict[str, float]:
    """Calls per second of each function: the best of ``repeats`` timed runs.

    The runs are interleaved (each function once per round) so that a burst of
    load on a shared machine hits all of them alike and the ratios hold.
    """
    best = dict.fromkeys(functions, 0.0)
    for _ in range(repeats):
        for name, function in functions.items():
            calls, started, elapsed = 0, time.perf_counter(), 0.0
            while elapsed < seconds:
                for _ in range(20):
                    function()
                calls += 20
                elapsed = time.perf_counter() - started
            best[name] = max(best[name], calls / elapsed)
    return best


def count_spaces() -> int:
    """The plain-loop baseline: one Python-level step per character of the text."""
    return sum(1 for ch in TEXT if ch == " ")


def run(quick: bool = False) -> int:
    """Print the benchmark table; return the exit code (0: the figures are information)."""
    excerpt = bench_excerpt()
    marks = typical_selection()
    asked = list(Category)
    found = rates(
        {
            "score_excerpt": lambda: score_excerpt(excerpt, marks, asked),
            "build_feedback": lambda: build_feedback(excerpt, marks, asked),
            "baseline tokenize": lambda: tokenize(TEXT),
            "baseline char loop": count_spaces,
        },
        seconds=0.08 if quick else 0.6,
    )
    gold = sum(1 for s in excerpt.spans if s.is_gold)
    print(
        f"scoring benchmark: {word_count(TEXT)} words, {len(TEXT)} characters, {gold} gold "
        f"spans (+{len(excerpt.spans) - gold} attributed), {len(asked)} categories, "
        f"{sum(map(len, marks.values()))} learner marks" + (" (quick)" if quick else "")
    )
    for name, per_second in found.items():
        print(f"{name:<20}{per_second:>10,.0f} per second {1e6 / per_second:9.1f} µs each")
    scoring = found["score_excerpt"]
    print(
        f"ratio: {scoring / found['baseline tokenize']:.1f} scorings per tokenization, "
        f"{scoring / found['baseline char loop']:.2f} per loop over the characters"
    )
    verdict = "met" if scoring >= TARGET_PER_SECOND else "NOT met on this machine"
    print(f"target: over {TARGET_PER_SECOND:,} scorings per second on one core: {verdict}")
    return 0


def _place(quote: str) -> int:
    at = TEXT.find(quote)
    if at < 0 or TEXT.find(quote, at + 1) >= 0:
        raise ValueError(f"benchmark quote {quote!r} must occur exactly once in the text")
    return at
