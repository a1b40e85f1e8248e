"""Unsubmitted marks in the page address, so a reload or a server restart loses none.

UI state, not domain: the address is what outlives the server process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quiz.models import Category


def encode_draft(excerpt_id: str, selection: Mapping[str, Sequence[int]]) -> str:
    """Unsubmitted marks as a short text for the page address: ``opl-01:loaded_term=3.4``.

    The address outlives the server process, so a restart mid-quiz loses no marks.
    """
    parts = [f"{c}={'.'.join(map(str, sorted(v)))}" for c, v in sorted(selection.items()) if v]
    return f"{excerpt_id}:{';'.join(parts)}"


def decode_draft(value: str, excerpt_id: str) -> dict[str, list[int]]:
    """The marks of :func:`encode_draft` if they belong to ``excerpt_id``; else none.

    Anything malformed yields no marks: an address can be edited by hand.
    """
    owner, _, body = value.partition(":")
    if owner != excerpt_id or not body:
        return {}
    marks: dict[str, list[int]] = {}
    for part in body.split(";"):
        category, _, indices = part.partition("=")
        if category not in {c.value for c in Category}:
            return {}
        try:
            marks[category] = [int(i) for i in indices.split(".") if i]
        except ValueError:
            return {}
    return marks


def encode_task(excerpt_id: str, categories: Sequence[Category]) -> str:
    """The practice task on screen, for the page address: ``opl-01~loaded_term``."""
    return f"{excerpt_id}~{','.join(c.value for c in categories)}"


def decode_task(value: str) -> tuple[str, list[Category]] | None:
    """The task of :func:`encode_task`, or None when the text is not one."""
    excerpt_id, _, names = value.partition("~")
    known = {c.value: c for c in Category}
    categories = [known.get(n) for n in names.split(",") if n]
    if not excerpt_id or not categories or None in categories:
        return None
    return excerpt_id, [c for c in categories if c is not None]
