"""The README's promises: its commands are the ones CI runs, its pages and commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from quiz.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    assert "bash scripts/run.sh" in README
    assert "bash scripts/test.sh" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec bash scripts/test\.sh$", ci, re.MULTILINE)


def test_scripts_install_from_pinned_requirements() -> None:
    install = (ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")
    assert "pip install" in install and "-r requirements.txt" in install
    assert "apt-get install -y -qq chromium" in install
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][^\s]*", line.strip()), line


def test_every_page_in_the_router_exists() -> None:
    router = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'st\.Page\(\s*"([^"]+)"', router)
    assert len(pages) >= 8
    for page in pages:
        assert (ROOT / page).is_file(), page


def test_every_command_in_the_readme_exists() -> None:
    parser = build_parser()
    commands = set(re.findall(r"python -m quiz ([a-z]+)", README))
    known = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert commands and commands <= known, commands - known


def test_usage_statistics_are_off() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^gatherUsageStats = false$", config, re.MULTILINE)
    assert re.search(r'^toolbarMode = "minimal"$', config, re.MULTILINE)
