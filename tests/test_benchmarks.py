"""Each benchmark's quick run prints its table (the shape, never the speed)."""

from __future__ import annotations

import re

import pytest

from quiz.cli import main


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
