"""Loading content files: every problem located by file, excerpt, span and field."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiz.config import PROJECT_ROOT
from quiz.content import (
    MAX_FILE_BYTES,
    MAX_WORD_CHARS,
    ContentInvalid,
    check_content,
    content_schema,
    json_depth,
    load_content,
)
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


# -- issue 12: bounds checked before the expensive work ----------------------------------


def run_validate(path: Path) -> tuple[int, str, int]:
    """``python -m quiz validate PATH`` in a fresh process: exit code, stderr, peak memory (KiB)."""
    script = (
        "import resource, sys\n"
        "from quiz.cli import main\n"
        "code = main(['validate', sys.argv[1]])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True,
        cwd=PROJECT_ROOT, check=False, timeout=120,
    )
    *lines, peak = done.stderr.splitlines()
    return done.returncode, "\n".join(lines), int(peak)


def baseline_memory(tmp_path: Path) -> int:
    """The peak memory of validating a small valid file: what the bounds are measured against."""
    path = tmp_path / "small.json"
    path.write_text(json.dumps(sample_entry()), encoding="utf-8")
    code, _, peak = run_validate(path)
    assert code == 0
    return peak


def test_a_file_past_the_size_bound_is_refused_unread(tmp_path: Path) -> None:
    # One 3-million-letter "word" in a 3 MB file: past MAX_FILE_BYTES.
    entry = sample_entry() | {"text": "a" * 3_000_000}
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(entry), encoding="utf-8")
    code, err, peak = run_validate(path)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}: file: is {path.stat().st_size:,} bytes; a content file may have at most "
        f"{MAX_FILE_BYTES:,}: split it into smaller files"
    )
    assert peak < baseline_memory(tmp_path) + 20_000  # KiB: the file was never read


def test_a_word_past_the_bound_is_refused_before_tokenizing(tmp_path: Path) -> None:
    # Under the size bound, but one word of 1.9 million letters: the tokenizer would
    # need some 250 MB and seconds for it.
    entry = sample_entry() | {"text": "a" * 1_900_000}
    path = tmp_path / "word.json"
    path.write_text(json.dumps(entry), encoding="utf-8")
    code, err, peak = run_validate(path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}, excerpt sample-01: text: has 1,900,000 characters; an excerpt is at most "
        "220 words, never over 5,000 characters: cut the passage",
        f"{path}, excerpt sample-01: text: has a word of 1,900,000 characters "
        f"('{'a' * 20}'...); a word may have at most {MAX_WORD_CHARS}: put in the missing spaces",
        "2 problem(s); 0 excerpt(s) valid",
    ]
    assert peak < baseline_memory(tmp_path) + 40_000  # KiB: the text is read, never tokenized


def test_long_words_are_named_by_span_and_field(write_json: WriteJson) -> None:
    entry = sample_entry()
    entry["spans"][0]["explanation"] = "x" * (MAX_WORD_CHARS + 1)
    assert errors_for(write_json, entry) == [
        f"{write_json(entry)}, excerpt sample-01, span 1: explanation: has a word of "
        f"{MAX_WORD_CHARS + 1} characters ('{'x' * 20}'...); a word may have at most "
        f"{MAX_WORD_CHARS}: put in the missing spaces"
    ]
    entry["spans"][0]["explanation"] = "x" * MAX_WORD_CHARS  # at the bound: fine
    assert load_content([write_json(entry)])


def test_a_text_past_the_length_bound_is_refused_before_searching_it(
    write_json: WriteJson,
) -> None:
    entry = sample_entry()
    entry["text"] = "word " * 40_000 + entry["text"]
    entry["spans"][0]["quote"] = "complete desparation"  # a typo: would search 200 KB
    [message] = errors_for(write_json, entry)
    assert message.endswith(
        "text: has 200,420 characters; an excerpt is at most 220 words, never over "
        "5,000 characters: cut the passage"
    )


def test_deep_nesting_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, err, _ = run_validate(path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}: json: arrays and objects nest 200,000 levels deep, more than the 64 allowed "
        "in a content file: nothing was read",
        "1 problem(s); 0 excerpt(s) valid",
    ]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('[{"a": [1, 2, {"b": []}]}]', 5),
        ('["[[[[", "\\"]]]", {"x": "{{{"}]', 2),  # brackets inside strings do not count
        ('"unterminated [[[[', 0),
        ("", 0),
    ],
)
def test_json_depth_counts_only_brackets_outside_strings(text: str, depth: int) -> None:
    assert json_depth(text) == depth


def test_the_in_app_importer_refuses_deep_nesting_and_large_files(tmp_path: Path) -> None:
    from quiz.store import open_store
    from quiz.usecases.authoring import import_file

    store = open_store(tmp_path / "data")
    author = store.add_teacher("Ms Rivera", "$argon2id$not-a-real-hash").id
    deep = b"[" * 100_000 + b"]" * 100_000  # 200 KB, as a browser upload
    result = import_file("deep.json", deep, tmp_path / "authored", store, author)
    assert [str(e) for e in result.errors] == [
        "deep.json: json: arrays and objects nest 100,000 levels deep, more than the 64 "
        "allowed in a content file: nothing was read"
    ]
    big = b" " * (MAX_FILE_BYTES + 1)
    result = import_file("big.json", big, tmp_path / "authored", store, author)
    assert [e.field for e in result.errors] == ["file"]
    assert not (tmp_path / "authored").exists()
