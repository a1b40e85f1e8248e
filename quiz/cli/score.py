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

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from quiz import config
from quiz.cli.common import Subparsers
from quiz.content import ContentInvalid, load_content, nesting_problem
from quiz.discernment import attempt_discernment
from quiz.models import Category, Excerpt
from quiz.scoring import CharSpan, SelectionError, score_excerpt, spans_from_tokens
from quiz.text import tokenize

HELP = """\
Reads one JSON object on stdin:

  {"excerpt": "ID",
   "selections": {"loaded_term": [[start, end], ...], ...},  character offsets
   "tokens": {"loaded_term": [i, ...], ...},                 token indices
   "categories": ["loaded_term", ...]}                       default: all three

"selections" and "tokens" are optional and are joined per category.
Prints one JSON object, a key per asked category (in the order asked), then
the score and the discernment:

  {CATEGORY: {"precision": P, "recall": R, "f1": F1,
              "found": SPANS, "partly_found": SPANS, "missed": SPANS,
              "false_alarms": SPANS, "attributed_flagged": SPANS},
   ...,
   "score": S,
   "discernment": D}

P, R and F1 are 0-1; S is 0-100, the mean F1 of the asked categories.
D is 0-100, spin found minus plain text marked, on words (quiz.discernment):
marking every word, none or random words scores about 0, a perfect answer 100.
"found", "partly_found" and "missed" partition the gold spans; "false_alarms"
and "attributed_flagged" (marks touching an attributed opinion) list the
learner's marks, merged. Each SPANS is [[start, end], ...] in text order.
Bad input: exit 1 with a one-line message on stderr.
"""
_CATEGORY_LIST = ", ".join(c.value for c in Category)


class ScoreInputError(Exception):
    """The input cannot be scored; the message says what and how to fix it."""


class ScoreRequest(BaseModel):
    """The object ``score`` reads on stdin; offsets are checked against the excerpt later."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    excerpt: StrictStr = Field(min_length=1)
    # Strict integers: JSON true/false and 1.0 are not offsets.
    selections: dict[Category, list[tuple[StrictInt, StrictInt]]] = Field(default_factory=dict)
    tokens: dict[Category, list[StrictInt]] = Field(default_factory=dict)
    categories: list[Category] | None = Field(default=None, min_length=1)


_KEYS = tuple(ScoreRequest.model_fields)


def register(sub: Subparsers) -> None:
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
        excerpt = load_excerpt(request.excerpt, args.content)
        selections, categories = selections_for(excerpt, request)
        result = score_excerpt(excerpt, selections, categories)
    except (ScoreInputError, SelectionError) as exc:
        print(f"python -m quiz score: {exc}", file=sys.stderr)
        return 1
    output = result.as_dict()
    output["discernment"] = attempt_discernment(excerpt, selections, categories)
    print(json.dumps(output, indent=2))
    return 0


def load_excerpt(excerpt_id: str, content: Path | None) -> Excerpt:
    """Find an excerpt by id. The one place that knows where excerpts are stored."""
    # config.DEFAULT_CONTENT is read at call time: tests repoint it.
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


def parse_request(raw: str) -> ScoreRequest:
    """Decode and check the shape of the request; values are checked against the excerpt."""
    too_deep = nesting_problem(raw, "a score request")
    if too_deep:
        raise ScoreInputError(f"stdin: {too_deep}")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ScoreInputError(
            f"stdin is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            'send {"excerpt": ID, "selections": {CATEGORY: [[start, end], ...]}}'
        ) from exc
    if not isinstance(data, dict):
        raise ScoreInputError("the input must be a JSON object with an \"excerpt\" key")
    try:
        return ScoreRequest.model_validate(data)
    except ValidationError as exc:
        raise ScoreInputError(_first_problem(exc, data)) from exc


def _first_problem(exc: ValidationError, data: dict[str, Any]) -> str:
    """One line for the first problem, in the words of the request's keys."""
    errors = exc.errors()
    unknown = sorted(str(e["loc"][0]) for e in errors if e["type"] == "extra_forbidden")
    if unknown:
        return f"unknown key(s) {', '.join(map(repr, unknown))}: use {', '.join(_KEYS)}"
    first = errors[0]
    loc = first["loc"]
    key = loc[0]
    if key == "excerpt":
        return '"excerpt" is missing or not a string: give the excerpt id'
    if key == "categories":
        if len(loc) > 1:
            return _unknown_category(first["input"], "categories")
        return f'"categories" must be a non-empty list drawn from {_CATEGORY_LIST}'
    # "selections" or "tokens": loc is (key,), (key, category[, "[key]"]) or deeper into a list.
    if len(loc) == 1:
        return f'"{key}" must be an object mapping a category to a list'
    category = loc[1]
    if loc[-1] == "[key]":
        return _unknown_category(category, str(key))
    if len(loc) == 2:
        return f'"{key}.{category}" must be a list'
    number = loc[2]
    item = data[str(key)][category][number]
    if key == "tokens":
        return f'"tokens.{category}[{number}]" is {item!r}: give a token index (integer)'
    return (
        f'"selections.{category}[{number}]" is {json.dumps(item)}: '
        "give [start, end] as two integer character offsets"
    )


def selections_for(
    excerpt: Excerpt, request: ScoreRequest
) -> tuple[dict[Category, list[CharSpan]], list[Category]]:
    """The character spans per category (offsets and tokens joined) and the asked categories."""
    categories = list(request.categories or Category)
    chosen: dict[Category, list[CharSpan]] = {}
    length = len(excerpt.text)
    for category, items in request.selections.items():
        for number, (start, end) in enumerate(items):
            if not 0 <= start < end <= length:
                raise ScoreInputError(
                    f'"selections.{category.value}[{number}]" is [{start}, {end}], not a span of '
                    f"the text of {excerpt.id!r}, which has {length} characters: "
                    f"give 0 <= start < end <= {length}"
                )
        chosen.setdefault(category, []).extend(items)
    if request.tokens:
        tokens = tokenize(excerpt.text)
        for category, indices in request.tokens.items():
            try:
                spans = spans_from_tokens(excerpt.text, indices, tokens)
            except SelectionError as exc:
                raise ScoreInputError(f'"tokens.{category.value}": {exc}') from exc
            chosen.setdefault(category, []).extend(spans)
    extra = [c.value for c in chosen if c not in categories]
    if extra:
        raise ScoreInputError(
            f"marks for {', '.join(extra)}, but \"categories\" asks only for "
            f"{', '.join(c.value for c in categories)}: add it to \"categories\" or drop the marks"
        )
    return chosen, categories


def _unknown_category(name: object, where: str) -> str:
    return f'unknown category {name!r} in "{where}": use one of {_CATEGORY_LIST}'
