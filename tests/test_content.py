"""Loading content files: every problem located by file, excerpt, span and field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiz.content import ContentInvalid, check_content, content_schema, load_content
from tests.conftest import sample_entry

WriteJson = Callable[..., Path]


def errors_for(write_json: WriteJson, value: Any) -> list[str]:
    path = write_json(value)
    with pytest.raises(ContentInvalid) as info:
        load_content([path])
    return [str(e) for e in info.value.errors]


def test_valid_entry_loads_with_computed_offsets(write_json: WriteJson) -> None:
    [excerpt] = load_content([write_json(sample_entry())])
    for span in excerpt.spans:
        assert excerpt.text[span.start : span.end] == span.quote
    clearly = [s for s in excerpt.spans if s.quote == "Clearly"]
    assert clearly[0].start < clearly[1].start


def test_a_file_may_hold_a_list(write_json: WriteJson) -> None:
    second = sample_entry() | {"id": "sample-02"}
    assert [e.id for e in load_content([write_json([sample_entry(), second])])] == [
        "sample-01", "sample-02"
    ]


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    entry = copy.deepcopy(sample_entry())
    change(entry)
    return entry


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(entry: dict[str, Any]) -> None:
        target: Any = entry
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return apply


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _set(["spans", 0, "quote"], "complete desparation"),
            "excerpt sample-01, span 1: quote: 'complete desparation' does not occur in the text "
            "(did you mean 'complete desperation'?)",
            id="quote-not-found",
        ),
        pytest.param(
            _set(["spans", 1, "occurrence"], _DELETE),
            "span 2: occurrence: 'Clearly' occurs 2 times in the text: add \"occurrence\": 1 to 2",
            id="quote-ambiguous",
        ),
        pytest.param(
            _set(["spans", 1, "occurrence"], 3),
            "span 2: occurrence: is 3 but 'Clearly' occurs 2 time(s): use 1 to 2",
            id="occurrence-too-large",
        ),
        pytest.param(
            lambda e: e["spans"][0].update(start=13, end=999),
            "span 1: start/end: [13, 999) is not inside the text",
            id="offsets-out-of-range",
        ),
        pytest.param(
            lambda e: e["spans"][0].update(start=14, end=34),
            "span 1: quote: offsets [14, 34) hold 'omplete desperation,'",
            id="offsets-mismatch",
        ),
        pytest.param(
            _set(["spans", 0, "quote"], "complete desperation,"),
            "span 1: quote: 'complete desperation,' does not start and end on whole words "
            "('complete desperation' would)",
            id="off-token-boundary",
        ),
        pytest.param(
            lambda e: e["spans"].append(
                {"quote": "Clearly, the councillors", "category": "opinion_marker",
                 "explanation": "x"}),
            "span 7: quote: 'Clearly, the councillors' overlaps span 2 ('Clearly')",
            id="overlap-same-category",
        ),
        pytest.param(
            _set(["spans", 1, "explanation"], _DELETE),
            "span 2: explanation: is missing",
            id="missing-explanation",
        ),
        pytest.param(
            _set(["spans", 1, "explanation"], " "),
            "span 2: explanation: is empty: write it",
            id="blank-explanation",
        ),
        pytest.param(
            _set(["spans", 0, "neutral_alternative"], _DELETE),
            "span 1: neutral_alternative: a loaded term needs one",
            id="loaded-without-neutral",
        ),
        pytest.param(
            _set(["spans", 2, "evidence_needed"], _DELETE),
            "span 3: evidence_needed: an unsupported claim needs it",
            id="claim-without-evidence",
        ),
        pytest.param(
            _set(["genre"], "rant"),
            "excerpt sample-01: genre: is 'rant'; use one of 'news', 'opinion'",
            id="bad-enum",
        ),
        pytest.param(
            _set(["spans", 0, "category"], "loaded"),
            "span 1: category: is 'loaded'; use one of 'opinion_marker'",
            id="bad-category",
        ),
        pytest.param(
            _set(["spans", 0, "colour"], "red"),
            "span 1: colour: is not a known field",
            id="unknown-span-field",
        ),
        pytest.param(
            _set(["author"], "me"),
            "excerpt sample-01: author: is not a known field",
            id="unknown-excerpt-field",
        ),
        pytest.param(
            _set(["text"], "Too short to be an excerpt."),
            "excerpt sample-01: text: has 6 words; an excerpt needs 40 to 220",
            id="too-short",
        ),
        pytest.param(
            lambda e: e.update(text=e["text"] + " word" * 200),
            "text: has 274 words; an excerpt needs 40 to 220",
            id="too-long",
        ),
        pytest.param(
            _set(["difficulty"], 4),
            "difficulty: Input should be less than or equal to 3 (got 4)",
            id="difficulty",
        ),
        pytest.param(
            _set(["pair"], "nobody"),
            "excerpt sample-01: pair: names 'nobody', which is not an excerpt id",
            id="pair-unknown",
        ),
    ],
)
def test_each_error_kind_is_located(
    write_json: WriteJson, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    messages = errors_for(write_json, broken(change))
    assert any(expected in m for m in messages), messages


def test_messages_start_with_the_file(write_json: WriteJson) -> None:
    path = write_json(broken(_set(["genre"], "rant")), "sub/broken.json")
    _, errors = check_content([path.parent])
    assert [str(e).split(",")[0] for e in errors] == [str(path)]


def test_all_errors_in_one_run(write_json: WriteJson) -> None:
    def many(entry: dict[str, Any]) -> None:
        entry["genre"] = "rant"
        entry["spans"][0]["quote"] = "nowhere to be seen"
        entry["spans"][2]["evidence_needed"] = None
        entry["spans"][3]["extra"] = 1

    messages = errors_for(write_json, broken(many))
    assert len(messages) == 4
    assert {m.split(": ")[1] for m in messages} >= {"genre", "quote", "evidence_needed", "extra"}


def test_duplicate_ids_across_files(write_json: WriteJson, tmp_path: Path) -> None:
    write_json(sample_entry(), "a.json")
    write_json(broken(_set(["genre"], "rant")), "b.json")  # invalid, but its id still counts
    _, errors = check_content([tmp_path])
    assert any(
        f"{tmp_path / 'b.json'}, excerpt sample-01: id: is already used by an excerpt in "
        f"{tmp_path / 'a.json'}" in str(e)
        for e in errors
    ), errors


def test_pairs_must_name_each_other(write_json: WriteJson, tmp_path: Path) -> None:
    left = sample_entry() | {"pair": "sample-02"}
    right = sample_entry() | {"id": "sample-02", "leaning": "right"}
    write_json([left, right])
    _, errors = check_content([tmp_path])
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'content.json'}, excerpt sample-01: pair: names 'sample-02', but that "
        "excerpt does not name 'sample-01' back as its pair"
    ]
    right["pair"] = "sample-01"
    write_json([left, right])
    assert check_content([tmp_path])[1] == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{not json", "json: line 1, column 2: Expecting property name"),
        ('"just a string"', "excerpt: must be a JSON object"),
    ],
)
def test_unreadable_files(tmp_path: Path, raw: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(raw, encoding="utf-8")
    _, errors = check_content([path])
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: ")
    assert expected in str(errors[0])


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(sample_entry()).replace("Bike", "B\\u00efke").encode() + b"\xff")
    _, errors = check_content([path])
    assert "is not UTF-8 text" in str(errors[0])


def test_schema_describes_author_fields() -> None:
    schema = content_schema()
    span = schema["$defs"]["SpanEntry"]
    assert {"quote", "occurrence", "start", "end", "explanation"} <= set(span["properties"])
    assert span["additionalProperties"] is False
    assert "quote" in span["required"] and "start" not in span["required"]
