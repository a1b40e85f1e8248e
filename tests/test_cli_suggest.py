"""`python -m quiz suggest`: JSON shape, errors and exit codes.

The default suggester trains on ``content/``; these tests swap in the rules-only
suggester so they do not depend on the content set, except the last, which
trains the real one on a small content set of its own and checks that a second
run loads the model kept in the data folder instead of training again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import quiz.suggest
from quiz import config
from quiz.authoring import entry_json
from quiz.cli import main
from quiz.suggest import MAX_WORDS, Suggester
from tests.conftest import SUGGEST_FILLER, busybodies_training_set

TEXT = (
    "I think the council slammed the brakes on the plan. Studies show that buses are "
    "always late. Why are they hiding the report?"
)


REAL_DEFAULT_SUGGESTER = quiz.suggest.default_suggester


@pytest.fixture(autouse=True)
def rules_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rules-only suggester, so results do not depend on content/."""
    suggester = Suggester(None)
    monkeypatch.setattr(quiz.suggest, "default_suggester", lambda *args: suggester)
    yield
    REAL_DEFAULT_SUGGESTER.cache_clear()  # no suggester trained here outlives its test


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_lists_spans_with_exactly_the_documented_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "--text-file", str(write(tmp_path, TEXT)), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found, "expected suggestions for an opinionated text"
    for item in found:
        assert list(item) == ["start", "end", "category", "quote", "why"]
        assert TEXT[item["start"] : item["end"]] == item["quote"]
    quotes = {(i["category"], i["quote"]) for i in found}
    assert ("opinion_marker", "I think") in quotes
    assert ("loaded_term", "slammed") in quotes
    assert ("unsupported_claim", "Studies show that buses are always late") in quotes


def test_category_option_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, TEXT))
    assert main(["suggest", "--text-file", path, "--json", "--category", "loaded_term"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert {i["category"] for i in found} == {"loaded_term"}


def test_plain_output_shows_quote_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "--text-file", str(write(tmp_path, TEXT))]) == 0
    out = capsys.readouterr().out
    assert "'slammed'" in out and "criticise" in out


def test_plain_output_says_when_nothing_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "--text-file", str(write(tmp_path, "The bus left at nine."))]) == 0
    assert capsys.readouterr().out == "no suggestions\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", r"missing\.txt does not exist"),
        (
            lambda p: (p / "bad.txt", (p / "bad.txt").write_bytes(b"\xff\xfe\x00bad"))[0],
            r"cannot read .*bad\.txt as UTF-8",
        ),
        (
            lambda p: (
                p / "long.txt",
                (p / "long.txt").write_text("word " * 5000, encoding="utf-8"),
            )[0],
            rf"5000 words but the suggester reads at most {MAX_WORDS}",
        ),
    ],
    ids=["missing", "not-utf8", "too-long"],
)
def test_bad_input_exits_1_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    assert callable(make)
    path = make(tmp_path)
    assert main(["suggest", "--text-file", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert re.search(message, err)


def test_text_file_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["suggest", "--json"])
    assert exit_info.value.code == 2
    assert "--text-file" in capsys.readouterr().err


def test_the_trained_model_is_kept_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real default suggester, trained on a small content set of our own.
    monkeypatch.setattr(quiz.suggest, "default_suggester", REAL_DEFAULT_SUGGESTER)
    content = tmp_path / "content"
    content.mkdir()
    for excerpt in busybodies_training_set():
        (content / f"{excerpt.id}.json").write_bytes(entry_json(excerpt))
    monkeypatch.setattr(config, "DEFAULT_CONTENT", content)
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(tmp_path / "data"))
    text = str(write(tmp_path, "Once more the busybodies have stopped the fair. " + SUGGEST_FILLER))
    command = ["suggest", "--text-file", text, "--json"]

    assert main(command) == 0
    first = json.loads(capsys.readouterr().out)
    assert {"quote": "busybodies", "category": "loaded_term"}.items() <= first[0].items()
    [saved] = (tmp_path / "data" / "cache").glob("suggester-*.pickle")
    written = saved.stat().st_mtime_ns

    # A new process: nothing in memory, and training is impossible.
    REAL_DEFAULT_SUGGESTER.cache_clear()
    monkeypatch.setattr(Suggester, "fit", classmethod(refuse_to_train))
    assert main(command) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert list((tmp_path / "data" / "cache").glob("suggester-*.pickle")) == [saved]
    assert saved.stat().st_mtime_ns == written


def refuse_to_train(cls: object, excerpts: object) -> Suggester:
    raise AssertionError("trained again although the model was kept on disk")
