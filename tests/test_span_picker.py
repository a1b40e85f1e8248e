"""The span picker wrapper: its payload, its state under AppTest, its input checks.

Page tests drive the picker by seeding ``at.session_state[key] =
{"selection": {category value: [token index, ...]}}`` before ``run()``, the
state the browser leaves after clicks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from quiz.models import Category
from quiz.text import Token, tokenize
from quiz.ui import span_picker
from quiz.ui.span_picker import COMPONENT_NAME, JS_PARTS, normalise_selection, picker_payload
from quiz.vocabulary import TokenStatus

HARNESS = str(Path(__file__).resolve().parent / "e2e" / "picker_harness.py")
KEY = "demo_picker"
LT, OM, UC = Category.LOADED_TERM, Category.OPINION_MARKER, Category.UNSUPPORTED_CLAIM
TEXT = "Clearly, the council slammed the plan."
TOKENS = tokenize(TEXT)


def payload(at: AppTest, n: int = 0) -> dict[str, Any]:
    """The JSON the n-th picker on the page sends to the browser."""
    element = at.get("bidi_component")[n]
    assert element.proto.component_name == COMPONENT_NAME
    data: dict[str, Any] = json.loads(element.proto.json)
    return data


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(HARNESS, default_timeout=30)
    app.run()
    assert not app.exception
    return app


def test_harness_shows_the_picker_with_text_and_offsets_only(at: AppTest) -> None:
    data = payload(at)
    tokens = tokenize(data["text"])
    assert data["mode"] == "mark"
    assert data["tokens"] == [[t.start, t.end] for t in tokens]
    assert [c["id"] for c in data["categories"]] == [LT.value]
    assert data["selected"] == {LT.value: []}
    assert "statuses" not in data
    assert "0 words marked" in texts(at)


def test_seeded_state_drives_the_selection_and_survives_reruns(at: AppTest) -> None:
    at.session_state[KEY] = {"selection": {LT.value: [5, 4]}}
    at.run()
    assert "2 words marked" in texts(at)
    assert payload(at)["selected"] == {LT.value: [4, 5]}
    at.run()  # a rerun with no new input keeps the marks
    assert "2 words marked" in texts(at)
    assert at.session_state[KEY]["selection"] == {LT.value: [5, 4]}


def test_state_from_the_browser_is_cleaned(at: AppTest) -> None:
    at.session_state[KEY] = {"selection": {LT.value: [4, 4, -1, 9999, "5", True, 5], OM.value: [0]}}
    at.run()
    assert "2 words marked" in texts(at)
    assert payload(at)["selected"] == {LT.value: [4, 5]}


def test_submit_shows_the_marks_then_a_read_only_feedback_view(at: AppTest) -> None:
    at.session_state[KEY] = {"selection": {LT.value: [4, 5]}}
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert "**Loaded term** (1): “complete desperation”" in texts(at)
    data = payload(at)
    assert data["mode"] == "feedback"
    statuses = data["statuses"][LT.value]
    assert statuses["4"] == statuses["5"] == TokenStatus.FOUND.value
    slammed = next(t.index for t in tokenize(data["text"]) if t.text == "slammed")
    assert statuses[str(slammed)] == TokenStatus.MISSED.value
    assert {s["id"] for s in data["status_styles"]} == {s.value for s in TokenStatus}


def test_three_categories_share_one_picker(at: AppTest) -> None:
    at.radio[0].set_value("All three categories").run()
    assert [c["id"] for c in payload(at)["categories"]] == [c.value for c in Category]
    at.session_state[KEY] = {"selection": {OM.value: [0], LT.value: [4, 5]}}
    at.run()
    assert "3 words marked" in texts(at)
    assert payload(at)["selected"] == {OM.value: [0], UC.value: [], LT.value: [4, 5]}


def test_payload_is_json_and_carries_no_answer_key() -> None:
    feedback = {LT: {3: TokenStatus.MISSED}}
    data = picker_payload(TEXT, TOKENS, categories=[LT, OM], category=OM, feedback=feedback)
    assert json.loads(json.dumps(data)) == data
    assert data["active"] == OM.value
    assert data["statuses"] == {LT.value: {"3": "missed"}}
    assert set(data) == {
        "mode",
        "label",
        "text",
        "tokens",
        "categories",
        "active",
        "statuses",
        "status_styles",
    }


def shifted(tokens: list[Token]) -> list[Token]:
    return [Token(t.index, t.start + 1, t.end + 1, t.text) for t in tokens]


@pytest.mark.parametrize(
    ("tokens", "kwargs", "message"),
    [
        (shifted(TOKENS), {}, r"token 0 says 'Clearly' but the text holds 'learly,'"),
        (TOKENS[1:], {}, r"token 0 has index 1: pass tokens in order"),
        (TOKENS, {"categories": []}, r"one or more distinct categories"),
        (TOKENS, {"categories": [LT, LT]}, r"one or more distinct categories"),
        (TOKENS, {"category": UC}, r"'unsupported_claim' is not among categories"),
        (TOKENS, {"feedback": {UC: {}}}, r"feedback for 'unsupported_claim'.*add it"),
        (TOKENS, {"feedback": {LT: {6: TokenStatus.FOUND}}}, r"token\(s\) \[6\].*6 tokens"),
    ],
)
def test_bad_input_is_refused_with_a_fix(
    tokens: list[Token], kwargs: dict[str, Any], message: str
) -> None:
    args: dict[str, Any] = {"categories": [LT, OM], **kwargs}
    with pytest.raises(ValueError, match=message):
        picker_payload(TEXT, tokens, **args)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, {"loaded_term": [], "opinion_marker": []}),
        ("not a mapping", {"loaded_term": [], "opinion_marker": []}),
        ({"loaded_term": [3, 1, 3]}, {"loaded_term": [1, 3], "opinion_marker": []}),
        ({"loaded_term": "1,2", "opinion_marker": [0]}, {"loaded_term": [], "opinion_marker": [0]}),
        ({"loaded_term": [1.0, False, 6, 5]}, {"loaded_term": [5], "opinion_marker": []}),
        ({"unsupported_claim": [1]}, {"loaded_term": [], "opinion_marker": []}),
    ],
)
def test_normalise_selection_table(raw: object, expected: dict[str, list[int]]) -> None:
    assert normalise_selection(raw, [LT, OM], 6) == expected


@given(
    raw=st.dictionaries(
        st.sampled_from([c.value for c in Category] + ["other"]),
        st.lists(st.one_of(st.integers(-5, 50), st.booleans(), st.text(max_size=2))),
    ),
    count=st.integers(0, 40),
)
def test_normalise_selection_is_clean_and_idempotent(raw: dict[str, Any], count: int) -> None:
    out = normalise_selection(raw, [OM, LT], count)
    assert list(out) == [OM.value, LT.value]
    for values in out.values():
        assert values == sorted(set(values))
        assert all(type(v) is int and 0 <= v < count for v in values)
    assert normalise_selection(out, [OM, LT], count) == out


def test_component_code_is_its_parts_joined_into_one_module() -> None:
    # The parts share one module scope: one default export, each top-level name once.
    here = Path(span_picker.__file__).parent
    parts = {name: (here / name).read_text("utf-8") for name in JS_PARTS}
    assert [text.count("export default") for text in parts.values()] == [0, 0, 0, 1]
    assert list(parts)[-1] == "span_picker.js"
    names = Counter(
        m for text in parts.values()
        for m in re.findall(r"^(?:function|const|let)\s+(\w+)", text, re.MULTILINE)
    )
    assert [n for n, count in names.items() if count > 1] == []
    # Text goes in as text: no HTML parsing anywhere in the component.
    html = re.compile(r"\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write")
    assert [name for name, text in parts.items() if html.search(text)] == []

