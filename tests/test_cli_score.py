"""Tests for ``python -m quiz score`` (quiz.cli.score), on content written to tmp_path."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import quiz.config
from quiz.cli import main
from quiz.config import PROJECT_ROOT
from quiz.text import tokenize
from tests.stadium import TEXT
from tests.stadium import at as stadium_at

WORDS = [t.text for t in tokenize(TEXT)]


def at(quote: str) -> list[int]:
    return list(stadium_at(quote))


def token(word: str) -> int:
    return WORDS.index(word)


ENTRY: dict[str, Any] = {
    "id": "stadium",
    "title": "The stadium",
    "source": "written for practice",
    "genre": "opinion",
    "leaning": "none",
    "difficulty": 1,
    "text": TEXT,
    "spans": [
        {"category": "opinion_marker", "quote": "Frankly", "explanation": "Stance."},
        {"category": "opinion_marker", "quote": "a shameful waste", "attributed": True,
         "explanation": "The mayor's words."},
        {"category": "unsupported_claim", "quote": "Everyone knows the builders cut corners",
         "explanation": "Who says so?", "evidence_needed": "an inspection report"},
        {"category": "loaded_term", "quote": "greedy", "explanation": "Name-calling.",
         "neutral_alternative": "(leave it out)"},
        {"category": "loaded_term", "quote": "pocketed", "explanation": "Suggests theft.",
         "neutral_alternative": "kept"},
    ],
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "stadium.json").write_text(json.dumps(ENTRY), encoding="utf-8")
    return folder


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str | dict[str, Any],
    *args: str,
) -> tuple[int, Any, str]:
    """Run the command; return the exit code, the parsed stdout (or None) and stderr."""
    raw = stdin if isinstance(stdin, str) else json.dumps(stdin)
    monkeypatch.setattr(sys, "stdin", io.StringIO(raw))
    code = main(["score", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def test_scores_character_selections(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = {"excerpt": "stadium", "selections": {"loaded_term": [at("greedy"), at("Monday")]}}
    code, out, err = run(monkeypatch, capsys, request, "--content", str(content))
    assert (code, err) == (0, "")
    lt = out["loaded_term"]
    # 2 marks, one exactly on a gold span: P = 1/2; 1 of 2 gold found: R = 1/2; F1 = 1/2.
    assert lt == {
        "precision": 0.5, "recall": 0.5, "f1": 0.5,
        "found": [at("greedy")], "partly_found": [], "missed": [at("pocketed")],
        "false_alarms": [at("Monday")], "attributed_flagged": [],
    }
    assert out["opinion_marker"]["missed"] == [at("Frankly")]
    assert out["unsupported_claim"]["f1"] == 0
    assert out["score"] == pytest.approx(100 * 0.5 / 3)
    # 52 words. Loaded terms: 1 of 2 gold words marked, 1 of 50 others: 1/2 - 1/50 = 0.48;
    # the other two categories found nothing and marked nothing: 0. Mean 0.16.
    assert out["discernment"] == pytest.approx(16.0)
    assert list(out) == [
        "opinion_marker", "unsupported_claim", "loaded_term", "score", "discernment"
    ]


def test_tokens_and_selections_are_joined(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = {
        "excerpt": "stadium",
        "tokens": {"loaded_term": [token("greedy")], "opinion_marker": [token("shameful")]},
        "selections": {"loaded_term": [at("pocketed")]},
        "categories": ["loaded_term", "opinion_marker"],
    }
    code, out, _ = run(monkeypatch, capsys, request, "--content", str(content))
    assert code == 0
    assert list(out) == ["loaded_term", "opinion_marker", "score", "discernment"]
    assert out["loaded_term"]["f1"] == 1
    om = out["opinion_marker"]
    assert om["attributed_flagged"] == om["false_alarms"] == [at("shameful")]
    assert out["score"] == pytest.approx(50)
    # Loaded terms: 2 of 2, nothing else: 1. Opinion markers: none of "Frankly", and the
    # quoted "shameful", 1 of 51 plain words: 0 - 1/51. Mean (1 - 1/51) / 2 = 0.490196.
    assert out["discernment"] == pytest.approx(49.0196, abs=1e-4)


def test_tokens_score_like_the_same_characters(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    words = {"excerpt": "stadium", "tokens": {"unsupported_claim": [token("Everyone")]}}
    chars = {"excerpt": "stadium", "selections": {"unsupported_claim": [at("Everyone")]}}
    _, by_tokens, _ = run(monkeypatch, capsys, words, "--content", str(content))
    _, by_chars, _ = run(monkeypatch, capsys, chars, "--content", str(content))
    assert by_tokens == by_chars
    assert by_chars["unsupported_claim"]["partly_found"] == [
        at("Everyone knows the builders cut corners")
    ]


def test_default_content_folder(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(quiz.config, "DEFAULT_CONTENT", content)
    code, out, _ = run(monkeypatch, capsys, {"excerpt": "stadium"})
    assert code == 0
    assert out["score"] == 0  # nothing marked, something to find in every category
    assert out["discernment"] == 0


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{", r"stdin is not valid JSON \(line 1, column 2"),
        ("[1, 2]", "must be a JSON object"),
        ({}, '"excerpt" is missing'),
        ({"excerpt": "nope"}, r"no excerpt 'nope' in .* \(known ids include: stadium\)"),
        ({"excerpt": "stadium", "extra": 1}, r"unknown key\(s\) 'extra'"),
        ({"excerpt": "stadium", "selections": [[0, 5]]}, '"selections" must be an object'),
        ({"excerpt": "stadium", "selections": {"bias": [[0, 5]]}},
         r"unknown category 'bias' in \"selections\": use one of opinion_marker, "),
        ({"excerpt": "stadium", "tokens": {"spin": [1]}}, "unknown category 'spin' in \"tokens\""),
        ({"excerpt": "stadium", "selections": {"loaded_term": [[0, 999]]}},
         r'"selections.loaded_term\[0\]" is \[0, 999\], not a span of the text of '
         r"'stadium', which has 303 characters: give 0 <= start < end <= 303"),
        ({"excerpt": "stadium", "selections": {"loaded_term": [[0, 5], [7, 7]]}},
         r'"selections.loaded_term\[1\]" is \[7, 7\], not a span'),
        ({"excerpt": "stadium", "selections": {"loaded_term": [[0.5, 3]]}},
         r"give \[start, end\] as two integer character offsets"),
        ({"excerpt": "stadium", "selections": {"loaded_term": [[True, 3]]}},
         r"give \[start, end\] as two integer"),
        ({"excerpt": "stadium", "selections": {"loaded_term": [3]}}, r"\[start, end\]"),
        ({"excerpt": "stadium", "selections": {"loaded_term": "0-5"}},
         '"selections.loaded_term" must be a list'),
        ({"excerpt": "stadium", "tokens": {"loaded_term": [999]}},
         r'"tokens.loaded_term": token 999 is not in the text, which has 52 tokens'),
        ({"excerpt": "stadium", "tokens": {"loaded_term": ["greedy"]}}, "give a token index"),
        ({"excerpt": "stadium", "categories": []}, '"categories" must be a non-empty list'),
        ({"excerpt": "stadium", "categories": ["loaded"]}, "unknown category 'loaded'"),
        ({"excerpt": "stadium", "categories": ["loaded_term"],
          "selections": {"opinion_marker": [[0, 7]]}},
         r"marks for opinion_marker, but \"categories\" asks only for loaded_term"),
    ],
)
def test_bad_input_exits_1_with_a_message(
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str | dict[str, Any],
    message: str,
) -> None:
    assert len(TEXT) == 303 and len(WORDS) == 52  # the figures in the messages above
    code, out, err = run(monkeypatch, capsys, stdin, "--content", str(content))
    assert (code, out) == (1, None)
    assert err.startswith("python -m quiz score: ")
    assert err.count("\n") == 1
    assert re.search(message, err), err


def test_stdin_that_is_not_utf8(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xff{}"), encoding="utf-8"))
    assert main(["score", "--content", str(content)]) == 1
    assert "stdin is not UTF-8 text" in capsys.readouterr().err


def test_missing_content_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    code, _, err = run(monkeypatch, capsys, {"excerpt": "stadium"}, "--content", str(missing))
    assert code == 1
    assert f"no such content file or folder: {missing}" in err


def test_invalid_content_names_the_first_problem(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "broken.json").write_text("{", encoding="utf-8")
    code, _, err = run(monkeypatch, capsys, {"excerpt": "stadium"}, "--content", str(content))
    assert code == 1
    assert "has 1 problem(s), the first: " in err
    assert "broken.json" in err
    assert f"run `python -m quiz validate {content}`" in err


def test_module_entry_point_never_prints_a_traceback(content: Path) -> None:
    command = [sys.executable, "-m", "quiz", "score", "--content", str(content)]
    bad = subprocess.run(
        command, input="not json", capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "stdin is not valid JSON" in bad.stderr
    good = subprocess.run(
        command, input=json.dumps({"excerpt": "stadium", "tokens": {"loaded_term": [0]}}),
        capture_output=True, text=True, cwd=PROJECT_ROOT, check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["loaded_term"]["false_alarms"] == [[0, 7]]


def test_deeply_nested_stdin_is_refused_in_one_line(content: Path) -> None:
    # 200,000 levels: Python's JSON decoder would die of recursion with a traceback.
    command = [sys.executable, "-m", "quiz", "score", "--content", str(content)]
    for deep in ('{"excerpt": "stadium", "tokens": ' + "[" * 200_000, "[" * 200_000):
        done = subprocess.run(
            command, input=deep, capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
        )
        assert done.returncode == 1
        assert done.stderr.startswith("python -m quiz score: stdin: arrays and objects nest ")
        assert "more than the 64 allowed" in done.stderr
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
