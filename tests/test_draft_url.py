"""Unsubmitted marks in the page address."""

from __future__ import annotations

from quiz.ui.draft_url import decode_draft, encode_draft


def test_draft_round_trip_and_refusals() -> None:
    marks = {"loaded_term": [4, 3], "opinion_marker": [], "unsupported_claim": [10]}
    text = encode_draft("opl-01", marks)
    assert text == "opl-01:loaded_term=3.4;unsupported_claim=10"
    assert decode_draft(text, "opl-01") == {"loaded_term": [3, 4], "unsupported_claim": [10]}
    assert decode_draft(text, "opr-01") == {}  # another excerpt's marks
    for bad in ("opl-01:", "opl-01:spin=1", "opl-01:loaded_term=1.x", "", "opl-01"):
        assert decode_draft(bad, "opl-01") == {}
