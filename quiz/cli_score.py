"""``python -m quiz score``: score one learner answer given as JSON on stdin.

The input and output are described in :data:`HELP` (shown by ``--help``).
Overlapping or touching character spans are merged before scoring, see
:mod:`quiz.scoring`. Bad input exits 1 with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from quiz import config
from quiz.content import ContentInvalid, load_content
from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, SelectionError, score_excerpt, spans_from_tokens
from quiz.text import tokenize

_KEYS = ("excerpt", "selections", "tokens", "categories")

HELP = """\
Reads one JSON object on stdin:

  {"excerpt": "ID",
   "selections": {"loaded_term": [[start, end], ...], ...},  character offsets
   "tokens": {"loaded_term": [i, ...], ...},                 token indices
   "categories": ["loaded_term", ...]}                       default: all three

"selections" and "tokens" are optional and are joined per category.
Prints {"excerpt", "score" (0-100, the mean F1), "categories": {CATEGORY:
{"precision", "recall", "f1", "found", "partly_found", "missed",
"false_alarms", "attributed_flagged"}}}, the span lists as [start, end].
Bad input: exit 1 with a message on stderr.
"""
_CATEGORY_LIST = ", ".join(c.value for c in Category)


class ScoreInputError(Exception):
    """The input cannot be scored; the message says what and how to fix it."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``score`` to ``python -m quiz``."""
    score = sub.add_parser(
        "score",
        help="score a learner's selections read as JSON on stdin",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument(
        "--content",
        type=Path,
        default=None,
        help="content file or folder holding the excerpt (default: the bundled content/)",
    )
    score.set_defaults(func=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    """Read the request on stdin, print the result JSON; 1 with a message on bad input."""
    try:
        try:
            raw = sys.stdin.read()
        except UnicodeDecodeError as exc:
            raise ScoreInputError(f"stdin is not UTF-8 text ({exc.reason}): send JSON") from exc
        request = parse_request(raw)
        excerpt = load_excerpt(request["excerpt"], args.content)
        selections, categories = selections_for(excerpt, request)
        result = score_excerpt(excerpt, selections, categories)
    except (ScoreInputError, SelectionError) as exc:
        print(f"python -m quiz score: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result.as_dict(), indent=2))
    return 0


def load_excerpt(excerpt_id: str, content: Path | None) -> Excerpt:
    """Find an excerpt by id. The one place that knows where excerpts are stored."""
    # Looked up at call time: quiz.cli imports this module, and tests repoint it.

    path = config.DEFAULT_CONTENT if content is None else content
    if not path.exists():
        raise ScoreInputError(f"no such content file or folder: {path}")
    try:
        excerpts = load_content([path])
    except ContentInvalid as exc:
        raise ScoreInputError(
            f"the content under {path} has {len(exc.errors)} problem(s), the first: "
            f"{exc.errors[0]}; run `python -m quiz validate {path}` for all of them"
        ) from exc
    for excerpt in excerpts:
        if excerpt.id == excerpt_id:
            return excerpt
    known = ", ".join(sorted(e.id for e in excerpts)[:10]) or "none"
    raise ScoreInputError(
        f"no excerpt {excerpt_id!r} in {path} (known ids include: {known}); "
        "check the id or point --content at the right folder"
    )


def parse_request(raw: str) -> dict[str, Any]:
    """Decode and check the shape of the request; values are checked against the excerpt."""
    try:
        request = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ScoreInputError(
            f"stdin is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            'send {"excerpt": ID, "selections": {CATEGORY: [[start, end], ...]}}'
        ) from exc
    if not isinstance(request, dict):
        raise ScoreInputError("the input must be a JSON object with an \"excerpt\" key")
    unknown = sorted(set(request) - set(_KEYS))
    if unknown:
        raise ScoreInputError(
            f"unknown key(s) {', '.join(map(repr, unknown))}: use {', '.join(_KEYS)}"
        )
    if not isinstance(request.get("excerpt"), str) or not request["excerpt"]:
        raise ScoreInputError('"excerpt" is missing or not a string: give the excerpt id')
    for key in ("selections", "tokens"):
        if not isinstance(request.get(key, {}), dict):
            raise ScoreInputError(f'"{key}" must be an object mapping a category to a list')
        for category, items in request.get(key, {}).items():
            _category(category, key)
            if not isinstance(items, list):
                raise ScoreInputError(f'"{key}.{category}" must be a list')
            for number, item in enumerate(items):
                if key == "tokens" and not _is_int(item):
                    raise ScoreInputError(
                        f'"tokens.{category}[{number}]" is {item!r}: give a token index (integer)'
                    )
                if key == "selections" and not (
                    isinstance(item, list) and len(item) == 2 and all(map(_is_int, item))
                ):
                    raise ScoreInputError(
                        f'"selections.{category}[{number}]" is {json.dumps(item)}: '
                        "give [start, end] as two integer character offsets"
                    )
    categories = request.get("categories")
    if categories is not None and (not isinstance(categories, list) or not categories):
        raise ScoreInputError(f'"categories" must be a non-empty list drawn from {_CATEGORY_LIST}')
    for name in categories or []:
        _category(name, "categories")
    return request


def selections_for(
    excerpt: Excerpt, request: dict[str, Any]
) -> tuple[dict[Category, list[CharSpan]], list[Category]]:
    """The character spans per category (offsets and tokens joined) and the asked categories."""
    categories = [Category(c) for c in request.get("categories") or list(Category)]
    chosen: dict[Category, list[CharSpan]] = {}
    length = len(excerpt.text)
    for category, items in request.get("selections", {}).items():
        for number, (start, end) in enumerate(items):
            if not 0 <= start < end <= length:
                raise ScoreInputError(
                    f'"selections.{category}[{number}]" is [{start}, {end}], not a span of the '
                    f"text of {excerpt.id!r}, which has {length} characters: "
                    f"give 0 <= start < end <= {length}"
                )
        chosen.setdefault(Category(category), []).extend((s, e) for s, e in items)
    token_requests = request.get("tokens", {})
    if token_requests:
        tokens = tokenize(excerpt.text)
        for category, indices in token_requests.items():
            try:
                spans = spans_from_tokens(excerpt.text, indices, tokens)
            except SelectionError as exc:
                raise ScoreInputError(f'"tokens.{category}": {exc}') from exc
            chosen.setdefault(Category(category), []).extend(spans)
    extra = [c.value for c in chosen if c not in categories]
    if extra:
        raise ScoreInputError(
            f"marks for {', '.join(extra)}, but \"categories\" asks only for "
            f"{', '.join(c.value for c in categories)}: add it to \"categories\" or drop the marks"
        )
    return chosen, categories


def _category(name: object, where: str) -> None:
    if name not in {c.value for c in Category}:
        raise ScoreInputError(
            f'unknown category {name!r} in "{where}": use one of {_CATEGORY_LIST}'
        )


def _is_int(value: object) -> bool:
    # JSON true/false decode to bool, a subclass of int: not an offset.
    return isinstance(value, int) and not isinstance(value, bool)
