"""The files of ``content/second/``: blind second readings and the adjudication of them.

They are not excerpts. :func:`quiz.content.check_content` sets them apart
(:func:`is_second_file`), reads them after the excerpts, and hands the decoded
JSON here to be checked against the excerpts' texts: every id must be an
excerpt's, every quote must be found in its text (with ``occurrence`` when it
appears more than once), as in an excerpt's own spans.

A second reading file holds a list of::

    {"id": "opl-03", "annotator": "reader B",
     "spans": [{"quote": "slammed", "category": "loaded_term"},
               {"quote": "said Ms Lee", "category": "opinion_marker", "attributed": true}]}

``adjudication.json`` holds a list of rulings (:class:`quiz.second.Ruling`)::

    {"id": "opl-03", "quote": "slammed", "category": "loaded_term", "occurrence": 1,
     "decision": "change", "reason": "...",
     "to": {"quote": "slammed the plan", "category": "loaded_term"}}

``to`` (for ``change`` only) takes ``quote``, ``occurrence`` and ``category``
(the ruling's own when left out); a ruling about an attributed span says
``"attributed": true``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from quiz.entries import place_quote
from quiz.models import Excerpt
from quiz.second import Marked, Ruling, SecondOpinion

SECOND_FOLDER = "second"
ADJUDICATION_FILE = "adjudication.json"


class Issue(NamedTuple):
    """One problem of a second-reading or adjudication file, located for the author."""

    excerpt: str | None
    span: int | None
    field: str
    message: str


def is_second_file(path: Path) -> bool:
    """Whether a content file is a second reading or the adjudication (not excerpts)."""
    return path.parent.name == SECOND_FOLDER


def is_adjudication(path: Path) -> bool:
    return is_second_file(path) and path.name == ADJUDICATION_FILE


def attach_second(
    excerpts: list[Excerpt], files: list[tuple[Path, Any]]
) -> tuple[list[Excerpt], list[tuple[str, Issue]]]:
    """The excerpts with the second readings and rulings of decoded files attached.

    Returns the excerpts (those without a reading unchanged, in the same order)
    and every problem with the name of its file. An excerpt whose reading or
    rulings do not fit it is returned without them.
    """
    texts = {e.id: e.text for e in excerpts}
    readings: dict[str, SecondOpinion] = {}
    rulings: dict[str, list[Ruling]] = {}
    source: dict[str, str] = {}
    issues: list[tuple[str, Issue]] = []
    for path, raw in files:
        found: list[Issue]
        if is_adjudication(path):
            ruled, found = read_rulings(raw, texts)
            for excerpt_id, more in ruled.items():
                rulings.setdefault(excerpt_id, []).extend(more)
                source.setdefault(f"rulings:{excerpt_id}", str(path))
        else:
            read, found = read_second(raw, texts)
            for excerpt_id in sorted(read.keys() & readings.keys()):
                found.append(Issue(excerpt_id, None, "id", f"has a second reading in "
                                   f"{source[excerpt_id]} too: keep one per excerpt"))
            for excerpt_id, opinion in read.items():
                readings.setdefault(excerpt_id, opinion)
                source.setdefault(excerpt_id, str(path))
        issues.extend((str(path), issue) for issue in found)
    for excerpt_id in sorted(rulings.keys() - readings.keys()):
        issues.append((source[f"rulings:{excerpt_id}"], Issue(
            excerpt_id, None, "id", "has rulings but no second reading to rule on")))
    joined: list[Excerpt] = []
    for excerpt in excerpts:
        reading = readings.get(excerpt.id)
        if reading is not None:
            opinion = reading.model_copy(update={"rulings": rulings.get(excerpt.id, [])})
            try:
                excerpt = Excerpt.model_validate(
                    {**excerpt.model_dump(), "second": opinion.model_dump()})
            except ValidationError as exc:
                issues.extend((source[excerpt.id], issue) for issue in _issues(excerpt.id, exc))
        joined.append(excerpt)
    return joined, issues


def read_second(raw: Any, texts: dict[str, str]) -> tuple[dict[str, SecondOpinion], list[Issue]]:
    """The second readings of one file, by excerpt id, and every problem in it.

    A reading with any problem is left out whole: figures from part of a reading
    would be wrong.
    """
    readings: dict[str, SecondOpinion] = {}
    issues: list[Issue] = []
    for _, item, excerpt_id, text in _items(raw, texts, issues):
        before = len(issues)
        spans: list[Marked] = []
        raw_spans = item.get("spans", [])
        if not isinstance(raw_spans, list):
            issues.append(Issue(excerpt_id, None, "spans", "must be a list of spans"))
            continue
        for number, raw_span in enumerate(raw_spans, start=1):
            mark = _mark(text, raw_span, number, excerpt_id, issues)
            if mark is not None:
                spans.append(mark)
        try:
            opinion = SecondOpinion(annotator=item.get("annotator", ""), spans=spans)
        except ValidationError as exc:
            issues.extend(_issues(excerpt_id, exc))
            continue
        if excerpt_id in readings:
            issues.append(Issue(excerpt_id, None, "id", "has two second readings in this file: "
                                "keep one"))
        elif len(issues) == before:
            readings[excerpt_id] = opinion
    return readings, issues


def read_rulings(raw: Any, texts: dict[str, str]) -> tuple[dict[str, list[Ruling]], list[Issue]]:
    """The rulings of ``adjudication.json``, by excerpt id, and every problem in it."""
    rulings: dict[str, list[Ruling]] = {}
    issues: list[Issue] = []
    for number, item, excerpt_id, text in _items(raw, texts, issues):
        label = f"ruling {number}"
        where = _mark(text, item, None, excerpt_id, issues, field=label)
        target = item.get("to")
        to: Marked | None = None
        if isinstance(target, dict):
            target = {"category": item.get("category"), **target}
            to = _mark(text, target, None, excerpt_id, issues, field=f"{label}.to")
            if to is None:
                continue
        elif target is not None:
            issues.append(Issue(excerpt_id, None, f"{label}.to",
                                "must be an object: quote, category"))
            continue
        if where is None:
            continue
        try:
            ruling = Ruling(**where.model_dump(), decision=item.get("decision"),
                            reason=item.get("reason", ""), to=to)
        except ValidationError as exc:
            issues.extend(_issues(excerpt_id, exc, prefix=label))
            continue
        rulings.setdefault(excerpt_id, []).append(ruling)
    return rulings, issues


def _items(
    raw: Any, texts: dict[str, str], issues: list[Issue]
) -> list[tuple[int, dict[str, Any], str, str]]:
    """The file's objects with a known excerpt id (numbered from 1), and that excerpt's text."""
    found: list[tuple[int, dict[str, Any], str, str]] = []
    for number, item in enumerate(raw if isinstance(raw, list) else [raw], start=1):
        if not isinstance(item, dict):
            issues.append(Issue(f"#{number}", None, "entry", "must be a JSON object with an id"))
            continue
        excerpt_id = item.get("id")
        if not isinstance(excerpt_id, str) or excerpt_id not in texts:
            issues.append(Issue(
                str(excerpt_id) if excerpt_id else f"#{number}", None, "id",
                f"{excerpt_id!r} is not the id of an excerpt in the files checked: check the id, "
                "or validate this file together with the excerpt's",
            ))
            continue
        found.append((number, item, excerpt_id, texts[excerpt_id]))
    return found


def _mark(
    text: str, raw: Any, number: int | None, excerpt_id: str, issues: list[Issue],
    *, field: str = "",
) -> Marked | None:
    """A span placed by its quote (and occurrence), or None with the problem noted."""
    if not isinstance(raw, dict):
        issues.append(Issue(excerpt_id, number, field or "span", "must be a JSON object"))
        return None
    place, problem = place_quote(text, raw, number or 1)
    if problem is not None or place is None:
        message = problem.message if problem else "needs a quote copied from the text"
        name = f"{field}.{problem.field}" if field and problem else field or (
            problem.field if problem else "quote")
        issues.append(Issue(excerpt_id, number, name, message))
        return None
    try:
        return Marked(category=raw.get("category"), quote=place.quote, start=place.start,
                      end=place.end, attributed=raw.get("attributed", False))
    except ValidationError as exc:
        issues.extend(_issues(excerpt_id, exc, number, prefix=field))
        return None


def _issues(
    excerpt_id: str, exc: ValidationError, number: int | None = None, *, prefix: str = ""
) -> list[Issue]:
    found: list[Issue] = []
    for err in exc.errors():
        problems = getattr((err.get("ctx") or {}).get("error"), "problems", None)
        if problems:  # the excerpt's own checks: the reading or rulings do not fit it
            found.extend(Issue(excerpt_id, None, p.field, p.message) for p in problems)
            continue
        name = ".".join(str(part) for part in err["loc"])
        field = f"{prefix}.{name}" if prefix and name else prefix or name or "entry"
        message = str(err["msg"]).removeprefix("Value error, ")
        found.append(Issue(excerpt_id, number, field, message))
    return found
