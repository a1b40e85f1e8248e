"""The load tool: its helpers and a small in-process run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.loadtest import read_ack_log, run_load, sample_attempt, sample_excerpt
from quiz.cli import main
from quiz.store import TinyDBStore


def test_the_sample_excerpt_is_valid_content() -> None:
    excerpt = sample_excerpt()
    (span,) = excerpt.spans
    assert excerpt.text[span.start : span.end] == "slammed"


def test_a_small_run_acknowledges_exactly_what_it_stored(tmp_path: Path) -> None:
    data, ack = tmp_path / "data", tmp_path / "ack.log"
    result = run_load(data, workers=2, attempts=15, ack_log=ack)
    stored = TinyDBStore(data).attempts_for_class(result.class_id)
    assert (result.acknowledged, result.failed_workers) == (30, 0)
    assert sorted(a.id for a in stored) == sorted(read_ack_log(ack))
    assert "2 workers: 30 attempts acknowledged" in str(result)


def test_a_second_run_reuses_the_class_and_students(tmp_path: Path) -> None:
    data, ack = tmp_path / "data", tmp_path / "ack.log"
    first = run_load(data, workers=1, attempts=2, ack_log=ack)
    second = run_load(data, workers=1, attempts=2, ack_log=ack)
    store = TinyDBStore(data)
    assert first.class_id == second.class_id
    assert len(store.students_in(first.class_id)) == 3
    assert len(store.attempts_for_class(first.class_id)) == 4


def test_a_line_cut_short_is_not_an_acknowledgement(tmp_path: Path) -> None:
    log = tmp_path / "ack.log"
    whole = sample_attempt("a" * 32, None).id
    log.write_text(f"{whole}\n{whole[:10]}")
    assert read_ack_log(log) == [whole]
    assert read_ack_log(tmp_path / "missing.log") == []


@pytest.mark.parametrize(("workers", "attempts"), [("0", "5"), ("2", "-1")])
def test_loadtest_rejects_nonsense_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str, attempts: str
) -> None:
    code = main(
        ["loadtest", "--data", str(tmp_path), "--workers", workers, "--attempts", attempts,
         "--ack-log", str(tmp_path / "ack")]
    )  # fmt: skip
    assert code == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
