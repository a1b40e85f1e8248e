"""The authoring page under AppTest: from a pasted text to a saved draft, then published.

The page runs on its own (``AppTest.from_file``) on a temporary data folder; a
signed-in teacher is seeded in session state. Spans are shown one at a time:
``author_pick`` chooses the span on show (by its uid), and the span's fields are
widgets keyed by that uid (``quiz.ui.authoring_spans.widget_key``), which the
tests type into like a teacher.
"""

from __future__ import annotations

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
from quiz.ui import span_picker
from quiz.ui.text import md
from tests.pages import ROOT, components, raw_texts, seat_teacher, texts

PAGE = str(ROOT / "app_pages" / "teacher_authoring.py")
EVIL = "<img src=x onerror=alert(1)>"
TEXT = (
    "Once again the council has slammed the door on families. Most parents now say the "
    "crossing on Mill Road is the most dangerous in the county, yet nothing is done. The "
    "mayor claims the budget is tight. It is high time the councillors stopped hiding behind "
    "spreadsheets and built the crossing the town has asked for since 2019. Children cross "
    "there every morning."
)
NEEDS = {"loaded_term": {"neutral_alternative": "criticised"},
         "unsupported_claim": {"evidence_needed": "A road safety survey."},
         "opinion_marker": {}}


def page(monkeypatch: pytest.MonkeyPatch, data: Path, *, teacher: bool = True) -> AppTest:
    monkeypatch.setenv("SPIN_SPOTTER_DATA", str(data))
    at = AppTest.from_file(PAGE, default_timeout=120)
    if teacher:
        signed_up = open_store(data).add_teacher("Ms Rivera", hash_password("long enough words"))
        seat_teacher(at, signed_up.id)
    at.run()
    if teacher:  # a visitor's page stops on its sign-in link, which needs the whole app
        ok(at)
    return at


def widget_key(field: str, uid: str) -> str:
    from quiz.ui.authoring_spans import widget_key as key  # here: the old page had none

    return key(field, uid)


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def paste(at: AppTest, text: str, title: str) -> None:
    at.text_area(key="author_text").input(text).run()
    at.text_input(key="author_title").input(title).run()


def about(at: AppTest, genre: str = "opinion", leaning: str = "left", difficulty: int = 2) -> None:
    at.text_input(key="author_source").input("written for practice")
    at.selectbox(key="author_genre").set_value(genre)
    at.selectbox(key="author_leaning").set_value(leaning)
    at.radio(key="author_difficulty").set_value(difficulty).run()
    ok(at)


def spans(at: AppTest) -> list[dict[str, Any]]:
    return list(at.session_state["author_spans"])


def show(at: AppTest, number: int) -> str:
    """Bring span ``number`` (1-based, as the page numbers them) on show; its uid."""
    uid = str(spans(at)[number - 1]["uid"])
    [chooser] = [s for s in at.selectbox if s.label == "Span"]
    chooser.set_value(uid).run()
    ok(at)
    return uid


def add_span(at: AppTest, category: str, quote: str, **fields: Any) -> str:
    """What a teacher does to add a span the suggester missed: Add, then fill it in."""
    at.button(key="author_add").click().run()
    uid = str(at.session_state["author_pick"])
    at.selectbox(key=widget_key("category", uid)).set_value(category)
    at.text_input(key=widget_key("quote", uid)).input(quote)
    fill(at, uid, **fields)
    return uid


def fill(at: AppTest, uid: str, **fields: Any) -> None:
    for name, value in fields.items():
        if name in ("explanation", "evidence_needed"):
            at.text_area(key=widget_key(name, uid)).input(value)
        else:
            at.text_input(key=widget_key(name, uid)).input(value)
    at.run()
    ok(at)


def authored(data: Path) -> list[Path]:
    folder = data / "authored"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_from_paste_to_a_draft_then_published(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    teacher_id = str(at.session_state["teacher_id"])
    paste(at, TEXT, "Mill Road crossing")
    about(at)
    assert f"{word_count(TEXT)} words." in texts(at)
    at.button(key="author_suggest").click().run()
    ok(at)
    suggested = spans(at)
    assert suggested and not any(r["keep"] for r in suggested)  # nothing kept until accepted
    first = suggested[0]
    assert at.session_state["author_pick"] == first["uid"]  # the first suggestion is on show
    assert first["why"] in texts(at)  # with its reason
    at.button(key=f"author_accept_{first['uid']}").click().run()
    ok(at)
    fill(at, first["uid"], **NEEDS[first["category"]])
    others = [c.value for c in Category if c.value != first["category"]]
    add_span(at, others[0], "hiding behind spreadsheets",
             explanation="A picture that mocks the councillors.",
             neutral_alternative="relying on figures", evidence_needed="Minutes.")
    assert "2 span(s) kept" in texts(at)
    assert "The answer key" in texts(at)  # the preview shows once the draft is valid
    # the learner's view and the marked key
    assert len(components(at, span_picker.COMPONENT_NAME)) == 2
    at.button(key="author_save").click().run()
    ok(at)
    assert not at.error, [e.value for e in at.error]
    assert "as a draft. Only you see it" in texts(at)
    assert "/" not in " ".join(s.value for s in at.success)  # no server path in the message

    [path] = authored(tmp_path)
    assert path.name == "mill-road-crossing.json"
    assert cli.main(["validate", str(path)]) == 0
    excerpts, errors = check_content([path])
    assert errors == []
    [excerpt] = excerpts
    assert [s.quote for s in excerpt.spans] == [first["quote"], "hiding behind spreadsheets"]
    assert excerpt.spans[0].explanation == first["why"]  # the reason, kept as the explanation
    store = open_store(tmp_path)
    assert excerpt.id not in {s.id for s in store.excerpts()}  # a draft: learners don't get it
    assert [d.excerpt for d in store.drafts(teacher_id)] == [excerpt]
    assert at.get("download_button")  # the saved file can be downloaded

    at.button(key=f"author_publish_{excerpt.id}").click().run()
    ok(at)
    assert "Published “Mill Road crossing” (version 1)" in texts(at)
    assert store.excerpt(excerpt.id).excerpt == excerpt
    assert store.drafts(teacher_id) == []


def test_genre_leaning_and_difficulty_start_unchosen_and_a_save_asks_for_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    assert at.selectbox(key="author_genre").value is None
    assert at.selectbox(key="author_leaning").value is None
    assert at.radio(key="author_difficulty").value is None
    paste(at, TEXT, "Mill Road crossing")
    at.text_input(key="author_source").input("written for practice").run()
    at.button(key="author_save").click().run()
    ok(at)
    said = texts(at)
    assert "Not saved: 3 problem(s) to fix." in said
    for label in ("Genre", "Leaning", "Difficulty"):
        assert f"{label}: not chosen yet. Choose one under “About the text”." in said
    assert authored(tmp_path) == []


def test_accepting_a_suggestion_starts_from_its_reason_and_rejecting_drops_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, TEXT, "Mill Road crossing")
    at.button(key="author_suggest").click().run()
    ok(at)
    first, second, *_ = spans(at)
    at.button(key=f"author_accept_{first['uid']}").click().run()
    ok(at)
    explanation = at.text_area(key=widget_key("explanation", first["uid"]))
    assert explanation.value == first["why"] != ""
    [chooser] = [s for s in at.selectbox if s.label == "Span"]
    assert chooser.format_func(chooser.value).endswith("(kept)")  # named as it is now
    show(at, 2)
    at.button(key=f"author_reject_{second['uid']}").click().run()
    ok(at)
    assert second["uid"] not in {r["uid"] for r in spans(at)}
    assert spans(at)[0]["uid"] == first["uid"] and spans(at)[0]["keep"]  # it stays in place


def test_an_edit_to_span_2_never_reaches_span_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, TEXT, "Mill Road crossing")
    add_span(at, "opinion_marker", "It is high time", explanation="Tells us what to do.")
    add_span(at, "loaded_term", "hiding behind spreadsheets", explanation="Mocks them.",
             neutral_alternative="relying on figures")
    add_span(at, "loaded_term", "slammed the door", explanation="Violent picture.",
             neutral_alternative="refused")
    before = {r["uid"]: dict(r) for r in spans(at)}
    second = show(at, 2)
    third = str(spans(at)[2]["uid"])
    at.text_area(key=widget_key("explanation", second)).input("Mocks the councillors.").run()
    ok(at)
    after = {r["uid"]: r for r in spans(at)}
    assert after[second]["explanation"] == "Mocks the councillors."
    assert after[third] == before[third]

    # The edit arrives with a click that renumbers the spans (suggestions come in text
    # order, before and between them): it still lands on the span it was typed into.
    at.text_area(key=widget_key("explanation", second)).input("Mocks the council.")
    at.button(key="author_suggest").click().run()
    ok(at)
    after = {r["uid"]: r for r in spans(at)}
    assert after[second]["explanation"] == "Mocks the council."
    assert after[third] == before[third]
    assert all(after[uid] == row for uid, row in before.items() if uid != second)
    kept = [r["quote"] for r in spans(at) if r["keep"]]
    assert kept == ["slammed the door", "It is high time", "hiding behind spreadsheets"]


def test_a_quote_not_in_the_text_shows_inline_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    paste(at, TEXT, "Mill Road crossing")
    about(at)
    add_span(at, "opinion_marker", "Once again", explanation="Fed up.")
    add_span(at, "loaded_term", "stonewalled", neutral_alternative="refused",
             explanation="Loaded.")
    assert "This quote is not in the text" in texts(at)  # said as the teacher types it
    at.button(key="author_save").click().run()
    errors = [e.value for e in at.error]
    assert errors[0] == "Not saved: 1 problem(s) to fix."
    assert "Span 2 “stonewalled”, Quote: 'stonewalled' does not occur" in texts(at)
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
    about(at)
    add_span(at, "loaded_term", "slammed", neutral_alternative=EVIL, explanation=EVIL)
    assert EVIL in texts(at)  # the title, explanation and alternative are shown...
    assert EVIL not in raw_texts(at)  # ...escaped, never as markup
    assert [h.value for h in at.subheader] == [md(EVIL)]  # the preview's title
    bodies = "".join(str(h.proto.body) for h in at.get("html"))
    assert "<img" not in bodies and "&lt;img" in bodies  # the highlighted text, escaped


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


def test_import_a_shared_file_as_drafts_and_edit_one(
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
    ok(at)
    assert "Imported “The crossing” (mill-road) as a draft" in texts(at)
    assert "shared.json, excerpt broken: genre: is 'gossip'" in texts(at)
    assert [p.name for p in authored(tmp_path)] == ["mill-road.json"]
    assert "mill-road" not in {s.id for s in open_store(tmp_path).excerpts()}

    at.button(key="author_edit_mill-road").click().run()  # listed under Your drafts
    ok(at)
    assert at.text_area(key="author_text").value == TEXT
    assert at.text_input(key="author_title").value == "The crossing"
    assert at.selectbox(key="author_genre").value == "news"


def test_edit_a_copy_of_a_published_excerpt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    at = page(monkeypatch, tmp_path)
    stored = open_store(tmp_path).excerpt("opl-01").excerpt
    at.selectbox(key="author_export").set_value("opl-01").run()
    at.button(key="author_copy").click().run()
    ok(at)
    assert at.text_area(key="author_text").value == stored.text
    assert [r["quote"] for r in spans(at)] == [s.quote for s in stored.spans]
    assert all(r["keep"] for r in spans(at))
