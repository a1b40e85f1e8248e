"""Read an excerpt blind (app_pages/teacher_second_reading.py) and the assignment page's reading
grade filter and contested flag, under AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from quiz.agreement import contested_categories
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.content import build_excerpt, load_content
from quiz.models import Category, Excerpt
from quiz.storage import Store, import_content
from quiz.store import open_store
from quiz.text import tokenize
from quiz.ui import pages
from quiz.ui.text import md
from tests.conftest import sample_entry
from tests.pages import mark, picker_key, raw_texts, sign_in_teacher, start, texts
from tests.second_fixture import write_content

LT = Category.LOADED_TERM
OM = Category.OPINION_MARKER
HERE = "second:sample-01@1"
PAGE = pages.TEACHER_SECOND_READING
EVIL = "<img src=x onerror=alert(1)>"


def hostile_sample() -> Excerpt:
    excerpt, problems = build_excerpt(sample_entry() | {"title": f"Bike lanes {EVIL}"})
    assert excerpt is not None, problems
    return excerpt


@pytest.fixture
def school(tmp_path: Path) -> Store:
    store = open_store(tmp_path)
    store.import_excerpts([hostile_sample()])
    store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    return store


def words(excerpt: Excerpt, *quotes: str) -> list[int]:
    """Token indices of the first occurrence of each quote."""
    tokens = tokenize(excerpt.text)
    found: list[int] = []
    for quote in quotes:
        start = excerpt.text.index(quote)
        found += [t.index for t in tokens if start <= t.start and t.end <= start + len(quote)]
    return found


def unescaped_html(at: AppTest) -> list[str]:
    return re.findall(r"(?<!\\)<img", raw_texts(at))


def opened(monkeypatch: pytest.MonkeyPatch, data: Path) -> AppTest:
    at = sign_in_teacher(monkeypatch, data, "Ms Rivera")
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_key_stays_hidden_until_the_reading_is_compared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = opened(monkeypatch, tmp_path)
    excerpt = school.excerpt("sample-01").excerpt
    shown = texts(at)
    assert at.title[0].value == "Read an excerpt blind"
    assert [h.value for h in at.subheader] == [md(f"Bike lanes {EVIL}")]  # escaped
    for span in excerpt.spans:
        assert span.explanation not in shown
    assert "Disagreements" not in shown and "span F1" not in shown
    assert not unescaped_html(at)


def test_compare_then_adjudicate_makes_a_new_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school: Store
) -> None:
    at = opened(monkeypatch, tmp_path)
    excerpt = school.excerpt("sample-01").excerpt
    mark(at, f"{HERE}:picker", {LT: words(excerpt, "desperation", "slammed"),
                                OM: words(excerpt, "Clearly", "I think")})
    at.text_input(key=f"{HERE}:by").input(f"reader {EVIL}")
    at.button(key=f"{HERE}:compare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at).replace("**", "")
    # Loaded terms: P = (1 + 0) / 2, R = 11/20 ("desperation" of "complete desperation"):
    # F1 = 11/21 = 0.52. Unsupported claims: the key has one, the reader none: 0.
    assert "Loaded terms: span F1 0.52" in shown
    assert "Unsupported claims: span F1 0.00, κ 0.00 (below the contested line)" in shown
    assert "Disagreements (4)" in shown
    assert "the key marks “complete desperation”, you marked “desperation”" in shown
    assert "only you marked “slammed”" in shown

    # Save without reasons: refused, nothing stored.
    at.button(key=f"{HERE}:save").click().run()
    assert "give a reason" in texts(at)
    assert school.excerpt("sample-01").version == 1

    for number, choice in enumerate(["change", "add", "drop", "keep"], start=1):
        at.radio(key=f"{HERE}:d{number}").set_value(choice)
        at.text_input(key=f"{HERE}:r{number}").input(f"reason {number} {EVIL}")
    at.run()
    at.text_input(key=f"{HERE}:e2").input("A dramatic verb for stopping a plan.")
    at.text_input(key=f"{HERE}:x2").input("stopped")
    at.button(key=f"{HERE}:save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "as version 2" in texts(at)
    assert not unescaped_html(at)
    saved = school.excerpt("sample-01")
    assert saved.version == 2 and saved.excerpt.second is not None
    assert saved.excerpt.second.annotator == f"reader {EVIL}"
    assert saved.excerpt.second.rulings[0].reason == f"reason 1 {EVIL}"
    assert {s.quote for s in saved.excerpt.gold(LT)} == {"desperation", "slammed"}
    assert school.excerpt("sample-01", 1).excerpt == excerpt
    # The page now offers version 2, marked as read twice, with an empty picker.
    assert "read twice" in at.selectbox(key="second_excerpt").format_func("sample-01")


def contested_sample(folder: Path) -> Excerpt:
    reader = {"id": "sample-01", "annotator": "reader C", "spans": [
        {"quote": "Clearly", "occurrence": n, "category": "opinion_marker"} for n in (1, 2)]}
    [excerpt] = load_content([write_content(folder, readings=[reader], adjudication=[],
                                            entry=sample_entry())])
    return excerpt


def test_assignments_filter_by_reading_grade_and_flag_contested_excerpts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "data")
    import_content(store, [DEFAULT_CONTENT])
    store.import_excerpts([contested_sample(tmp_path / "content")])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    store.create_class(teacher.id, "8B")
    at = sign_in_teacher(monkeypatch, tmp_path / "data", "Ms Rivera")
    at.switch_page(pages.TEACHER_ASSIGNMENTS).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = at.multiselect(key="assign_pick").options  # AppTest gives the shown labels
    contested = [label for label in labels if "⚠ contested" in label]
    assert (f"Bike lanes, again (Opinion piece, Left, level 2, grade "
            f"{store.excerpt('sample-01').excerpt.reading_grade:.1f}) · ⚠ contested") in contested
    flagged = {s.excerpt.title for s in store.excerpts() if contested_categories(s.excerpt)}
    assert len(contested) == len(flagged)
    assert all(any(label.startswith(f"{title} (") for title in flagged) for label in contested)
    assert "⚠ contested: a second careful reader" in texts(at)
    grades = {s.excerpt.title: s.excerpt.reading_grade for s in store.excerpts()}
    at.slider(key="flt_grade").set_range(5, 7).run()
    expected = sorted(t for t, g in grades.items() if 5 <= g <= 7)
    assert 0 < len(expected) < len(grades)
    shown = sorted(label.split(" (")[0] for label in at.multiselect(key="assign_pick").options)
    assert shown == expected
    assert f"{len(expected)} of {len(grades)} excerpts match" in texts(at)


def test_a_learner_reads_that_careful_readers_disagree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    [excerpt] = load_content([write_content(tmp_path / "content")])
    open_store(tmp_path / "data").import_excerpts([excerpt])
    at = start(monkeypatch, tmp_path / "data")
    at.switch_page(pages.PRACTICE).run()
    at.session_state["practice_task"] = (excerpt.id, (OM,))
    at.run()
    mark(at, picker_key(at, "practice"), {OM: words(excerpt, "I think")})
    at.run()
    at.button(key="practice:submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    said = texts(at)
    # Three opinion markers in the key; only the second "Clearly" is disputed.
    assert said.count("Careful readers disagree about this one") == 1
    assert "You missed this opinion marker. Careful readers disagree about this one" in said
