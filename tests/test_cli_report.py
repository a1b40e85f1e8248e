"""``python -m quiz report --data DIR --class CODE --json`` on a real TinyDB store.

Three students answer one loaded-term assignment through the use case the
class page calls: Ann marks exactly the key, Ben marks every word, Cal does
nothing. The expected counts are recounted here from the words, independently
of :mod:`quiz.discernment`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist
from typing import Any

import pytest

from quiz.auth import hash_password
from quiz.cli import main
from quiz.config import DEFAULT_CONTENT, PROJECT_ROOT
from quiz.models import Category, Excerpt
from quiz.records import Assignment
from quiz.storage import import_content
from quiz.store import open_store
from quiz.text import tokenize
from quiz.usecases import learners, ratings

LT = Category.LOADED_TERM
z = NormalDist().inv_cdf


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Excerpt, str]:
    """The data folder, the class code, the excerpt set and the assignment id."""
    data = tmp_path_factory.mktemp("data")
    store = open_store(data)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Report", hash_password("a long password"))
    room = store.create_class(teacher.id, "8B")
    stored = next(
        s for s in store.excerpts() if s.excerpt.gold(LT) and s.excerpt.difficulty < 3
    )
    work = store.add_assignment(Assignment(
        class_id=room.id, title="Loaded words", excerpt_ids=[stored.id], categories=[LT]
    ))
    text = stored.excerpt.text
    answers = {
        "Ann": {LT: [(s.start, s.end) for s in stored.excerpt.gold(LT)]},
        "Ben": {LT: [(0, len(text))]},
    }
    for nickname in ("Ann", "Ben", "Cal"):
        student = learners.join_class(store, room.code, nickname)
        if nickname in answers:
            learners.answer_assignment(
                store, student, work.id, stored.id, answers[nickname], version=stored.version
            )
    return data, room.code, stored.excerpt, work.id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def test_the_report_has_the_issues_shape_and_hand_counted_figures(
    school: tuple[Path, str, Excerpt, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, code, excerpt, work_id = school
    status, out, err = run(capsys, "--data", str(data), "--class", code, "--json")
    assert (status, err) == (0, "")
    assert list(out) == ["students", "assignments", "gains"]
    assert out["assignments"] == [{"assignment_id": work_id, "title": "Loaded words",
                                   "alpha": None}]
    assert out["gains"] == []
    by_name = {s["nickname"]: s for s in out["students"]}
    assert sorted(by_name) == ["Ann", "Ben", "Cal"]
    words = tokenize(excerpt.text)
    gold = sum(1 for t in words if any(t.start < s.end and s.start < t.end
                                       for s in excerpt.gold(LT)))
    plain = len(words) - gold
    ann, ben = by_name["Ann"]["skills"][LT.value], by_name["Ben"]["skills"][LT.value]
    assert (ann["hit_rate"], ann["false_alarm_rate"]) == (1.0, 0.0)
    hit = (gold + 0.5) / (gold + 1)
    assert ann["d_prime"] == pytest.approx(z(hit) - z(0.5 / (plain + 1)))
    assert ann["criterion"] == pytest.approx(-(z(hit) + z(0.5 / (plain + 1))) / 2)
    assert (ben["hit_rate"], ben["false_alarm_rate"]) == (1.0, 1.0)
    assert ben["d_prime"] == pytest.approx(z(hit) - z((plain + 0.5) / (plain + 1)))
    for student in out["students"]:
        assert list(student["skills"]) == [c.value for c in Category]
    # Ratings (logits): the key-perfect answer rates above average, marking every word below.
    store = open_store(data)
    room = store.class_by_code(code)
    assert room is not None
    found = ratings.class_ratings(store, room.id)
    for name in ("Ann", "Ben"):
        student = by_name[name]
        assert student["skills"][LT.value]["rating"] == found[student["student_id"], LT]
    assert by_name["Ann"]["skills"][LT.value]["rating"] > 0 > ben["rating"]
    # Skills the assignment never asked, and a student with no answer: null, not 0.
    nothing = dict.fromkeys(("hit_rate", "false_alarm_rate", "d_prime", "criterion", "rating"))
    assert by_name["Ann"]["skills"]["opinion_marker"] == nothing
    assert all(v == nothing for v in by_name["Cal"]["skills"].values())


def test_an_unknown_class_code_exits_1(
    school: tuple[Path, str, Excerpt, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--data", str(school[0]), "--class", "ZZZZZZ", "--json")
    assert (status, out) == (1, None)
    assert "no class has the code 'ZZZZZZ'" in err


def test_json_is_required_and_the_data_folder_must_exist(
    school: tuple[Path, str, Excerpt, str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as no_json:
        main(["report", "--data", str(school[0]), "--class", school[1]])
    assert no_json.value.code == 2
    with pytest.raises(SystemExit) as missing:
        main(["report", "--data", str(tmp_path / "nope"), "--class", "X", "--json"])
    assert missing.value.code == 2


def test_the_command_runs_as_a_process(school: tuple[Path, str, Excerpt, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "report", "--data", str(school[0]), "--class",
         school[1].lower(), "--json"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["students"]) == 3
