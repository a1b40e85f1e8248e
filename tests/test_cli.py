"""`python -m quiz validate | stats | schema`: exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import sample_entry

ROOT = Path(__file__).resolve().parent.parent


def test_validate_ok(write_json: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(sample_entry())
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == "ok: 1 excerpts, 6 spans\n"


def test_validate_lists_every_problem(
    write_json: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    entry = sample_entry() | {"genre": "rant"}
    entry["spans"][0]["quote"] = "going down with a ship"
    path = write_json(entry)
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}, excerpt sample-01: genre: is 'rant'; use one of 'news', 'opinion', "
        "'advertisement', 'review' or 'social_post'",
        f"{path}, excerpt sample-01, span 1: quote: 'going down with a ship' does not occur in "
        "the text (did you mean 'going down with the ship'?)",
        "2 problem(s); 0 excerpt(s) valid",
    ]


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "/no/such/folder"])
    assert info.value.code == 2
    assert "no such file or folder: /no/such/folder" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["stats", "--jsn"], ["frobnicate"]])
def test_bad_arguments_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_stats_json(write_json: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    news = sample_entry() | {"id": "news-1", "genre": "news", "leaning": "center"}
    news["spans"] = news["spans"][4:5]  # only the attributed span: a control
    path = write_json([sample_entry(), news])
    assert main(["stats", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "excerpts": 2,
        "spans": 7,
        "by_genre": {"news": 1, "opinion": 1},
        "by_leaning": {"center": 1, "left": 1},
        "by_difficulty": {"2": 2},
        "by_category": {"loaded_term": 1, "opinion_marker": 5, "unsupported_claim": 1},
        "controls": 1,
    }


def test_stats_refuses_invalid_content(
    write_json: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(sample_entry() | {"genre": "rant"})
    assert main(["stats", "--json", str(path)]) == 1
    assert "genre" in capsys.readouterr().err


def test_schema_validates_a_real_file_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Spin Spotter content file"
    assert {"$ref", "type"} & {k for option in schema["anyOf"] for k in option}


def test_module_entry_point(write_json: Callable[..., Path]) -> None:
    path = write_json(sample_entry() | {"genre": "rant"})
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "genre: is 'rant'" in done.stderr
