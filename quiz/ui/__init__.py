"""Streamlit widgets shared by the pages (the only part of ``quiz`` that imports streamlit)."""

from quiz.ui.span_picker import FeedbackView, Selection, span_picker
from quiz.ui.theme import CATEGORY_STYLES, STATUS_STYLES, TokenStatus

__all__ = [
    "CATEGORY_STYLES",
    "STATUS_STYLES",
    "FeedbackView",
    "Selection",
    "TokenStatus",
    "span_picker",
]
