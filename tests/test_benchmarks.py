"""Each benchmark's quick run prints its table (the shape, never the speed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.content import load_content
from quiz.models import Category


def test_storage_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "storage", "--quick"]) == 0
    out = capsys.readouterr().out
    assert "| stored | this store | plain TinyDB | SQLite WAL FULL" in out
    assert re.search(r"store at [\d,]+ / store at [\d,]+: [\d.]+x", out)
    assert re.search(r"store / SQLite at [\d,]+: [\d.]+x", out)


def test_reports_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "reports", "--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"ratio class report / raw reads: [\d.]+", out), out


def test_ui_quick(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPIN_SPOTTER_DATA", raising=False)
    assert main(["bench", "ui", "--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"trivial page +median +[\d.]+ ms", out)
    assert re.search(r"quiz page +median +[\d.]+ ms", out)
    assert re.search(r"ratio quiz/trivial: [\d.]+x", out)


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
    assert f"tuned on {len(tuned)}, fresh {len(fresh)} (batch-2/)" in out, out
    assert f"fresh: {', '.join(e.id for e in fresh)}" in out
    gold = sum(len(e.gold(Category.LOADED_TERM)) for e in fresh)
    assert re.search(rf"\| loaded_term \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \| {gold} \|", out)
    assert "cross-validation" not in out  # --quick skips it
    assert re.search(r"ratio: one suggest costs [\d,]+ tokenizations", out)


def test_suggest_without_fresh_text_says_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import quiz.config

    shutil.copy(Path(quiz.config.DEFAULT_CONTENT) / "controls.json", tmp_path)
    monkeypatch.setattr(quiz.config, "DEFAULT_CONTENT", tmp_path)
    assert main(["bench", "suggest", "--quick"]) == 1
    assert "need valid excerpts both in" in capsys.readouterr().out
