"""A blind second reading in the app: a teacher marks an excerpt without its key, sees how far
they agree with it, and adjudicates each disagreement, which makes the excerpt's next version.

:func:`compare_reading` scores the reading against the key of the version the teacher
marked (:mod:`quiz.agreement`); :func:`adjudicate` applies one decision per
disagreement (keep, drop, change to the reader's words, add the reader's span) and
stores the result as a new version carrying the reading and the rulings
(:class:`quiz.second.SecondOpinion`). Attempts keep the version they were scored
on, so no old score moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.agreement import Agreement, Disagreement, compare, disagreements
from quiz.models import Category, Excerpt, Span
from quiz.records import StoredExcerpt, Teacher
from quiz.second import Marked, Ruling, SecondOpinion
from quiz.selections import CharSpan, check_spans, merge_spans
from quiz.storage import NotFound, Store
from quiz.usecases import Refused


@dataclass(frozen=True)
class Comparison:
    """A teacher's blind reading of one excerpt version, set against its key."""

    excerpt_id: str
    version: int
    annotator: str
    marks: tuple[Marked, ...]
    agreement: dict[Category, Agreement]
    disagreements: tuple[Disagreement, ...]


@dataclass(frozen=True)
class Decision:
    """What the teacher decided about one disagreement, and why.

    ``explanation`` and ``detail`` (the neutral alternative of a loaded term, or
    the evidence that would settle an unsupported claim) are for ``add`` only:
    a span joining the key needs them like any other.
    """

    decision: str
    reason: str
    explanation: str = ""
    detail: str = ""


def compare_reading(
    store: Store,
    excerpt_id: str,
    version: int,
    selections: Mapping[Category, Sequence[CharSpan]],
    annotator: str,
) -> Comparison:
    """The agreement of a blind reading with the key of ``excerpt_id`` at ``version``."""
    excerpt = _version(store, excerpt_id, version).excerpt
    name = " ".join(annotator.split())
    if not name:
        raise Refused("Say who read it (your name or role): the excerpt keeps it with the "
                      "reading.")
    marks: list[Marked] = []
    for category, spans in selections.items():
        check_spans(spans, len(excerpt.text))
        for start, end in merge_spans(spans):
            marks.append(Marked(category=category, quote=excerpt.text[start:end],
                                start=start, end=end))
    marks.sort(key=lambda m: (m.start, m.category.value))
    key = [s.place for s in excerpt.key() if not s.attributed]
    return Comparison(
        excerpt_id=excerpt.id,
        version=version,
        annotator=name[:120],
        marks=tuple(marks),
        agreement=compare(excerpt.text, key, [m.place for m in marks]),
        disagreements=tuple(disagreements(excerpt.key(), marks)),
    )


def adjudicate(
    store: Store, teacher: Teacher, comparison: Comparison, decisions: Sequence[Decision]
) -> StoredExcerpt:
    """Apply one decision per disagreement and store the excerpt's next version.

    Refused when the excerpt has a newer version than the one read (someone
    changed the key meanwhile: read it again), when a decision is missing, not
    allowed for its disagreement or has no reason, or when the new key breaks
    an annotation rule (a changed span overlapping another of its category).
    """
    stored = _version(store, comparison.excerpt_id, comparison.version)
    latest = store.excerpt(comparison.excerpt_id)
    if latest.version != stored.version:
        raise Refused(f"“{stored.excerpt.title}” has changed since you read it (it is now "
                      f"version {latest.version}): read the new version.")
    if len(decisions) != len(comparison.disagreements):
        raise Refused("Decide every disagreement before saving.")
    excerpt = stored.excerpt
    spans = list(excerpt.spans)
    rulings: list[Ruling] = []
    for number, (found, decided) in enumerate(
        zip(comparison.disagreements, decisions, strict=True), start=1
    ):
        reason = " ".join(decided.reason.split())
        if decided.decision not in found.decisions:
            raise Refused(f"Disagreement {number}: choose one of {', '.join(found.decisions)}.")
        if not reason:
            raise Refused(f"Disagreement {number}: give a reason for your decision.")
        rulings.append(_apply(spans, found, decided, reason, number))
    opinion = SecondOpinion(annotator=comparison.annotator, spans=list(comparison.marks),
                            rulings=rulings, adjudicator=teacher.name)
    data: dict[str, Any] = excerpt.model_dump(exclude={"spans", "second"})
    try:
        new = Excerpt.model_validate(
            {**data, "spans": [s.model_dump() for s in spans], "second": opinion.model_dump()})
    except ValueError as exc:
        raise Refused(f"Not saved: the new key breaks a rule. {_first_line(exc)}") from None
    store.import_excerpts([new])
    return store.excerpt(new.id)


def _apply(spans: list[Span], found: Disagreement, decided: Decision, reason: str,
           number: int) -> Ruling:
    """Change ``spans`` as the decision says; the ruling that records it."""
    subject = found.first or found.second
    assert subject is not None  # a disagreement has at least one side
    ruling = {**subject.model_dump(), "decision": decided.decision, "reason": reason[:500]}
    if found.first is not None and decided.decision in ("drop", "change"):
        at = next(i for i, s in enumerate(spans)
                  if (s.category, s.start, s.end) == tuple(found.first.place) and not s.attributed)
        if decided.decision == "drop":
            del spans[at]
        else:
            assert found.second is not None  # "change" is offered only when both sides exist
            other = found.second
            spans[at] = Span.model_validate({**spans[at].model_dump(), "quote": other.quote,
                                             "start": other.start, "end": other.end})
            ruling["to"] = other.model_dump()
    elif decided.decision == "add":
        assert found.second is not None
        spans.append(_new_span(found.second, decided, number))
    return Ruling.model_validate(ruling)


def _new_span(mark: Marked, decided: Decision, number: int) -> Span:
    explanation = " ".join(decided.explanation.split())
    detail = " ".join(decided.detail.split()) or None
    needs = {Category.LOADED_TERM: "a neutral alternative",
             Category.UNSUPPORTED_CLAIM: "the evidence that would settle it"}.get(mark.category)
    if not explanation or (needs and not detail):
        extra = f" and {needs}" if needs else ""
        raise Refused(f"Disagreement {number}: a span added to the key needs an explanation "
                      f"a 13-year-old can follow{extra}.")
    return Span(
        category=mark.category, quote=mark.quote, start=mark.start, end=mark.end,
        explanation=explanation,
        neutral_alternative=detail if mark.category is Category.LOADED_TERM else None,
        evidence_needed=detail if mark.category is Category.UNSUPPORTED_CLAIM else None,
    )


def _version(store: Store, excerpt_id: str, version: int) -> StoredExcerpt:
    try:
        return store.excerpt(excerpt_id, version)
    except NotFound:
        raise Refused("That excerpt is not in the store: choose another.") from None


def _first_line(exc: Exception) -> str:
    problems = getattr(exc, "errors", None)
    text = str(problems()[0]["msg"]) if callable(problems) and problems() else str(exc)
    return text.removeprefix("Value error, ").splitlines()[0]
