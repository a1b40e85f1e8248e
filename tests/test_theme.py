"""Category and status styles: complete, distinct without colour, and readable."""

from __future__ import annotations

import re

import pytest

from quiz.models import Category
from quiz.ui.theme import CATEGORY_STYLES, STATUS_STYLES, css_variables, status_symbol
from quiz.vocabulary import Status, TokenStatus

WHITE = "#ffffff"
INK = "#111827"  # the text colour of marked words (span_picker.css)


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_category_and_status_has_a_style() -> None:
    assert set(CATEGORY_STYLES) == set(Category)
    assert set(STATUS_STYLES) == set(TokenStatus)


def test_meaning_does_not_rest_on_colour() -> None:
    # Categories differ by tag text and line pattern; statuses by symbol and word.
    shorts = [c.short for c in CATEGORY_STYLES]
    assert len(set(shorts)) == len(shorts)
    assert len({s.pattern for s in CATEGORY_STYLES.values()}) == len(CATEGORY_STYLES)
    assert len({s.icon for s in STATUS_STYLES.values()}) == len(STATUS_STYLES)
    assert len({t.label for t in STATUS_STYLES}) == len(STATUS_STYLES)


@pytest.mark.parametrize(
    ("name", "colour", "tint"),
    [(c.value, s.colour, s.tint) for c, s in CATEGORY_STYLES.items()]
    + [(t.value, s.colour, s.tint) for t, s in STATUS_STYLES.items()],
)
def test_colours_meet_wcag_aa_for_text(name: str, colour: str, tint: str) -> None:
    assert contrast(colour, tint) >= 4.5, f"{name}: tag text on its tint"
    assert contrast(colour, WHITE) >= 4.5, f"{name}: tag text on white"
    assert contrast(INK, tint) >= 4.5, f"{name}: marked words on the tint"


def test_css_variables_cover_every_style() -> None:
    css = css_variables()
    names = re.findall(r"--([\w-]+)-colour:", css)
    assert names == [f"cat-{c.value}" for c in CATEGORY_STYLES] + [
        f"status-{t.value}" for t in STATUS_STYLES
    ]


@pytest.mark.parametrize(
    ("status", "symbol"),
    [
        (Status.FOUND, "✓ Found"),
        (Status.PARTLY_FOUND, "◐ Partly found"),
        (Status.MISSED, "○ Missed"),
        (Status.ATTRIBUTED_LEFT, "❝ Reported, rightly left alone"),
        (Status.ATTRIBUTED_FLAGGED, "❝ Reported, marked by mistake"),
        (Status.FALSE_ALARM, "✗ False alarm"),
        (Status.ON_TARGET, "On target"),
        (Status.WRONG_KIND, "⇄ Right place, wrong kind"),
    ],
)
def test_status_symbol(status: Status, symbol: str) -> None:
    assert status_symbol(status) == symbol
