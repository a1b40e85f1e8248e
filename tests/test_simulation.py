"""Simulated learners (python -m quiz simulate): the figures recover what was put in.

The 60-student class of the issue takes about 20 s, so it is marked slow; a
small class checks the command and its flags in the quick run.
"""

from __future__ import annotations

import io
import json
import re
import statistics
from collections import defaultdict
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from quiz import auth
from quiz.cli import main
from quiz.discernment import Detection, across_skills, attempt_counts
from quiz.models import Category
from quiz.quadrants import CRITERION_LINE, D_PRIME_LINE, Quadrant, quadrant
from quiz.reports import class_report, read_class
from quiz.store import open_store
from quiz.usecases import ratings
from tests.conftest import FAST

pytestmark = pytest.mark.usefixtures("fast_hashes")


def simulate(data: Path, students: int) -> dict[str, Any]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["simulate", "--data", str(data), "--students", str(students),
                     "--seed", "1"]) == 0
    return json.loads(out.getvalue())  # exactly one JSON object, nothing else


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    data = tmp_path_factory.mktemp("sim60")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_HASHER", FAST)  # a module fixture cannot use fast_hashes
        return data, simulate(data, 60)


def test_a_small_simulated_class_is_flagged_and_kept_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = simulate(tmp_path, 6)
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    documented = set(re.findall(r'"([a-z][a-z0-9_]*)"', capsys.readouterr().out.split("Prints")[1]))
    printed = {*made, *made["students"][0], *made["tests"][0]}
    kinds = {"careful", "pre_test", "post_test", "retention_test"}  # values, not keys
    assert printed == documented - kinds
    assert [s["nickname"] for s in made["students"]] == [f"sim {n:02d}" for n in range(1, 7)]
    assert {s["kind"] for s in made["students"]} == {"careful", "over-flagger", "under-flagger"}
    over = [s for s in made["students"] if s["kind"] == "over-flagger"]
    assert all(s["true_bias"] > 0 for s in over)
    store = open_store(tmp_path)
    classroom = store.class_by_code(made["class_code"])
    assert classroom is not None and classroom.simulated
    assert classroom.name == "Simulated class (seed 1)"
    assert store.teacher_by_name("Simulation (not a person)") is not None
    attempts = list(store.iter_attempts())
    assert len(attempts) > 6 * 20  # practice and three tests each
    # Real data's calibration never sees simulated answers; the class's own does.
    assert ratings.calibration(store, fresh=True).items == {}
    assert ratings.class_calibration(store, classroom.id).items


@pytest.mark.slow
def test_ratings_recover_true_ability(full: tuple[Path, dict[str, Any]]) -> None:
    data, made = full
    store = open_store(data)
    found = ratings.class_ratings(store, made["class_id"])
    truth = {s["student_id"]: s["true_ability"] for s in made["students"]}
    estimate = {
        sid: statistics.fmean(v for (s, _), v in found.items() if s == sid) for sid in truth
    }
    correlation = statistics.correlation([truth[s] for s in truth], [estimate[s] for s in truth])
    assert correlation >= 0.8, correlation  # 0.93 when measured


@pytest.mark.slow
def test_over_flaggers_are_sceptical_of_everything(full: tuple[Path, dict[str, Any]]) -> None:
    data, made = full
    records = read_class(open_store(data), made["class_id"])
    pooled: dict[str, dict[Category, Detection]] = defaultdict(dict)
    for a in records.attempts:
        excerpt = records.excerpts[a.excerpt_id, a.excerpt_version]
        for c, counts in attempt_counts(excerpt, a.selections, a.categories).items():
            pooled[a.student_id][c] = pooled[a.student_id].get(c, Detection()) + counts
    over = [s for s in made["students"] if s["kind"] == "over-flagger"]
    places = []
    for s in over:
        d_prime, criterion = across_skills(pooled[s["student_id"]])
        assert d_prime is not None and criterion is not None
        assert criterion < CRITERION_LINE  # every one marks readily
        place = quadrant(d_prime, criterion)
        if s["true_ability"] < D_PRIME_LINE:
            assert place is Quadrant.SCEPTICAL, s
        places.append(place)
    assert places.count(Quadrant.SCEPTICAL) >= 0.75 * len(over)


@pytest.mark.slow
def test_parallel_forms_give_the_same_mean_score(full: tuple[Path, dict[str, Any]]) -> None:
    data, made = full
    store = open_store(data)
    means = []
    for test in made["tests"]:
        report = class_report(store, made["class_id"], assignment_id=test["assignment_id"])
        scores = [s.score for s in report.students if s.score is not None]
        assert len(scores) == 60
        means.append(statistics.fmean(scores))
        assert report.quality is not None and report.quality.alpha is not None
    assert max(means) - min(means) < 5, means  # the learners do not learn: same ability
    gains = class_report(store, made["class_id"]).gains
    # No learning, so no effect: every g is below the published range's 0.2 (measured: -0.08
    # to 0.15; one of the six intervals, [0.02, 0.29], just misses 0, as 1 in 20 may).
    assert len(gains) == 6
    for g in gains:
        assert g.hedges_g is not None and g.ci_low is not None and g.ci_high is not None
        assert abs(g.hedges_g) < 0.2 and g.ci_low < g.hedges_g < g.ci_high


def test_the_json_report_fills_ratings_alpha_and_gains(tmp_path: Path) -> None:
    made = simulate(tmp_path, 6)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["report", "--data", str(tmp_path), "--class", made["class_code"],
                     "--json"]) == 0
    report = json.loads(out.getvalue())
    store = open_store(tmp_path)
    found = ratings.class_ratings(store, made["class_id"])
    for student in report["students"]:
        for skill, figures in student["skills"].items():
            assert figures["rating"] == found.get((student["student_id"], Category(skill)))
    assert all(s["skills"]["loaded_term"]["rating"] is not None for s in report["students"])
    alphas = {a["assignment_id"]: a["alpha"] for a in report["assignments"]}
    for test in made["tests"]:
        quality = class_report(store, made["class_id"], assignment_id=test["assignment_id"]).quality
        assert quality is not None and alphas[test["assignment_id"]] == quality.alpha
    gains = class_report(store, made["class_id"]).gains
    assert [(g["skill"], g["compared_with"], g["hedges_g"], g["ci_low"], g["ci_high"])
            for g in report["gains"]] == [
        (g.category.value, g.later_kind, g.hedges_g, g.ci_low, g.ci_high) for g in gains]
    assert len(gains) == 6  # three skills, post-test and retention test
