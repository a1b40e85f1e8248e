"""The hostile strings of issue 12: stored text that tries to become markup, links or
images, and a content entry full of them. Shared by the AppTest pages test and the
browser test."""

from __future__ import annotations

from typing import Any

from tests.conftest import sample_entry

SOURCE = "![t](http://127.0.0.1:9/s.png) [src](javascript:alert(3)) :red[X]"
TITLE = "Title ![t](http://127.0.0.1:9/t.png) :red[T] www.evil.example"
EXPLANATION = "Explained ![e](http://127.0.0.1:9/e.png) at www.evil.example :red[E] -> ok"
NEUTRAL = "[n](javascript:alert(4)) <img src=x onerror=alert(1)>"
EVIDENCE = "Ask tips@evil.example or http://evil.example/e :streamlit:"
NICKNAME = "![n](http://127.0.0.1:9/n.png):red[N]"
CLASS_NAME = "Class ![c](http://127.0.0.1:9/c.png) [c](javascript:alert(5)) www.evil.example"
ASSIGNMENT = "Week ![a](http://127.0.0.1:9/a.png) :red[A] http://evil.example/a"
TEACHER = "Ms ![m](http://127.0.0.1:9/m.png) :red[M]"
EXTRA_TEXT = " Read more at http://127.0.0.1:9/more or write to tips@evil.example today."
EXCERPT_ID = "hostile-01"


def hostile_entry() -> dict[str, Any]:
    entry = sample_entry() | {
        "id": EXCERPT_ID, "title": TITLE, "source": SOURCE, "url": "http://127.0.0.1:9/u",
    }
    entry["text"] += EXTRA_TEXT
    entry["spans"] = [
        span | {"explanation": EXPLANATION}
        | ({"neutral_alternative": NEUTRAL} if "neutral_alternative" in span else {})
        | ({"evidence_needed": EVIDENCE} if "evidence_needed" in span else {})
        for span in entry["spans"]
    ]
    return entry
