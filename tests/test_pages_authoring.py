"""The authoring page under AppTest: from a pasted text to a saved, validated content file.

The page runs on its own (``AppTest.from_file``) on a temporary data folder; a
signed-in teacher is seeded in session state. The span table is an
``st.data_editor`` keyed ``author_editor``: AppTest cannot type into its cells,
so a test assigns the editor's edit state (``edited_rows``, ``added_rows``,
``deleted_rows``) before ``run()``, exactly what the browser sends.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quiz import cli
from quiz.auth import hash_password
from quiz.content import check_content
from quiz.models import Category
from quiz.store import open_store
from quiz.text import word_count
from quiz.ui.text import md
from tests.pages import ROOT, raw_texts, texts

PAGE = str(ROOT / "app_pages" / "teacher_authoring.py")
EVIL = "<img src=x onerror=alert(1)>"
TEXT = (
    "Once again the council has slammed the door on families. Most parents now say the "
    "crossing on Mill Road is the most dangerous in the county, yet nothing is done. The "
    "mayor claims the budget is tight. It is high time the councillors stopped hiding behind "
    "spreadsheets and built the crossing the town has asked for since 2019. Children cross "
    "there every morning."
)


def page(monkeypatch: pytest.MonkeyPatch, data: Path, *, teacher: bool = True) -> AppTest:
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(data))
    at = AppTest.from_file(PAGE, default_timeout=60)
    if teacher:
        signed_up = open_store(data).add_teacher("Ms Rivera", hash_password("long enough words"))
        at.session_state["teacher_id"] = signed_up.id
        at.session_state["teacher_signed_in_at"] = dt.datetime.now(dt.UTC)
    at.run()
    if teacher:  # a visitor's page stops on its sign-in link, which needs the whole app
        assert not at.exception, [e.value for e in at.exception]
    return at


def edit_spans(at: AppTest, *, edited: dict[int, dict[str, Any]] | None = None,
               added: list[dict[str, Any]] | None = None) -> None:
    """What the browser sends after the teacher edits the span table."""
    at.session_state["author_editor"] = {
        "edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": [],
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def paste(at: AppTest, text: str, title: str) -> None:
    at.text_area(key="author_text").input(text).run()
    at.text_input(key="author_title").input(title).run()


def authored(data: Path) -> list[Path]:
    folder = data / "authored"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_from_paste_to_a_saved_validated_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, TEXT, "Mill Road crossing")
    assert f"{word_count(TEXT)} words." in texts(at)
    at.button(key="author_suggest").click().run()
    suggested = at.data_editor(key="author_editor").value
    assert len(suggested) > 0 and not suggested["keep"].any()  # nothing kept until ticked
    first = suggested.iloc[0]
    needs = {"loaded_term": {"neutral_alternative": first["neutral_alternative"] or "calm"},
             "unsupported_claim": {"evidence_needed": "A road safety survey."}}
    others = [c.value for c in Category if c.value != first["category"]]
    edit_spans(
        at,
        edited={0: {"keep": True, "explanation": "Our reason.",
                    **needs.get(first["category"], {})}},
        added=[{"keep": True, "category": others[0], "quote": "hiding behind spreadsheets",
                "explanation": "A picture that mocks the councillors.",
                "neutral_alternative": "relying on figures", "evidence_needed": "Minutes."}],
    )
    assert "2 of" in texts(at) and "row(s) kept" in texts(at)
    assert "The answer key" in texts(at)  # the preview shows once the draft is valid
    assert len(at.get("bidi_component")) == 2  # the learner's view and the marked key
    at.button(key="author_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "version 1" in texts(at)

    [path] = authored(tmp_path)
    assert path.name == "mill-road-crossing.json"
    assert cli.main(["validate", str(path)]) == 0
    excerpts, errors = check_content([path])
    assert errors == []
    [excerpt] = excerpts
    assert [s.quote for s in excerpt.spans] == [first["quote"], "hiding behind spreadsheets"]
    assert open_store(tmp_path).excerpt(excerpt.id).excerpt == excerpt
    assert at.get("download_button")  # the saved file can be downloaded


def test_a_quote_not_in_the_text_shows_inline_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, TEXT, "Mill Road crossing")
    edit_spans(at, added=[
        {"keep": True, "category": "opinion_marker", "quote": "Once again",
         "explanation": "Fed up."},
        {"keep": True, "category": "loaded_term", "quote": "stonewalled",
         "neutral_alternative": "refused", "explanation": "Loaded."},
    ])
    at.button(key="author_save").click().run()
    errors = [e.value for e in at.error]
    assert errors[0] == "Not saved: 1 problem(s) to fix."
    assert "Span table row 2 “stonewalled” (kept span 2), Quote: 'stonewalled' does not occur" in (
        texts(at)
    )
    assert authored(tmp_path) == []
    assert "mill-road-crossing" not in {s.excerpt.id for s in open_store(tmp_path).excerpts()}


def test_visitors_who_are_not_teachers_are_sent_away(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path, teacher=False)
    assert "This page is for teachers" in texts(at)
    assert not at.get("text_area")


def test_html_typed_or_pasted_is_shown_as_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, f"{TEXT} {EVIL}", EVIL)
    edit_spans(at, added=[{"keep": True, "category": "loaded_term", "quote": "slammed",
                           "neutral_alternative": EVIL, "explanation": EVIL}])
    assert EVIL in texts(at)  # the title, explanation and alternative are shown...
    assert EVIL not in raw_texts(at)  # ...escaped, never as markup
    assert [h.value for h in at.subheader] == [md(EVIL)]  # the preview's title
    assert "<img" not in "".join(str(h.proto.body) for h in at.get("html"))


def test_upload_html_strips_tags(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = page(monkeypatch, tmp_path)
    html = f"<html><script>steal()</script><body><p>{TEXT.replace('&', '&amp;')}</p></body>"
    at.file_uploader(key="author_upload").upload("article.html", html.encode(), "text/html")
    at.run()
    assert at.text_area(key="author_text").value == TEXT


def article(words: int) -> str:
    text = " ".join(f"Sentence {i} has four words." for i in range(words // 4 + 1))
    return " ".join(text.split()[:words])


def test_a_long_article_is_cut_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    long = article(1000)
    at.text_area(key="author_text").input(long).run()
    assert "Kept the first 180 of 1,000 words (up to the end of a sentence)" in texts(at)
    kept = at.text_area(key="author_text").value or ""
    assert long.startswith(kept) and kept.endswith("words.") and word_count(kept) == 180


def test_a_huge_article_is_refused_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    at.text_area(key="author_text").input(article(6000)).run()
    assert "Not used: The text has 6,000 words; the limit is 5,000" in texts(at)
    assert at.text_area(key="author_text").value == ""


def test_import_a_shared_file_and_edit_a_copy_of_an_excerpt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    good = {"id": "mill-road", "title": "The crossing", "source": "written for practice",
            "genre": "news", "leaning": "none", "difficulty": 1, "text": TEXT, "spans": []}
    bad = good | {"id": "broken", "genre": "gossip"}
    shared = json.dumps([good, bad]).encode()
    at.file_uploader(key="author_import_file").upload("shared.json", shared, "application/json")
    at.run()
    at.button(key="author_import").click().run()
    assert "Imported “The crossing” (mill-road)" in texts(at)
    assert "shared.json, excerpt broken: genre: is 'gossip'" in texts(at)
    assert [p.name for p in authored(tmp_path)] == ["mill-road.json"]

    at.run()  # the export list is read at the top of the page
    at.selectbox(key="author_export").set_value("mill-road").run()
    at.button(key="author_copy").click().run()
    assert at.text_area(key="author_text").value == TEXT
    assert at.text_input(key="author_title").value == "The crossing"
