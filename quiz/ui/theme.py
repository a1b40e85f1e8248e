"""Colours, labels and patterns for categories and feedback statuses.

One table shared by the span picker and the pages, so a category looks and
reads the same everywhere. Meaning never rests on colour alone: every category
has a short text label and a line pattern, every status a symbol and a word.
Colours are dark enough on their light tints for WCAG AA text contrast.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quiz.models import Category


@dataclass(frozen=True, slots=True)
class CategoryStyle:
    """How one category is drawn.

    Attributes:
        label: the full name shown in legends ("Opinion marker").
        short: the tag shown after a marked run ("Opinion").
        colour: the line and text colour (contrast >= 4.5:1 on ``tint`` and white).
        tint: the background of a marked word.
        pattern: the CSS line style of the mark ("solid", "dashed", "dotted").
    """

    label: str
    short: str
    colour: str
    tint: str
    pattern: str


class TokenStatus(StrEnum):
    """What feedback says about one token of one category."""

    FOUND = "found"
    PARTLY_FOUND = "partly_found"
    MISSED = "missed"
    FALSE_ALARM = "false_alarm"
    ATTRIBUTED = "attributed"

    @property
    def label(self) -> str:
        """Human name, e.g. 'False alarm'."""
        return STATUS_STYLES[self].label


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one feedback status is drawn: symbol and word, then colour and pattern."""

    label: str
    icon: str
    colour: str
    tint: str
    pattern: str


CATEGORY_STYLES: dict[Category, CategoryStyle] = {
    Category.OPINION_MARKER: CategoryStyle(
        label=Category.OPINION_MARKER.label,
        short="Opinion",
        colour="#1d4ed8",
        tint="#dbeafe",
        pattern="solid",
    ),
    Category.UNSUPPORTED_CLAIM: CategoryStyle(
        label=Category.UNSUPPORTED_CLAIM.label,
        short="Claim",
        colour="#9a3412",
        tint="#ffedd5",
        pattern="dashed",
    ),
    Category.LOADED_TERM: CategoryStyle(
        label=Category.LOADED_TERM.label,
        short="Loaded",
        colour="#9d174d",
        tint="#fce7f3",
        pattern="dotted",
    ),
}

STATUS_STYLES: dict[TokenStatus, StatusStyle] = {
    TokenStatus.FOUND: StatusStyle("Found", "✓", "#166534", "#dcfce7", "solid"),
    TokenStatus.PARTLY_FOUND: StatusStyle("Partly found", "◐", "#854d0e", "#fef9c3", "dashed"),
    TokenStatus.MISSED: StatusStyle("Missed", "○", "#1e40af", "#e0e7ff", "dotted"),
    TokenStatus.FALSE_ALARM: StatusStyle("False alarm", "✗", "#991b1b", "#fee2e2", "double"),
    TokenStatus.ATTRIBUTED: StatusStyle(
        "Reported opinion, not scored", "❝", "#374151", "#f3f4f6", "dashed"
    ),
}


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
