"""Second readings as data: the loader, `quiz validate`, the feedback and the skill weight."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from quiz.content import check_content, load_content
from quiz.feedback import build_feedback
from quiz.learning import DISPUTED_WEIGHT, attempt_from, progress, skill_f1
from quiz.models import Category, Excerpt
from quiz.records import Figures, content_hash
from quiz.wording import DISPUTED
from tests.conftest import sample_entry
from tests.second_fixture import CLAIM, adjudicated_entry, reading, rulings, write_content

OM = Category.OPINION_MARKER


def loaded(folder: Path) -> Excerpt:
    [excerpt] = load_content([folder])
    return excerpt


def test_second_folder_is_read_as_readings_not_excerpts(tmp_path: Path) -> None:
    excerpt = loaded(write_content(tmp_path))
    assert excerpt.second is not None
    assert excerpt.second.annotator == "reader B"
    assert [(s.quote, s.attributed) for s in excerpt.second.spans][-1] == (
        "This plan is a disaster", True)
    assert [r.decision for r in excerpt.second.rulings] == ["keep", "drop", "add"]
    clearly = [s for s in excerpt.spans if s.quote == "Clearly"]
    assert [excerpt.disputed(s) for s in clearly] == [False, True]
    assert not any(excerpt.disputed(s) for s in excerpt.spans if s not in clearly)


def test_without_a_reading_the_excerpt_hashes_as_before(tmp_path: Path) -> None:
    plain = loaded(write_content(tmp_path / "a", readings=[], adjudication=[]))
    assert plain.second is None
    assert "second" not in plain.model_dump()
    with_reading = loaded(write_content(tmp_path / "b"))
    assert content_hash(with_reading) != content_hash(plain)


def test_validate_reports_every_problem_of_the_second_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_reading = reading() | {"spans": [
        {"quote": "slamed", "category": "loaded_term"},
        {"quote": "Clearly", "category": "opinion_marker"},
        {"quote": "move", "category": "spin"},
    ]}
    folder = write_content(tmp_path, readings=[bad_reading, reading() | {"id": "nope-1"}],
                           adjudication=[
        *rulings()[:1],
        {"id": "sample-01", "quote": "I think", "category": "opinion_marker",
         "decision": "drop", "reason": "x"},
        {"id": "sample-01", "quote": "I think", "category": "opinion_marker",
         "decision": "change", "reason": "x"},
    ])
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "'slamed' does not occur in the text (did you mean 'slammed'?)" in err
    assert "'Clearly' occurs 2 times" in err
    assert "span 3: category: Input should be 'opinion_marker'" in err
    assert "'nope-1' is not the id of an excerpt" in err
    assert "ruling 3: a 'change' names the new span in 'to'" in err
    assert "the span is still in the key" not in err  # the reading was bad: rulings not joined
    assert "must be a JSON object with id, title" not in err  # never read as excerpts


def test_rulings_must_fit_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_content(tmp_path, adjudication=[
        *rulings(),
        {"id": "sample-01", "quote": "I think", "category": "opinion_marker",
         "decision": "drop", "reason": "A stance, but a mild one."},
        {"id": "sample-01", "quote": "council", "occurrence": 1, "category": "loaded_term",
         "decision": "add", "reason": "x"},
    ])
    excerpts, errors = check_content([folder])
    messages = [str(e) for e in errors]
    assert any("drop 'I think'" in m and "still in the key" in m for m in messages), messages
    assert any("add 'council'" in m and "not in the key" in m for m in messages), messages
    assert excerpts[0].second is None  # returned without the reading that does not fit


def test_a_change_names_its_new_span(tmp_path: Path) -> None:
    entry = adjudicated_entry()
    for span in entry["spans"]:
        if span["quote"] == "slammed":
            span["quote"] = "slammed the brakes"
    change = {"id": "sample-01", "quote": "slammed", "category": "loaded_term",
              "decision": "change", "reason": "The idiom is the loaded part.",
              "to": {"quote": "slammed the brakes"}}
    excerpt = loaded(write_content(tmp_path, entry=entry, adjudication=[*rulings()[:2], change]))
    assert excerpt.second is not None
    [ruled] = [r for r in excerpt.second.rulings if r.decision == "change"]
    assert ruled.to is not None and ruled.to.quote == "slammed the brakes"
    assert ruled.to.category is Category.LOADED_TERM  # the ruling's own, when left out


def test_one_reading_per_excerpt(tmp_path: Path) -> None:
    folder = write_content(tmp_path)
    (folder / "second" / "reader-c.json").write_text(json.dumps([reading()]), encoding="utf-8")
    _, errors = check_content([folder])
    assert any("has a second reading in" in str(e) for e in errors)


def test_rulings_need_a_reading(tmp_path: Path) -> None:
    _, errors = check_content([write_content(tmp_path, readings=[])])
    assert any("has rulings but no second reading" in str(e) for e in errors)


# --- what the learner sees and what it weighs -------------------------------------------


def undisputed_answer(excerpt: Excerpt) -> dict[Category, list[tuple[int, int]]]:
    """Marks on the first "Clearly" and "I think": every opinion marker but the disputed one."""
    spans = [s for s in excerpt.gold(OM) if not excerpt.disputed(s)]
    assert [s.quote for s in spans] == ["Clearly", "I think"]
    return {OM: [(s.start, s.end) for s in spans]}


def test_feedback_says_careful_readers_disagree(tmp_path: Path) -> None:
    excerpt = loaded(write_content(tmp_path))
    feedback = build_feedback(excerpt, {}, [OM])
    notes = {(s.quote, s.start): (s.disputed, s.note) for s in feedback.spans}
    disputed = [quote for (quote, _), (flag, note) in notes.items() if flag]
    assert disputed == ["Clearly"]
    assert all(("Careful readers disagree about this one" in note) == flag
               for flag, note in notes.values())
    assert DISPUTED.startswith("Careful readers disagree about this one")


def test_a_missed_disputed_span_costs_less_skill(tmp_path: Path) -> None:
    excerpt = loaded(write_content(tmp_path))
    marks = undisputed_answer(excerpt)
    feedback = build_feedback(excerpt, marks, [OM])
    result = feedback.result.categories[OM]
    # The metric: precision 1, recall 2/3, F1 0.8. The skill figure: recall (1 + 1 + 0) /
    # (1 + 1 + 0.5) = 0.8, F1 = 2 * 0.8 / 1.8 = 8/9.
    assert (result.precision, result.recall, result.f1) == pytest.approx((1, 2 / 3, 0.8))
    assert DISPUTED_WEIGHT == 0.5
    assert skill_f1(feedback, OM) == pytest.approx(8 / 9)
    attempt = attempt_from(feedback, marks, student_id="a" * 32, excerpt_version=1)
    assert attempt.figures[OM].f1 == pytest.approx(0.8)  # the score stays the metric's
    assert attempt.score == pytest.approx(80)
    import datetime as dt

    assert progress([attempt], dt.date.today()).skill[OM] == pytest.approx(8 / 9)


def test_without_a_disputed_span_the_skill_is_the_metric() -> None:
    from quiz.content import build_excerpt

    excerpt, _ = build_excerpt(sample_entry())
    assert excerpt is not None and excerpt.second is None
    feedback = build_feedback(excerpt, {OM: [(0, 2)]}, [OM])
    assert skill_f1(feedback, OM) is None
    attempt = attempt_from(feedback, {OM: [(0, 2)]}, student_id="a" * 32, excerpt_version=1)
    assert "skill_f1" not in attempt.model_dump()["figures"]["opinion_marker"]
    old: dict[str, Any] = {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert Figures.model_validate(old).skill_f1 is None  # records from before the field


def test_the_claim_is_gone_after_adjudication(tmp_path: Path) -> None:
    assert CLAIM not in {s.quote for s in loaded(write_content(tmp_path)).spans}
