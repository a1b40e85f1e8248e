"""A small worked example of a second reading and its adjudication, on the sample excerpt.

The first key is ``tests.conftest.sample_entry()``'s. A second reader, blind to it,
marked the text (:func:`reading`): they agreed on "complete desperation", the
first "Clearly" and "I think", left the quoted opinion alone too, but also
marked "slammed" as loaded, and did not mark the second "Clearly" nor the
"Studies show..." claim. The adjudicator (:func:`rulings`) kept the second
"Clearly" (so it is disputed), dropped the claim, added "slammed" and changed
nothing else. :func:`adjudicated_entry` is the key after adjudication, as the
content file holds it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import sample_entry

SLAMMED = {
    "quote": "slammed",
    "category": "loaded_term",
    "explanation": "A dramatic word for stopping a plan.",
    "neutral_alternative": "stopped",
}
CLAIM = "Studies show that nine in ten residents want safer streets"


def reading() -> dict[str, Any]:
    """The second reader's blind marks, as a file of ``content/second/`` holds them."""
    return {
        "id": "sample-01",
        "annotator": "reader B",
        "spans": [
            {"quote": "complete desperation", "category": "loaded_term"},
            {"quote": "slammed", "category": "loaded_term"},
            {"quote": "Clearly", "occurrence": 1, "category": "opinion_marker"},
            {"quote": "I think", "category": "opinion_marker"},
            {"quote": "This plan is a disaster", "category": "opinion_marker",
             "attributed": True},
        ],
    }


def rulings() -> list[dict[str, Any]]:
    """The rulings of the example, as the adjudication file of ``content/second/`` holds them."""
    return [
        {"id": "sample-01", "quote": "Clearly", "occurrence": 2, "category": "opinion_marker",
         "decision": "keep", "reason": "Said twice on purpose: the repeat pushes the reader."},
        {"id": "sample-01", "quote": CLAIM, "category": "unsupported_claim",
         "decision": "drop", "reason": "Too vague to check; the guide asks for checkable claims."},
        {"id": "sample-01", "quote": "slammed", "category": "loaded_term",
         "decision": "add", "reason": "A dramatic verb where 'stopped' would do."},
    ]


def adjudicated_entry() -> dict[str, Any]:
    """The sample excerpt with its key after adjudication: claim dropped, "slammed" added."""
    entry = sample_entry()
    entry["spans"] = [s for s in entry["spans"] if s["quote"] != CLAIM] + [dict(SLAMMED)]
    return entry


def write_content(folder: Path, *, readings: list[Any] | None = None,
                  adjudication: list[Any] | None = None,
                  entry: dict[str, Any] | None = None) -> Path:
    """A content folder: the excerpt (adjudicated unless given), the reading, the rulings."""
    (folder / "second").mkdir(parents=True, exist_ok=True)
    files = {
        folder / "excerpts.json": [adjudicated_entry() if entry is None else entry],
        folder / "second" / "reader-b.json": [reading()] if readings is None else readings,
        folder / "second" / "adjudication.json": (
            rulings() if adjudication is None else adjudication),
    }
    for path, value in files.items():
        path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return folder
