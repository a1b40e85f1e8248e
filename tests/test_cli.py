"""`python -m quiz validate | stats | schema`: exit codes and output; every --help's keys."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.cli import content_stats, main
from quiz.models import Category
from quiz.readability import reading_grade
from quiz.suggest import Suggester
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
        # both excerpts have the same text, so the same grade
        "reading_grade": dict.fromkeys(("min", "median", "max"), reading_grade(news["text"])),
        "second_readings": 0,
        "agreement": None,
        "agreement_after": None,
        "adjudication": {"keep": 0, "drop": 0, "change": 0, "add": 0, "spans_changed": 0,
                         "open": 0},
        "contested": 0,
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


# --- every --help says what its command prints --------------------------------------


def help_of(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def documented_keys(help_text: str) -> set[str]:
    """The JSON keys the help text's output part names: every "lower_case" word in quotes."""
    assert "Prints" in help_text, help_text
    output = help_text.split("Prints", 1)[1].split("\noptions:", 1)[0]
    return set(re.findall(r'"([a-z][a-z0-9_]*)"', output))


def test_documented_keys_reads_only_the_output_part() -> None:
    text = 'Reads {"excerpt"}.\nPrints {"score", "f1": X, "KEY: V"}\n\noptions:\n  "x"'
    assert documented_keys(text) == {"score", "f1"}


@pytest.mark.parametrize("asked", [None, ["unsupported_claim", "loaded_term"]])
def test_score_prints_exactly_the_keys_its_help_documents(
    write_json: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    asked: list[str] | None,
) -> None:
    documented = documented_keys(help_of(capsys, "score"))
    assert {"score", "f1", "false_alarms"} <= documented
    path = write_json(sample_entry())
    request: dict[str, object] = {"excerpt": "sample-01", "tokens": {"loaded_term": [0, 1]}}
    if asked:
        request["categories"] = asked
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(request)))
    assert main(["score", "--content", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    categories = asked or [c.value for c in Category]
    # The help's CATEGORY: one key per asked category, in the order asked, then "score"
    # and "discernment".
    assert list(out) == [*categories, "score", "discernment"]
    printed = {"score", "discernment"} | {key for c in categories for key in out[c]}
    assert printed - documented == set(), "printed but not documented"
    assert documented - printed == set(), "documented but not printed"


def test_stats_prints_exactly_the_keys_its_help_documents(
    write_json: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    documented = documented_keys(help_of(capsys, "stats"))
    path = str(write_json(sample_entry()))
    assert main(["stats", "--json", path]) == 0
    assert set(json.loads(capsys.readouterr().out)) == documented
    assert main(["stats", path]) == 0  # the plain form: one "KEY: VALUE" line per key
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == list(content_stats([]))
    assert set(content_stats([])) == documented


def test_suggest_json_prints_exactly_the_keys_its_help_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import quiz.suggest

    # The rules-only suggester: no training on content/ for a test of the output's shape.
    monkeypatch.setattr(quiz.suggest, "default_suggester", lambda *args: Suggester(None))
    documented = documented_keys(help_of(capsys, "suggest"))
    text = tmp_path / "text.txt"
    text.write_text("I think the council slammed the plan. Studies show buses are late.")
    assert main(["suggest", "--text-file", str(text), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found
    for item in found:
        assert set(item) == documented


def test_a_full_disk_is_one_line_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import os

    data = tmp_path / "data"
    assert main(["content", "import", "--data", str(data)]) == 0
    before = {p: p.read_bytes() for p in data.rglob("*.json")}

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough sentence\n"))
    assert main(["teacher", "add", "Ms Rivera", "--password-stdin", "--data", str(data)]) == 1
    said = capsys.readouterr().err
    assert "the disk is full" in said and "nothing was lost" in said
    assert "Traceback" not in said
    assert {p: p.read_bytes() for p in data.rglob("*.json")} == before
