"""Every file the repository cites exists: Markdown links, and file names in
Markdown back-ticks and in Python docstrings and comments.

Only what looks like a path into the repository is checked: a name with a ``/``
that ends in a known extension, or a Markdown file name. Globs, placeholders,
absolute paths, parent-folder paths and the runtime ``data/`` folder are
skipped. A cited name may be relative to the repository root, to the citing
file's folder or to any folder above it.
"""

from __future__ import annotations

import ast
import io
import posixpath
import re
import subprocess
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXTENSIONS = (".md", ".py", ".json", ".sh", ".toml", ".txt", ".png", ".js", ".css")
# A Markdown link or image: [text](target) or [text](target "title").
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
# A reference-style link definition: [label]: target
LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
WORD = re.compile(r"[^\s`'\"()\[\]{},;]+")
SKIPPED_PREFIXES = ("data/", "/", "~", "..", ".venv/")
PLACEHOLDER = re.compile(r"[*?<>$%]|\.\.\.|…")
# Files cited on purpose that live outside the repository, with where they are.
OUTSIDE: dict[str, str] = {}

Exists = Callable[[str], bool]


def repo_files() -> set[str]:
    """Tracked files, plus new files not yet committed (never ignored ones), still on disk."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    return {name for name in listed if name and (ROOT / name).is_file()}


def exists_in(files: set[str]) -> Exists:
    """A test for 'this repository path is a file of the repository, or a folder holding some'."""
    folders = {str(parent) for name in files for parent in Path(name).parents}

    def exists(path: str) -> bool:
        return path in files or path in folders

    return exists


def without_fences(markdown: str) -> str:
    """The Markdown with fenced code blocks blanked out (line numbers kept)."""
    lines, inside = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            inside = not inside
            lines.append("")
        else:
            lines.append("" if inside else line)
    return "\n".join(lines)


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def link_problems(md_path: str, markdown: str, exists: Exists) -> list[str]:
    """Markdown links and images whose relative target is not a repository file."""
    prose = without_fences(markdown)
    folder = posixpath.dirname(md_path)
    problems = []
    for pattern in (LINK, LINK_DEFINITION):
        for match in pattern.finditer(prose):
            target = match.group(1).split("#", 1)[0].split("?", 1)[0]
            if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # a pure #anchor, or http:, https:, mailto: ...
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            if resolved.startswith("..") or not exists(resolved):
                where = f"{md_path}:{line_of(prose, match.start())}"
                problems.append(f"{where}: link to {match.group(1)!r} does not resolve")
    return problems


def cited_paths(text: str) -> Iterator[str]:
    """The words of ``text`` that look like a path into the repository."""
    for word in WORD.findall(text):
        word = re.sub(r"(:\d+)+$", "", word.rstrip(".,:;!?"))
        name = posixpath.basename(word)
        if not word.endswith(EXTENSIONS) or ("/" not in word and not word.endswith(".md")):
            continue
        if name.startswith(".") or word in OUTSIDE:
            continue  # an extension on its own (".md files"), or a file of another package
        if "://" in word or word.startswith(SKIPPED_PREFIXES) or PLACEHOLDER.search(word):
            continue
        yield word.removeprefix("./")


def resolves(citing: str, cited: str, exists: Exists) -> bool:
    """Whether ``cited`` is a repository path from the citing file's folder or any above it."""
    folder = posixpath.dirname(citing)
    while True:
        if exists(posixpath.normpath(posixpath.join(folder, cited))):
            return True
        if not folder:
            return False
        folder = posixpath.dirname(folder)


def name_problems(citing: str, passages: list[tuple[int, str]], exists: Exists) -> list[str]:
    """Cited file names, in (line, passage) pairs, that are not repository paths."""
    return [
        f"{citing}:{line}: cites {cited!r}, which is not in the repository"
        for line, passage in passages
        for cited in cited_paths(passage)
        if not resolves(citing, cited, exists)
    ]


def markdown_code_spans(markdown: str) -> list[tuple[int, str]]:
    """Inline code (back-ticks) outside fenced blocks, with its line number."""
    prose = without_fences(markdown)
    return [(line_of(prose, m.start()), m.group(2)) for m in INLINE_CODE.finditer(prose)]


def python_prose(source: str) -> list[tuple[int, str]]:
    """The docstrings and comments of a Python module, with their line numbers."""
    passages = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            passages.append((token.start[0], token.string))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines = first.value.value.splitlines()
                passages.extend((first.lineno + i, line) for i, line in enumerate(lines))
    return sorted(passages)


FILES = repo_files()
EXISTS = exists_in(FILES)
MARKDOWN = sorted(name for name in FILES if name.endswith(".md"))
PYTHON = sorted(name for name in FILES if name.endswith(".py"))


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_the_checker_reports_a_broken_link_and_passes_good_ones() -> None:
    exists = exists_in({"README.md", "docs/guide.md", "docs/screenshots/a.png", "quiz/x.py"})
    markdown = "\n".join(
        [
            "See [the guide](docs/guide.md#spans), ![shot](docs/screenshots/a.png),",
            "[home](https://example.org/missing.md), [mail](mailto:a@b.c), [top](#top),",
            "[the folder](docs/) and [gone](docs/missing.md).",
            "```",
            "[in a code block](not/checked.md)",
            "```",
            "[ref]: docs/also-missing.md",
        ]
    )
    assert link_problems("README.md", markdown, exists) == [
        "README.md:3: link to 'docs/missing.md' does not resolve",
        "README.md:7: link to 'docs/also-missing.md' does not resolve",
    ]
    # Relative to the Markdown file's own folder, and never out of the repository.
    assert link_problems("docs/guide.md", "[up](../README.md) [x](screenshots/a.png)", exists) == []
    assert link_problems("docs/guide.md", "[shot](docs/screenshots/a.png)", exists) != []
    assert link_problems("README.md", "[out](../elsewhere/README.md)", exists) != []


def test_the_checker_reports_a_missing_cited_file() -> None:
    exists = exists_in({"docs/guide.md", "quiz/x.py", "quiz/sub/y.py"})
    spans = markdown_code_spans("Run `bash scripts/gone.sh` and read `docs/guide.md`.")
    assert name_problems("README.md", spans, exists) == [
        "README.md:1: cites 'scripts/gone.sh', which is not in the repository"
    ]
    source = (
        '"""Rules from ``GUIDE.md`` and quiz/x.py."""\n# see sub/y.py, data/*.json, /tmp/z.py\n'
    )
    assert name_problems("quiz/z.py", python_prose(source), exists) == [
        "quiz/z.py:1: cites 'GUIDE.md', which is not in the repository"
    ]
    assert (
        list(cited_paths("`content/*.json` data/x.json ../a.md /tmp/b.py classes/<id>.json")) == []
    )


def test_repository_listing_is_not_empty() -> None:
    assert "README.md" in FILES and "tests/test_references.py" in FILES
    assert MARKDOWN and PYTHON


def test_markdown_links_resolve() -> None:
    problems = [p for name in MARKDOWN for p in link_problems(name, read(name), EXISTS)]
    assert not problems, "\n".join(problems)


def test_file_names_cited_in_markdown_exist() -> None:
    problems = [
        p for name in MARKDOWN for p in name_problems(name, markdown_code_spans(read(name)), EXISTS)
    ]
    assert not problems, "\n".join(problems)


def test_file_names_cited_in_python_docstrings_and_comments_exist() -> None:
    problems = [p for name in PYTHON for p in name_problems(name, python_prose(read(name)), EXISTS)]
    assert not problems, "\n".join(problems)


def test_the_annotation_guide_is_cited_at_its_place_in_the_repository() -> None:
    assert "docs/ANNOTATION_GUIDE.md" in FILES
    wrong = [
        f"{name}:{line_of(text, m.start())}"
        for name in MARKDOWN + PYTHON
        for text in [read(name)]
        for m in re.finditer(r"(?<![\w/.-])ANNOTATION_GUIDE\.md", text)
        if name != "docs/ANNOTATION_GUIDE.md"
    ]
    assert not wrong, f"cite the guide by its path, docs/ANNOTATION_GUIDE.md: {wrong}"
