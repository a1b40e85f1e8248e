"""The learner's pages under AppTest: practice and class flows, progress, edge states."""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
from pathlib import Path

import pytest

from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment
from quiz.storage import import_content
from quiz.store import open_store
from quiz.store.tinydb_store import TinyDBStore
from quiz.text import tokenize
from quiz.ui import span_picker
from quiz.ui.draft_url import encode_draft
from tests.pages import components, gold_tokens, mark, picker_key, raw_texts, start, texts

LT, OM, UC = Category.LOADED_TERM, Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM


def test_home_page_shows_the_three_ways_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = start(monkeypatch, tmp_path)
    said = texts(at)
    assert "Practise alone" in said and "Join your class" in said and "Teachers" in said
    # First run imported the bundled content into the store.
    assert len(open_store(tmp_path).excerpts()) >= 30


def test_practice_perfect_answer_scores_100_and_explains(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.selectbox(key="practice_category").set_value("Loaded terms").run()
    at.selectbox(key="practice_difficulty").set_value("1 (easy)").run()
    # About one pick in five is a text with nothing to find (a control); this test
    # wants loaded terms, so it asks again until it gets some (0.2**20: never fails).
    for _ in range(20):
        at.button(key="practice_new").click().run()
        excerpt_id, categories = at.session_state["practice_task"]
        excerpt = open_store(tmp_path).excerpt(excerpt_id).excerpt
        if excerpt.gold(LT):
            break
    assert categories == (LT,)
    assert components(at, span_picker.COMPONENT_NAME), "the span picker is on the page"
    mark(at, picker_key(at, "practice"), {LT: gold_tokens(excerpt, LT)})
    at.run()
    at.button(key="practice:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    assert "Your score: 100 / 100" in said
    assert "Telling spin from plain text: 100 / 100" in said
    n = len(excerpt.gold(LT))
    assert f"{n} found, 0 partly found, 0 missed, of {n} loaded term" in said
    first = excerpt.gold(LT)[0]
    assert first.explanation.split()[0] in said
    assert "Neutral wording" in said
    # Without a nickname nothing is stored, but the visit remembers the attempt.
    assert len(at.session_state["practice_history"]) == 1
    assert list(open_store(tmp_path).iter_attempts()) == []


def test_practice_false_alarms_on_a_control_score_zero(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    store = open_store(tmp_path)
    control = next(
        s.excerpt for s in store.excerpts()
        if s.excerpt.genre.value == "news" and not s.excerpt.gold(LT) and s.excerpt.difficulty < 3
    )
    at.session_state["practice_task"] = (control.id, (LT,))
    at.run()  # the page shows the control; marks belong to the text on screen
    mark(at, picker_key(at, "practice"), {LT: [0, 1]})
    at.run()
    at.button(key="practice:submit").click().run()
    said = texts(at)
    assert "Your score: 0 / 100" in said
    # 2 of the control's words marked, the rest left alone: 100 * (1 - 2 / words).
    words = len(tokenize(control.text))
    assert f"Telling spin from plain text: {100 * (1 - 2 / words):.0f} / 100" in said
    assert "There were no loaded terms to find, so your mark was a false alarm." in said
    assert "Marks that were not in the answer key" in said


def test_practice_with_nickname_saves_progress(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    at.button(key="practice_keep").click().run()
    at.text_input[0].input("<img src=x onerror=alert(1)>")
    at.button[0].click().run()  # "Save my progress" (form submit)
    assert not at.exception, [e.value for e in at.exception]
    assert r"Practising as **\<img src=x onerror=alert\(1\)\>**" in raw_texts(at)
    # opr-01 has touching opinion markers ("In my view, the council should..."):
    # marking both as one run of words must still score 100.
    excerpt_id = "opr-01"
    at.session_state["practice_task"] = (excerpt_id, (OM,))
    excerpt = open_store(tmp_path).excerpt(excerpt_id).excerpt
    at.run()
    mark(at, picker_key(at, "practice"), {OM: gold_tokens(excerpt, OM)})
    at.run()
    at.button(key="practice:submit").click().run()
    [attempt] = list(open_store(tmp_path).iter_attempts())
    assert attempt.excerpt_id == excerpt_id and attempt.score == 100.0
    assert attempt.mode == "practice"
    # The progress page shows it.
    at.switch_page("app_pages/progress.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Excerpts done: 1" in texts(at)


def test_progress_page_empty_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/progress.py").run()
    assert "Nothing yet" in texts(at)


@pytest.fixture
def classroom(tmp_path: Path) -> dict[str, str]:
    store = open_store(tmp_path)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    room = store.create_class(teacher.id, "8B")
    ids = [s.excerpt.id for s in store.excerpts() if s.excerpt.difficulty == 1][:2]
    week = store.add_assignment(Assignment(class_id=room.id, title="Week 1", excerpt_ids=ids,
                                           categories=[LT]))
    return {"code": room.code, "class_id": room.id, "first": ids[0], "second": ids[1],
            "assignment": week.id}


def test_class_flow_join_take_submit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, classroom: dict[str, str]
) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/class_quiz.py").run()
    at.text_input[0].input(classroom["code"].lower())
    at.text_input[1].input("Sam")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    assert "Class **8B**" in said and "Excerpt 1 of 2" in said
    store = open_store(tmp_path)
    first = store.excerpt(classroom["first"]).excerpt
    mark(at, picker_key(at, f"class:{classroom['assignment']}"), {LT: gold_tokens(first, LT)})
    at.run()
    submit = next(b for b in at.button if b.label == "Submit my marks")
    submit.click().run()
    submit_again = [b for b in at.button if b.label == "Submit my marks"]
    assert submit_again == []  # feedback shown; no second submit possible
    assert "Your score: 100 / 100" in texts(at)
    [attempt] = list(store.iter_attempts())
    assert attempt.class_id == classroom["class_id"] and attempt.excerpt_id == first.id
    assert attempt.mode == "class" and attempt.categories == [LT]
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    assert "Excerpt 2 of 2" in texts(at)


def test_unknown_class_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/class_quiz.py").run()
    at.text_input[0].input("ZZZZZZ")
    at.text_input[1].input("Sam")
    at.button[0].click().run()
    assert "No class has the code “ZZZZZZ”" in texts(at)


def test_expired_assignment_is_closed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, classroom: dict[str, str]
) -> None:
    store = open_store(tmp_path)
    room = store.get_class(classroom["class_id"])
    store.add_assignment(
        Assignment(class_id=room.id, title="Old homework", excerpt_ids=[classroom["first"]],
                   due=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    )
    student = store.join_class(room.code, "Kim")
    at = start(monkeypatch, tmp_path)
    at.session_state["student_link"] = student.link
    at.switch_page("app_pages/class_quiz.py").run()
    old = next(a for a in store.assignments_for(room.id) if a.title == "Old homework")
    at.radio(key="class_assignment").set_value(old.id).run()
    assert "This assignment closed on 01 Jan 2020" in texts(at)


def test_server_restart_resumes_from_the_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, classroom: dict[str, str]
) -> None:
    student = open_store(tmp_path).join_class(classroom["code"], "Ola")
    at = start(monkeypatch, tmp_path)
    at.query_params["learner"] = student.link  # a new session, same address
    at.switch_page("app_pages/class_quiz.py").run()
    assert "you are **Ola**" in texts(at)


def test_no_content_gives_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-content"
    empty.mkdir()
    monkeypatch.setenv("SPIN_SPOTTER_CONTENT", str(empty))
    at = start(monkeypatch, tmp_path / "data")
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception
    assert "There are no excerpts to practise on yet" in texts(at)


def test_broken_bundled_content_is_named_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "bad.json").write_text('{"id": "x-1", "genre": "rant"}', encoding="utf-8")
    monkeypatch.setenv("SPIN_SPOTTER_CONTENT", str(broken))
    at = start(monkeypatch, tmp_path / "data")
    at.switch_page("app_pages/practice.py").run()
    assert not at.exception
    said = texts(at)
    assert "There are no excerpts to practise on yet" in said
    assert "bad.json, excerpt x-1: genre: is 'rant'" in "\n".join(t.value for t in at.text)


def test_unsubmitted_marks_survive_a_server_restart(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, classroom: dict[str, str]
) -> None:
    store = open_store(tmp_path)
    student = store.join_class(classroom["code"], "Ola")
    first = store.excerpt(classroom["first"]).excerpt
    gold = gold_tokens(first, LT)
    at = start(monkeypatch, tmp_path)
    at.query_params["learner"] = student.link
    at.switch_page("app_pages/class_quiz.py").run()
    mark(at, picker_key(at, f"class:{classroom['assignment']}"), {LT: gold})
    at.run()
    address = dict(at.query_params)
    assert address["marks"] == encode_draft(first.id, {LT.value: gold})

    # The server restarts: a new session, only the page address is left.
    again = start(monkeypatch, tmp_path)
    for name, value in address.items():
        again.query_params[name] = value
    again.switch_page("app_pages/class_quiz.py").run()
    assert f"{len(gold)} word(s) marked." in texts(again)
    next(b for b in again.button if b.label == "Submit my marks").click().run()
    [attempt] = list(store.iter_attempts())
    assert attempt.selections[LT] == [(s.start, s.end) for s in first.gold(LT)]
    assert "marks" not in again.query_params


def test_marks_stay_in_the_address_when_the_server_fails_mid_submit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, classroom: dict[str, str]
) -> None:
    """Issue 14: the address held the marks until the submit began, so a server that
    died before the answer was stored left the student with neither."""
    store = open_store(tmp_path)
    student = store.join_class(classroom["code"], "Ola")
    gold = gold_tokens(store.excerpt(classroom["first"]).excerpt, LT)
    at = start(monkeypatch, tmp_path)
    at.query_params["learner"] = student.link
    at.switch_page("app_pages/class_quiz.py").run()
    mark(at, picker_key(at, f"class:{classroom['assignment']}"), {LT: gold})
    at.run()

    def fail(self: object, attempt: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TinyDBStore, "record_attempt", fail)
    next(b for b in at.button if b.label == "Submit my marks").click().run()
    assert list(store.iter_attempts()) == []
    assert at.query_params["marks"] == encode_draft(classroom["first"], {LT.value: gold})


def test_a_whole_text_mark_is_shown_too_wide_beside_the_learners_own_marks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 13, item 11: marking everything is not shown as success, and the marks stay."""
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    excerpt = open_store(tmp_path).excerpt("opl-05").excerpt  # all: 43 / 100, precision 27%
    at.session_state["practice_task"] = (excerpt.id, (UC,))
    at.run()
    words = tokenize(excerpt.text)
    key = next(str(k) for k in at.session_state if str(k).endswith(":picker"))
    mark(at, key, {UC: [t.index for t in words]})
    at.run()
    at.button(key="practice:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    assert "Your score: 43 / 100" in said
    n = len(excerpt.gold(UC))
    assert f"0 found, {n} partly found, 0 missed, of {n} unsupported claims" in said
    assert "✓ Found" not in said
    # The learner's own mark, quoted, with what is wrong with it.
    assert "#### Your marks" in said
    opening = excerpt.text[: words[4].end]
    assert f"**↔ Too wide** · Unsupported claim: “{opening}" in said
    assert f"({len(words)} words)" in said
    assert "Too wide: most of what you marked is neutral." in said
    # The marked-up text paints every word marked: the neutral ones as false alarms.
    review = json.loads(components(at, span_picker.COMPONENT_NAME)[-1].proto.json)
    statuses = review["statuses"][UC.value]
    assert len(statuses) == len(words)
    assert "found" not in statuses.values()
    assert list(statuses.values()).count("false_alarm") > len(words) / 2


def test_progress_speaks_plain_words_and_whole_percentages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 13, item 12: no "F1" and no decimals on My progress."""
    at = start(monkeypatch, tmp_path)
    at.switch_page("app_pages/practice.py").run()
    excerpt = open_store(tmp_path).excerpt("opl-01").excerpt
    at.session_state["practice_task"] = (excerpt.id, (LT,))
    at.run()
    key = next(str(k) for k in at.session_state if str(k).endswith(":picker"))
    mark(at, key, {LT: gold_tokens(excerpt, LT)[:3]})  # part of the answer: an odd score
    at.run()
    at.button(key="practice:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/progress.py").run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    assert "Excerpts done: 1" in said
    assert "F1" not in said
    assert not re.search(r"\d[.,]\d", said), said
    assert re.search(r"Loaded terms: \d{1,3}%", said), said
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert "F1" not in json.dumps(spec)
    assert spec["encoding"]["y"]["field"] == "score"
