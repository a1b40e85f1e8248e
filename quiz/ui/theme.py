"""Colours, tints, line patterns and icons for categories and feedback statuses.

One table shared by the span picker and the pages, so a category looks the same
everywhere; the words come from the enums (:mod:`quiz.vocabulary`). Meaning
never rests on colour alone: every category has a short text tag and a line
pattern, every status a symbol and a word. Colours are dark enough on their
light tints for WCAG AA text contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.vocabulary import Category, Status
from quiz.vocabulary import TokenStatus as TokenStatus


@dataclass(frozen=True, slots=True)
class CategoryStyle:
    """How one category is drawn.

    Attributes:
        category: the category drawn; its words are ``category.label`` and ``category.short``.
        colour: the line and text colour (contrast >= 4.5:1 on ``tint`` and white).
        tint: the background of a marked word.
        pattern: the CSS line style of the mark ("solid", "dashed", "dotted").
    """

    category: Category
    colour: str
    tint: str
    pattern: str

    @property
    def label(self) -> str:
        """``category.label``, for callers that still read it from the style."""
        return self.category.label


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one token status is drawn: a symbol (with ``status.label``), colour and pattern."""

    icon: str
    colour: str
    tint: str
    pattern: str


CATEGORY_STYLES: dict[Category, CategoryStyle] = {
    style.category: style
    for style in (
        CategoryStyle(Category.OPINION_MARKER, "#1d4ed8", "#dbeafe", "solid"),
        CategoryStyle(Category.UNSUPPORTED_CLAIM, "#9a3412", "#ffedd5", "dashed"),
        CategoryStyle(Category.LOADED_TERM, "#9d174d", "#fce7f3", "dotted"),
    )
}

STATUS_STYLES: dict[TokenStatus, StatusStyle] = {
    TokenStatus.FOUND: StatusStyle("✓", "#166534", "#dcfce7", "solid"),
    TokenStatus.PARTLY_FOUND: StatusStyle("◐", "#854d0e", "#fef9c3", "dashed"),
    TokenStatus.MISSED: StatusStyle("○", "#1e40af", "#e0e7ff", "dotted"),
    TokenStatus.FALSE_ALARM: StatusStyle("✗", "#991b1b", "#fee2e2", "double"),
    TokenStatus.ATTRIBUTED: StatusStyle("❝", "#374151", "#f3f4f6", "dashed"),
}


# Symbols of the mark statuses that have no look of their own in the review.
MARK_ICONS: dict[Status, str] = {Status.TOO_WIDE: "↔", Status.WRONG_KIND: "⇄"}


def status_symbol(status: Status) -> str:
    """A feedback status as its symbol and words: '✓ Found', '❝ Reported, rightly left alone'.

    The symbol is the icon of the words' look in the review
    (:attr:`~quiz.vocabulary.Status.token_status`), or for a mark too wide its
    own ('↔ Too wide', '⇄ Right place, wrong kind'); a mark on target has none.
    """
    token = status.token_status
    icon = MARK_ICONS.get(status) if token is None else STATUS_STYLES[token].icon
    return status.label if icon is None else f"{icon} {status.label}"


def css_variables() -> str:
    """CSS custom properties for every category and status, for the component's ``:host``.

    Returns:
        Declarations such as ``--cat-loaded_term-colour: #9d174d;``, one per line.
    """
    lines: list[str] = []
    for category, style in CATEGORY_STYLES.items():
        lines += _variables(f"cat-{category.value}", style.colour, style.tint, style.pattern)
    for status, sstyle in STATUS_STYLES.items():
        lines += _variables(f"status-{status.value}", sstyle.colour, sstyle.tint, sstyle.pattern)
    return "\n".join(lines)


def _variables(prefix: str, colour: str, tint: str, pattern: str) -> list[str]:
    return [
        f"--{prefix}-colour: {colour};",
        f"--{prefix}-tint: {tint};",
        f"--{prefix}-pattern: {pattern};",
    ]
