"""Shared fixtures.

* ``excerpt_data``: a valid author entry (a dict as in a content file), fresh per test,
  so a test can break exactly one thing and check the message.
* ``write_json``: writes a JSON value to a file under ``tmp_path`` and returns its path.
* ``pg_cluster``, ``pg_url``: a throwaway PostgreSQL server for the session and a
  fresh database per test (``tests/postgres.py``).
* ``backend``, ``location``, ``make_store``: a store test runs on both backends
  (``tests/backends.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.backends import backend, location, make_store
from tests.postgres import pg_cluster, pg_url

# Fixtures shared by every test module.
__all__ = ["backend", "location", "make_store", "pg_cluster", "pg_url"]

SAMPLE_TEXT = (
    "In a move of complete desperation, the Millbrook council has once again slammed "
    "the brakes on the new bike lanes. Clearly, the councillors have never ridden a bike "
    "in their lives. Studies show that nine in ten residents want safer streets, yet the "
    "council keeps going down with the ship. “This plan is a disaster,” said resident "
    "Tom Alvarez. Clearly, I think it is high time the council listened to the people it serves."
)


def sample_entry() -> dict[str, Any]:
    """A valid excerpt entry using every span form the loader accepts."""
    return {
        "id": "sample-01",
        "title": "Bike lanes, again",
        "source": "written for practice",
        "genre": "opinion",
        "leaning": "left",
        "difficulty": 2,
        "text": SAMPLE_TEXT,
        "spans": [
            {
                "quote": "complete desperation",
                "category": "loaded_term",
                "explanation": "Makes a council decision sound like panic.",
                "neutral_alternative": "a change of plan",
            },
            {
                "quote": "Clearly",
                "occurrence": 1,
                "category": "opinion_marker",
                "explanation": "The writer tells you what to think instead of showing it.",
            },
            {
                "quote": "Studies show that nine in ten residents want safer streets",
                "category": "unsupported_claim",
                "explanation": "Which studies? The text never says.",
                "evidence_needed": "The survey itself, with who ran it and how many were asked.",
            },
            {
                "quote": "Clearly",
                "occurrence": 2,
                "category": "opinion_marker",
                "explanation": "Said a second time, to push you to agree.",
            },
            {
                "quote": "This plan is a disaster",
                "category": "opinion_marker",
                "attributed": True,
                "explanation": "An opinion quoted and named: the writer did the job right.",
            },
            {
                "quote": "I think",
                "category": "opinion_marker",
                "explanation": "First-person stance: the writer's own view.",
            },
        ],
    }


@pytest.fixture
def excerpt_data() -> dict[str, Any]:
    return sample_entry()


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[Any, str], Path]:
    def write(value: Any, name: str = "content.json") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        return path

    return write


# -- the suggester's tests (test_suggest*.py, test_cli_suggest.py) ------------------------

from argon2 import PasswordHasher  # noqa: E402 - kept with the helpers below

from quiz import auth  # noqa: E402
from quiz.models import Category, Excerpt  # noqa: E402

SUGGEST_FILLER = (
    "The meeting started at seven in the town hall. Residents asked about the bus timetable "
    "and the opening hours of the library. The clerk read out the minutes of the last meeting. "
    "Two new benches will be placed near the station next month. Everyone was happy. "
)


def make_excerpt(
    excerpt_id: str, text: str, spans: list[tuple[Category, str]], pair: str | None = None
) -> Excerpt:
    """An excerpt with spans placed by their (first) occurrence."""
    extra = {
        Category.LOADED_TERM: {"neutral_alternative": "neighbours"},
        Category.UNSUPPORTED_CLAIM: {"evidence_needed": "data"},
    }
    return Excerpt.model_validate(
        {
            "id": excerpt_id,
            "title": excerpt_id,
            "source": "written for practice",
            "genre": "opinion",
            "leaning": "left" if pair and excerpt_id < pair else "right",
            "difficulty": 2,
            "text": text,
            "pair": pair,
            "spans": [
                {
                    "category": c,
                    "quote": q,
                    "start": text.index(q),
                    "end": text.index(q) + len(q),
                    "explanation": "Plain words.",
                    **extra.get(c, {}),
                }
                for c, q in spans
            ],
        }
    )


def busybodies_training_set() -> list[Excerpt]:
    """Eight excerpts where 'busybodies' (in no word list) is always a loaded term."""
    out = []
    for i in range(8):
        text = f"The busybodies on street {i} complained again. " + SUGGEST_FILLER
        out.append(make_excerpt(f"ex-{i}", text, [(Category.LOADED_TERM, "busybodies")]))
    return out


# Real Argon2id at its cheapest settings: the defaults cost ~0.1 s a hash, and the
# sign-in tests hash hundreds of times. A test module opts in with
# ``pytestmark = pytest.mark.usefixtures("fast_hashes")``.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "_HASHER", FAST)
    monkeypatch.setattr(auth, "_DUMMY_HASH", FAST.hash("not a real password"))
