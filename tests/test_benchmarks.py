"""The benchmarks measure what they say: positive timings of work that really happened.

Each benchmark's measuring functions run on a small case; whole ``--quick`` runs
that take more than a few seconds are marked slow. Speed itself is never asserted.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from bench import reports, scoring, storage
from bench.pg_cluster import Cluster
from quiz.cli import main
from quiz.cli.measure import BENCHMARKS
from quiz.content import load_content
from quiz.models import Category
from quiz.reports import build_report
from quiz.scoring import score_excerpt
from quiz.store import TinyDBStore

ROOT = Path(__file__).resolve().parent.parent


def ratio(line_start: str, out: str) -> float:
    """The number right after ``line_start`` (a regex) at the start of a line of ``out``."""
    match = re.search(rf"^{line_start} *([\d,]+(?:\.\d+)?)", out, re.MULTILINE)
    assert match, f"no line starting {line_start!r} in:\n{out}"
    return float(match.group(1).replace(",", ""))


def test_the_command_line_offers_exactly_the_benchmarks_bench_runs() -> None:
    assert BENCHMARKS == bench.BENCHMARKS
    with pytest.raises(ValueError, match="no benchmark 'nope'"):
        bench.run_benchmark("nope")


def test_quick_scoring_run_from_the_project_folder_prints_a_positive_ratio() -> None:
    # A separate process, as a person runs it: `bench` must be importable there too.
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "bench", "scoring", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert ratio("ratio:", done.stdout) > 0


def test_scoring_rates_are_positive_and_the_learner_scores_in_between() -> None:
    excerpt, marks = scoring.bench_excerpt(), scoring.typical_selection()
    calls = {"a": 0}

    def counted() -> None:
        calls["a"] += 1

    found = scoring.rates({"counted": counted, "loop": scoring.count_spaces}, 0.01, repeats=2)
    assert set(found) == {"counted", "loop"} and min(found.values()) > 0
    assert calls["a"] >= 20  # the rate counts real calls
    result = score_excerpt(excerpt, marks, list(Category))
    assert 0 < result.score < 100  # a typical learner: some found, some missed


def test_storage_times_every_write_and_every_write_lands(tmp_path: Path) -> None:
    rng = random.Random(3)
    case = storage.build_case(tmp_path, 200, storage.school(), rng)
    case.time_writes(3, rng)
    (sqlite_rows,) = case.sqlite.execute("SELECT count(*) FROM attempts").fetchone()
    row = case.finish(plain_samples=2)
    assert min(row.values()) > 0, row
    assert len(case.times["store"]) == len(case.times["sqlite"]) == 3
    assert len(list(TinyDBStore(case.store_dir).iter_attempts())) == sqlite_rows == 203
    assert (tmp_path / "plain.json").read_text().count('"excerpt_id"') == 202


def test_reports_timings_are_positive_for_a_small_class(tmp_path: Path) -> None:
    store = TinyDBStore(tmp_path, durable=False)
    class_id = reports.seed_class(store, random.Random(5), students=3, attempts_each=10)
    data, timings = reports.measure(store, class_id, repeats=2)
    assert min(timings.first_read, timings.read, timings.build, timings.report) > 0
    assert len(data.attempts) == 30
    assert len(build_report(data).students) == 3


def test_ui_reruns_are_timed_and_the_quiz_page_costs_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import ui

    monkeypatch.delenv("SPIN_SPOTTER_DATA", raising=False)
    times = ui.rerun_times(reruns=5)
    assert {name: len(values) for name, values in times.items()} == {
        "trivial page": 5, "quiz page": 5,
    }  # fmt: skip
    assert min(min(values) for values in times.values()) > 0
    # An excerpt, a span picker and a reminder against a title and a line of text.
    assert statistics.median(times["quiz page"]) > statistics.median(times["trivial page"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "line"),
    [("storage", r"store / SQLite at [\d,]+:"), ("reports", "ratio class report / raw reads:")],
)
def test_quick_run_exits_0_with_a_positive_ratio(
    capsys: pytest.CaptureFixture[str], name: str, line: str
) -> None:
    assert main(["bench", name, "--quick"]) == 0
    assert ratio(line, capsys.readouterr().out) > 0


def test_postgres_storage_case_times_every_write_and_every_write_lands(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    from bench import storage_pg

    case = storage_pg.Case(pg_cluster, tmp_path, 300, storage.school())
    case.time_writes(3, random.Random(3))
    (sqlite_rows,) = case.sqlite.execute("SELECT count(*) FROM attempts").fetchone()
    stored = len(list(case.store.iter_attempts()))
    row = case.finish()
    assert min(v for k, v in row.items() if "_s" not in k) > 0, row
    assert len(case.times["store"]) == len(case.times["sqlite"]) == 3
    assert stored - 1_500 == sqlite_rows == 303  # and the measured class's 30 x 50
    pg_cluster.drop_database("bench_300")


@pytest.mark.slow
def test_postgres_storage_quick_run_prints_its_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "storage", "--backend", "postgres", "--quick"]) == 0
    out = capsys.readouterr().out
    assert ratio(r"PostgreSQL at [\d,]+ / at [\d,]+:", out) > 0
    assert "class report at 2,000:" in out
    assert "two replicas behind nginx, 2 x 5 students, 3 excerpts each" in out
    assert "30 acknowledged, 30 stored, 0 lost, 0 student(s) with errors" in out


@pytest.mark.slow  # the MiniLM pass over each text: 2 s on a quiet machine, 10 s under load
def test_suggest_quick_scores_fresh_text_apart(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import quiz.config

    content = Path(quiz.config.DEFAULT_CONTENT)
    (tmp_path / "batch-2").mkdir()
    shutil.copy(content / "everyday.json", tmp_path)
    shutil.copy(content / "controls.json", tmp_path)
    shutil.copy(content / "batch-2" / "mixed.json", tmp_path / "batch-2")
    monkeypatch.setattr(quiz.config, "DEFAULT_CONTENT", tmp_path)
    assert main(["bench", "suggest", "--quick"]) == 0
    out = capsys.readouterr().out
    fresh = load_content([tmp_path / "batch-2"])
    tuned = load_content([tmp_path / "everyday.json", tmp_path / "controls.json"])
    # Trained on the tuning files only, scored on the fresh ones only.
    assert f"tuned on {len(tuned)}, fresh {len(fresh)} (batch-2/)" in out, out
    assert f"fresh: {', '.join(e.id for e in fresh)}" in out
    gold = sum(len(e.gold(Category.LOADED_TERM)) for e in fresh)
    assert re.search(rf"\| loaded_term \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \| {gold} \|", out)
    assert "cross-validation" not in out  # --quick skips it
    assert ratio("ratio: one suggest costs", out) > 1  # a suggestion costs more than tokenizing


def test_suggest_without_fresh_text_says_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import quiz.config

    shutil.copy(Path(quiz.config.DEFAULT_CONTENT) / "controls.json", tmp_path)
    monkeypatch.setattr(quiz.config, "DEFAULT_CONTENT", tmp_path)
    assert main(["bench", "suggest", "--quick"]) == 1
    assert "need valid excerpts both in" in capsys.readouterr().out
