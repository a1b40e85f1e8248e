"""What students marked: found shares per gold span, common false alarms, per-token heat maps.

Each answer (a student's latest attempt at an excerpt, see
:func:`quiz.reports.scores.latest_answers`) is judged against the excerpt
*version* it was scored on, with :func:`quiz.scoring.score_category`, so an
answer key edited later does not rewrite what earlier students found.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.discernment import wrong_kind
from quiz.models import Category, Excerpt
from quiz.records import Attempt
from quiz.reports.rows import FalseAlarmRow, HeatMap, HeatToken, SpanFoundRow
from quiz.scoring import CategoryResult, score_category
from quiz.text import tokenize


@dataclass(frozen=True, slots=True)
class Answer:
    """A student's answer with the excerpt version it was scored on, judged per category."""

    attempt: Attempt
    excerpt: Excerpt
    results: dict[Category, CategoryResult]

    @property
    def student_id(self) -> str:
        return self.attempt.student_id


def judge(attempt: Attempt, excerpt: Excerpt) -> Answer:
    """Score each category the attempt asked against ``excerpt`` (the version it names).

    Marks outside the text (a stale or hand-made record) are clipped, not fatal:
    a report must still show the rest of the class.
    """
    length = len(excerpt.text)
    results: dict[Category, CategoryResult] = {}
    for category in attempt.categories:
        gold = [(s.start, s.end) for s in excerpt.gold(category)]
        marks = [
            (start, min(end, length))
            for start, end in attempt.selections.get(category, [])
            if start < length
        ]
        results[category] = score_category(gold, marks)
    return Answer(attempt, excerpt, results)


def span_rows(answers: Iterable[Answer]) -> list[SpanFoundRow]:
    """Share of students who found each gold span, per excerpt version, in text order."""
    groups = _by_version(answers)
    rows: list[SpanFoundRow] = []
    for (excerpt_id, version), group in sorted(groups.items()):
        excerpt = group[0].excerpt
        for category in Category:
            asked = [a for a in group if category in a.results]
            if not asked:
                continue
            for span in excerpt.gold(category):
                key = (span.start, span.end)
                found = sum(1 for a in asked if key in a.results[category].found)
                partly = sum(1 for a in asked if key in a.results[category].partly_found)
                rows.append(
                    SpanFoundRow(
                        excerpt_id=excerpt_id,
                        version=version,
                        category=category,
                        start=span.start,
                        end=span.end,
                        quote=span.quote,
                        students=len(asked),
                        found=found,
                        partly_found=partly,
                        share_found=found / len(asked),
                    )
                )
    rows.sort(key=lambda r: (r.excerpt_id, r.version, r.start, r.category.value))
    return rows


def false_alarm_rows(answers: Iterable[Answer]) -> list[FalseAlarmRow]:
    """Marks touching no gold span of their category, grouped by text, most students first.

    A group whose marks touch a gold span of another category (right place,
    wrong kind, :func:`quiz.discernment.wrong_kind`) names that category.

    The grouping key is the marked text casefolded with spaces collapsed, per
    excerpt (all versions together) and category; a student counts once per group.
    """
    students: dict[tuple[str, Category, str], set[str]] = defaultdict(set)
    examples: dict[tuple[str, Category, str], str] = {}
    kinds: dict[tuple[str, Category, str], Category] = {}
    for answer in answers:
        text = answer.excerpt.text
        marks = {c: list(r.marks) for c, r in answer.results.items()}
        other = {(w.category, w.start, w.end): w.key_category
                 for w in wrong_kind(answer.excerpt, marks)}
        for category, result in answer.results.items():
            for start, end in result.false_alarms:
                marked = text[start:end]
                key = (answer.excerpt.id, category, normalise_mark(marked))
                students[key].add(answer.student_id)
                examples.setdefault(key, marked)
                if (category, start, end) in other:
                    kinds.setdefault(key, other[category, start, end])
    rows = [
        FalseAlarmRow(excerpt_id, category, key, examples[excerpt_id, category, key], len(who),
                      kinds.get((excerpt_id, category, key)))
        for (excerpt_id, category, key), who in students.items()
    ]
    rows.sort(key=lambda r: (-r.students, r.excerpt_id, r.category.value, r.text))
    return rows


def normalise_mark(text: str) -> str:
    """How false alarms are grouped: 'Clearly,  The' and 'clearly, the' are one."""
    return " ".join(text.split()).casefold()


def heat_maps(answers: Iterable[Answer]) -> list[HeatMap]:
    """Per excerpt version: for each token, how many students marked it, per category and in all.

    A token counts as marked when a mark overlaps it by at least one character.
    """
    maps: list[HeatMap] = []
    for (excerpt_id, version), group in sorted(_by_version(answers).items()):
        tokens = tokenize(group[0].excerpt.text)
        starts, ends = [t.start for t in tokens], [t.end for t in tokens]
        per_category: dict[Category, list[set[str]]] = {}
        anyone: list[set[str]] = [set() for _ in tokens]
        for answer in group:
            for category, result in answer.results.items():
                if category not in per_category:
                    per_category[category] = [set() for _ in tokens]
                marked = per_category[category]
                for index in _touched(result.marks, starts, ends):
                    marked[index].add(answer.student_id)
                    anyone[index].add(answer.student_id)
        order = [c for c in Category if c in per_category]
        maps.append(
            HeatMap(
                excerpt_id=excerpt_id,
                version=version,
                students=len({a.student_id for a in group}),
                tokens=tuple(
                    HeatToken(
                        index=t.index,
                        start=t.start,
                        end=t.end,
                        text=t.text,
                        total=len(anyone[t.index]),
                        by_category={c: len(per_category[c][t.index]) for c in order},
                    )
                    for t in tokens
                ),
            )
        )
    return maps


def _touched(
    marks: Sequence[tuple[int, int]], starts: Sequence[int], ends: Sequence[int]
) -> set[int]:
    touched: set[int] = set()
    for start, end in marks:
        # Token ends are increasing: the first token ending after `start` is the
        # first one the mark can overlap.
        index = bisect.bisect_right(ends, start)
        while index < len(ends) and starts[index] < end:
            touched.add(index)
            index += 1
    return touched


def _by_version(answers: Iterable[Answer]) -> dict[tuple[str, int], list[Answer]]:
    groups: dict[tuple[str, int], list[Answer]] = defaultdict(list)
    for answer in answers:
        groups[answer.excerpt.id, answer.attempt.excerpt_version].append(answer)
    return groups
