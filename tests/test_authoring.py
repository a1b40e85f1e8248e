"""Saving authored excerpts as drafts, publishing them, sharing content files.

Saving validates, writes the content file atomically and keeps the excerpt as
its author's draft; only publishing makes it a version learners get.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from quiz.authoring import entry_json, excerpt_to_entry, occurrence_of
from quiz.config import DEFAULT_CONTENT
from quiz.content import build_excerpt, check_content, load_content
from quiz.models import Excerpt
from quiz.records import ExcerptDraft, new_id
from quiz.storage import Conflict, NotFound, Store, import_content
from quiz.store import open_store
from quiz.usecases import Refused
from quiz.usecases.authoring import content_path, discard, import_file, publish, save_draft

TEXT = (
    "Once again the council has slammed the door on families. Most parents now say the "
    "crossing on Mill Road is the most dangerous in the county, yet nothing is done. The "
    "mayor claims the budget is tight. It is high time the councillors stopped hiding behind "
    "spreadsheets and built the crossing the town has asked for since 2019."
)
CONTENT = load_content([DEFAULT_CONTENT])
AUTHOR = new_id()
OTHER = new_id()


def entry(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "mill-road", "title": "The crossing", "source": "written for practice",
        "genre": "opinion", "leaning": "left", "difficulty": 2, "text": TEXT,
        "spans": [
            {"quote": "slammed", "category": "loaded_term", "neutral_alternative": "closed",
             "explanation": "It makes a decision sound violent."},
            {"quote": "It is high time", "category": "opinion_marker",
             "explanation": "The writer tells us what should happen."},
        ],
    }
    return data | changes


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def test_a_valid_draft_is_written_validated_and_kept_unpublished(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "authored"
    excerpt, problems = save_draft(entry(), folder, store, AUTHOR)
    assert problems == [] and excerpt is not None
    path = content_path(folder, "mill-road")
    assert sorted(os.listdir(folder)) == ["mill-road.json"]  # no temporary file left behind
    loaded, errors = check_content([path])  # what `python -m quiz validate <file>` runs
    assert errors == [] and loaded == [excerpt]
    assert json.loads(path.read_text("utf-8")) == excerpt_to_entry(excerpt)
    assert store.excerpts() == []  # learners get nothing yet
    with pytest.raises(NotFound):
        store.excerpt("mill-road")
    assert [d.excerpt for d in store.drafts(AUTHOR)] == [excerpt]  # its author sees it
    assert store.drafts(OTHER) == []

    stored = publish("mill-road", AUTHOR, folder, store)
    assert (stored.excerpt, stored.version) == (excerpt, 1)
    assert store.excerpt("mill-road") == stored and store.drafts(AUTHOR) == []


def test_saving_again_replaces_the_draft_and_each_publish_makes_a_version(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "authored"
    save_draft(entry(), folder, store, AUTHOR)
    publish("mill-road", AUTHOR, folder, store)
    save_draft(entry(title="The crossing, take 2"), folder, store, AUTHOR)
    excerpt, problems = save_draft(entry(title="The crossing, again"), folder, store, AUTHOR)
    assert problems == [] and excerpt is not None
    assert [d.excerpt.title for d in store.drafts(AUTHOR)] == ["The crossing, again"]
    assert store.excerpt("mill-road").excerpt.title == "The crossing"  # learners keep v1
    assert check_content([folder])[0] == [excerpt]
    assert publish("mill-road", AUTHOR, folder, store).version == 2
    assert store.excerpt("mill-road").excerpt == excerpt
    save_draft(entry(title="The crossing, again"), folder, store, AUTHOR)
    assert publish("mill-road", AUTHOR, folder, store).version == 2  # unchanged: no new version


def test_an_id_is_one_authors_while_it_is_a_draft(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "authored"
    save_draft(entry(), folder, store, AUTHOR)
    excerpt, problems = save_draft(entry(title="Mine now"), folder, store, OTHER)
    assert excerpt is None
    assert [(p.field, p.message) for p in problems] == [
        ("id", "another teacher has a draft with the id 'mill-road': choose another id")]
    assert check_content([folder])[0][0].title == "The crossing"  # their file is untouched
    with pytest.raises(Refused, match="no draft “mill-road” to publish"):
        publish("mill-road", OTHER, folder, store)
    theirs, _ = build_excerpt(entry())
    assert theirs is not None
    with pytest.raises(Conflict):  # the store keeps the rule too
        store.save_draft(ExcerptDraft(excerpt=theirs, author_id=OTHER))


def test_discarding_a_draft_leaves_the_published_version(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "authored"
    save_draft(entry(id="never-published"), folder, store, AUTHOR)
    discard("never-published", AUTHOR, folder, store)
    assert store.drafts(AUTHOR) == [] and not content_path(folder, "never-published").exists()
    save_draft(entry(), folder, store, AUTHOR)
    published = publish("mill-road", AUTHOR, folder, store).excerpt
    save_draft(entry(title="Second thoughts"), folder, store, AUTHOR)
    discard("mill-road", AUTHOR, folder, store)
    assert store.drafts(AUTHOR) == [] and store.excerpt("mill-road").excerpt == published
    assert check_content([content_path(folder, "mill-road")])[0] == [published]
    with pytest.raises(Refused, match="no draft"):
        discard("mill-road", AUTHOR, folder, store)


def test_a_content_file_from_before_drafts_reads_as_published(
    tmp_path: Path, store: Store
) -> None:
    import_content(store, [DEFAULT_CONTENT])  # what every store held before drafts existed
    again = open_store(tmp_path / "data")
    assert len(again.excerpts()) == len(CONTENT) and again.drafts(AUTHOR) == []


@pytest.mark.parametrize(
    ("changes", "field", "span"),
    [
        ({"title": "  "}, "title", None),
        ({"text": "Too short: slammed. It is high time.", "title": "Short"}, "text", None),
        ({"spans": [{"quote": "no such words", "category": "loaded_term",
                     "neutral_alternative": "x", "explanation": "y"}]}, "quote", 1),
        ({"spans": [{"quote": "slammed", "category": "loaded_term", "explanation": "y"}]},
         "neutral_alternative", 1),
        ({"spans": [entry()["spans"][1], {"quote": "the", "category": "opinion_marker",
                                           "explanation": "y"}]}, "occurrence", 2),
        ({"pair": "mill-road"}, "pair", None),
    ],
)
def test_an_invalid_draft_writes_nothing(
    tmp_path: Path, store: Store, changes: dict[str, Any], field: str, span: int | None
) -> None:
    folder = tmp_path / "authored"
    excerpt, problems = save_draft(entry(**changes), folder, store, AUTHOR)
    assert excerpt is None
    assert [(p.span, p.field) for p in problems] == [(span, field)]
    assert not folder.exists()
    assert store.excerpts() == [] and store.drafts(AUTHOR) == []


def test_a_draft_may_not_take_over_a_bundled_excerpts_id(tmp_path: Path, store: Store) -> None:
    import_content(store, [DEFAULT_CONTENT])
    taken = CONTENT[0]
    excerpt, problems = save_draft(entry(id=taken.id), tmp_path / "authored", store, AUTHOR)
    assert excerpt is None
    [problem] = problems
    assert problem.field == "id"
    assert f"already the id of the stored excerpt “{taken.title}”: choose another id" in (
        problem.message
    )
    assert store.excerpt(taken.id).version == 1


def test_a_pair_on_the_same_side_is_refused(tmp_path: Path, store: Store) -> None:
    import_content(store, [DEFAULT_CONTENT])
    left = next(e for e in CONTENT if e.leaning == "left")
    _, problems = save_draft(entry(pair=left.id), tmp_path / "authored", store, AUTHOR)
    assert [p.field for p in problems] == ["pair"]
    assert "same leaning (left)" in problems[0].message


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "authored"
    save_draft(entry(), folder, store, AUTHOR)
    before = content_path(folder, "mill-road").read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_draft(entry(title="Changed"), folder, store, AUTHOR)
    assert sorted(os.listdir(folder)) == ["mill-road.json"]
    assert content_path(folder, "mill-road").read_bytes() == before


@pytest.mark.parametrize("excerpt", CONTENT, ids=lambda e: e.id)
def test_export_round_trips(excerpt: Excerpt) -> None:
    exported = json.loads(entry_json(excerpt))
    assert all("start" not in s for s in exported["spans"])  # placed by quote, as authors write
    # The second reading lives in its own file (content/second/), not in the excerpt's.
    assert build_excerpt(exported) == (excerpt.model_copy(update={"second": None}), [])


@pytest.mark.parametrize(
    ("quote", "start", "expected"),
    [("slammed", TEXT.index("slammed"), None),
     ("crossing", TEXT.index("crossing"), 1),
     ("crossing", TEXT.rindex("crossing"), 2),
     ("the", TEXT.index("the council"), 1)],
)
def test_occurrence_of(quote: str, start: int, expected: int | None) -> None:
    assert occurrence_of(TEXT, quote, start) == expected


def shared_file(*items: dict[str, Any]) -> bytes:
    return json.dumps(list(items)).encode()


def test_import_saves_the_good_excerpt_and_reports_the_bad(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "authored"
    bad = entry(id="broken", spans=[{"quote": "slammed", "category": "loaded_term",
                                     "explanation": "y"}])
    result = import_file("shared.json", shared_file(entry(), bad), folder, store, AUTHOR)
    assert [e.id for e in result.saved] == ["mill-road"]
    [error] = result.errors
    assert (error.file, error.excerpt, error.span, error.field) == (
        "shared.json", "broken", 1, "neutral_alternative")
    assert str(error).startswith("shared.json, excerpt broken, span 1: neutral_alternative: ")
    assert sorted(os.listdir(folder)) == ["mill-road.json"]
    assert store.excerpts() == []  # imported as the teacher's drafts, to review and publish
    assert [d.id for d in store.drafts(AUTHOR)] == ["mill-road"]
    again = import_file("shared.json", shared_file(entry()), folder, store, AUTHOR)
    assert (again.saved, again.unchanged, again.errors) == ([], ["mill-road"], [])
    publish("mill-road", AUTHOR, folder, store)
    assert [s.excerpt.id for s in store.excerpts()] == ["mill-road"]
    again = import_file("shared.json", shared_file(entry()), folder, store, AUTHOR)
    assert (again.saved, again.unchanged, store.drafts(AUTHOR)) == ([], ["mill-road"], [])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (b"{not json", "json", "line 1, column 2"),
        ("{}".encode("utf-16"), "file", "is not UTF-8 text"),
        (shared_file(entry(), entry()), "id", "appears twice in this file"),
        (b"[1]", "excerpt", "must be a JSON object"),
    ],
)
def test_import_reports_broken_files(
    tmp_path: Path, store: Store, data: bytes, field: str, message: str
) -> None:
    result = import_file("shared.json", data, tmp_path / "authored", store, AUTHOR)
    assert [e.field for e in result.errors] == [field]
    assert message in result.errors[0].message
