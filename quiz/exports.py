"""Exports for the teacher: gradebook and item-analysis CSV, a per-student report, a privacy export.

Every export is a ``str``; the page encodes it as UTF-8 for download. Names
and titles are written exactly as stored (no HTML escaping: a CSV or JSON file
is data, and showing it safely is the viewer's job), except that a CSV cell
that a spreadsheet would run as a formula gets a leading apostrophe: every CSV
is written by :func:`quiz.csv_safe.csv_text`, the project's one guard against
CSV injection. No export carries a teacher's record, so no password hash can
leak through one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence

from quiz.csv_safe import Cell, csv_text
from quiz.models import Category
from quiz.records import Assignment, Attempt, Student, utcnow
from quiz.reports import (
    Answer,
    ClassReport,
    grade_cells,
    judge,
    latest_answers,
    read_versions,
    skill_rows,
)
from quiz.storage import Store
from quiz.timefmt import DEFAULT_ZONE, local_time

EXPORT_FORMAT = "spin-spotter-student-export"
EXPORT_VERSION = 1


def gradebook_csv(report: ClassReport) -> str:
    """One row per student, two columns per assignment: the score, then how much was done.

    The header is ``nickname`` then, for each assignment, its title (equal
    titles get " (2)", " (3)"...) and the same title with " (done)". A score
    cell is the student's mean score on the excerpts of the assignment they
    answered, to one decimal, empty when they answered none; the done cell says
    how many of its excerpts they answered ("1 of 2"), so a score of 100 on half
    the work is not read as 100 on all of it.
    """
    titles = unique_titles(["nickname", *(a.title for a in report.assignments)])[1:]
    headers: list[Cell] = ["nickname"]
    for title in titles:
        headers += [title, f"{title} (done)"]
    cells_of = {(c.student_id, c.assignment_id): c for c in report.grades}
    rows: list[list[Cell]] = [headers]
    for student in report.students:
        cells: list[Cell] = [student.nickname]
        for assignment in report.assignments:
            cell = cells_of.get((student.student_id, assignment.assignment_id))
            cells += ["", ""] if cell is None else [_number(cell.score, 1), cell.completion]
        rows.append(cells)
    return csv_text(rows)


def item_analysis_csv(report: ClassReport) -> str:
    """One row per excerpt: students, facility (0..1) and discrimination (-1..1), 3 decimals."""
    rows: list[list[Cell]] = [
        ["excerpt_id", "title", "students", "facility", "discrimination",
         "discrimination_students"]
    ]
    for item in report.items:
        rows.append([
            item.excerpt_id, item.title, item.students, _number(item.facility),
            _number(item.discrimination), item.discrimination_students,
        ])
    return csv_text(rows)


def span_analysis_csv(report: ClassReport) -> str:
    """One row per gold span and excerpt version: how many students found it."""
    rows: list[list[Cell]] = [
        ["excerpt_id", "version", "category", "start", "end", "quote", "students", "found",
         "partly_found", "share_found"]
    ]
    for span in report.spans:
        rows.append([
            span.excerpt_id, span.version, span.category.value, span.start, span.end,
            span.quote, span.students, span.found, span.partly_found, _number(span.share_found),
        ])
    return csv_text(rows)


def unique_titles(titles: Iterable[str]) -> list[str]:
    """Titles made distinct, ignoring case: 'Quiz', 'quiz' -> 'Quiz', 'quiz (2)'."""
    seen: set[str] = set()
    result: list[str] = []
    for title in titles:
        candidate, number = title, 1
        while candidate.casefold() in seen:
            number += 1
            candidate = f"{title} ({number})"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def student_data_json(store: Store, student_id: str, *, now: dt.datetime | None = None) -> str:
    """Everything stored about one student, as JSON: the privacy export.

    Holds the student record, their class's id and name, the titles of the
    assignments their attempts name, and every attempt of theirs.

    Raises:
        quiz.storage.NotFound: no such student (perhaps deleted already).
    """
    student = store.get_student(student_id)
    attempts = store.attempts_for_student(student_id)
    classroom = None
    assignments: list[dict[str, str]] = []
    if student.class_id is not None:
        room = store.get_class(student.class_id)
        classroom = {"id": room.id, "name": room.name}
        named = {a.assignment_id for a in attempts}
        assignments = [
            {"id": a.id, "title": a.title}
            for a in store.assignments_for(room.id)
            if a.id in named
        ]
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "exported_at": (now or utcnow()).isoformat(),
        "student": student.model_dump(mode="json"),
        "class": classroom,
        "assignments": assignments,
        "attempts": [a.model_dump(mode="json") for a in attempts],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def student_report(
    store: Store, student_id: str, *, now: dt.datetime | None = None, zone: str = DEFAULT_ZONE
) -> str:
    """A plain-text report on one student, to read, print or hand to a parent.

    Covers every attempt (class and practice); figures use the latest answer
    to each excerpt (a skill: the latest answer asking it). Times are on the
    clock of ``zone`` (the teacher's). Plain text rather than Markdown so a
    nickname is never read as markup: a page shows it with ``st.text`` or
    offers it as a download.

    Raises:
        quiz.storage.NotFound: no such student.
    """
    student = store.get_student(student_id)
    attempts = store.attempts_for_student(student_id)
    latest = latest_answers(attempts)
    versions = read_versions(store, ((a.excerpt_id, a.excerpt_version) for a in attempts))
    answers = [judge(a, versions[a.excerpt_id, a.excerpt_version]) for a in latest.values()]
    titles = {key[0]: excerpt.title for key, excerpt in sorted(versions.items())}
    assignments = store.assignments_for(student.class_id) if student.class_id else []
    where = store.get_class(student.class_id).name if student.class_id else "self-guided practice"

    lines = [
        f"Spin Spotter report: {student.nickname}",
        f"Class: {where}",
        f"Written: {local_time(now or utcnow(), zone)}",
        "",
        f"Attempts: {len(attempts)}, on {len(latest)} excerpt(s). "
        "Figures use the latest answer to each excerpt.",
    ]
    if latest:
        mean = sum(a.score for a in latest.values()) / len(latest)
        lines.append(f"Mean score: {mean:.1f} / 100")
    lines += _category_lines(student, attempts)
    lines += _assignment_lines(student, assignments, attempts)
    lines += _found_lines(answers, titles)
    lines += _attempt_lines(attempts, titles, zone)
    return "\n".join(lines) + "\n"


def _category_lines(student: Student, attempts: Sequence[Attempt]) -> list[str]:
    rows = skill_rows([student], attempts)
    if not rows:
        return []
    lines = ["", "By category              precision  recall     F1  answers"]
    for row in rows:
        lines.append(
            f"  {row.category.label:<22}{row.precision:>9.0%}{row.recall:>8.0%}"
            f"{row.f1:>7.0%}{row.answers:>9}"
        )
    return lines


def _assignment_lines(
    student: Student, assignments: Sequence[Assignment], attempts: Sequence[Attempt]
) -> list[str]:
    if not assignments:
        return []
    lines = ["", "Assignments"]
    for cell, assignment in zip(
        grade_cells([student], assignments, attempts), assignments, strict=True
    ):
        shown = "not started" if cell.score is None else f"{cell.score:.1f}"
        lines.append(f"  {assignment.title}: {shown} ({cell.done} of {cell.of} excerpts)")
    return lines


def _found_lines(answers: Sequence[Answer], titles: dict[str, str]) -> list[str]:
    found: Counter[Category] = Counter()
    missed: Counter[Category] = Counter()
    missed_quotes: list[str] = []
    false_alarms: Counter[str] = Counter()
    for answer in answers:
        excerpt = answer.excerpt
        for category, result in answer.results.items():
            found[category] += len(result.found)
            missed[category] += len(result.missed) + len(result.partly_found)
            for start, end in result.missed:
                missed_quotes.append(
                    f"{category.label}: “{excerpt.text[start:end]}” ({titles[excerpt.id]})"
                )
            for start, end in result.false_alarms:
                false_alarms[f"{category.label}: “{excerpt.text[start:end]}”"] += 1
    if not found and not missed:
        return []
    lines = ["", "Spans found and missed (found: at least half of the span marked)"]
    for category in Category:
        total = found[category] + missed[category]
        if total:
            lines.append(f"  {category.label}: found {found[category]} of {total}")
    if missed_quotes:
        lines += ["", "Missed entirely"] + [f"  {q}" for q in missed_quotes[:10]]
    if false_alarms:
        lines += ["", "Marked but not in the answer key"]
        lines += [f"  {text} ×{n}" for text, n in false_alarms.most_common(10)]
    return lines


def _attempt_lines(attempts: Sequence[Attempt], titles: dict[str, str], zone: str) -> list[str]:
    lines = ["", "Attempts (oldest first)"] if attempts else []
    for attempt in attempts:
        when = local_time(attempt.submitted_at, zone)
        title = titles.get(attempt.excerpt_id, attempt.excerpt_id)
        lines.append(f"  {when}  {attempt.score:5.1f}  {title} ({attempt.mode})")
    return lines


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"
