"""One vocabulary: the domain's enums and the words that name them.

Every word the app shows for a category, a genre, a leaning or a feedback
status comes from the enum's own properties here: labels, plurals, articles and
short tags. :mod:`quiz.wording` builds sentences from these words, and the
theme (:mod:`quiz.ui.theme`) adds colours, patterns and icons keyed by these
enums. The tables are written out in full, not derived from the enum values, so
they can be reviewed, and later translated, as they read.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Category(StrEnum):
    """What a learner is asked to find."""

    OPINION_MARKER = "opinion_marker"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    LOADED_TERM = "loaded_term"

    @property
    def noun(self) -> str:
        """One of them, inside a sentence: 'loaded term'."""
        return _CATEGORY_WORDS[self].noun

    @property
    def plural(self) -> str:
        """Several of them, inside a sentence: 'loaded terms'."""
        return _CATEGORY_WORDS[self].plural

    @property
    def with_article(self) -> str:
        """One of them with its indefinite article: 'a loaded term', 'an opinion marker'."""
        words = _CATEGORY_WORDS[self]
        return f"{words.article} {words.noun}"

    @property
    def label(self) -> str:
        """The name in a legend, a list or a table: 'Loaded term'."""
        return self.noun.capitalize()

    @property
    def plural_label(self) -> str:
        """The name over several of them, as a heading: 'Loaded terms'."""
        return self.plural.capitalize()

    @property
    def short(self) -> str:
        """The tag shown after a marked run of words: 'Loaded'."""
        return _CATEGORY_WORDS[self].short


class _CategoryWords(NamedTuple):
    noun: str
    plural: str
    article: str
    short: str


_CATEGORY_WORDS: dict[Category, _CategoryWords] = {
    Category.OPINION_MARKER: _CategoryWords("opinion marker", "opinion markers", "an", "Opinion"),
    Category.UNSUPPORTED_CLAIM: _CategoryWords(
        "unsupported claim", "unsupported claims", "an", "Claim"
    ),
    Category.LOADED_TERM: _CategoryWords("loaded term", "loaded terms", "a", "Loaded"),
}


class Genre(StrEnum):
    """What kind of text an excerpt comes from."""

    NEWS = "news"
    OPINION = "opinion"
    ADVERTISEMENT = "advertisement"
    REVIEW = "review"
    SOCIAL_POST = "social_post"

    @property
    def label(self) -> str:
        """The name shown with an excerpt: 'Social media post'."""
        return _GENRE_LABELS[self]


_GENRE_LABELS: dict[Genre, str] = {
    Genre.NEWS: "News report",
    Genre.OPINION: "Opinion piece",
    Genre.ADVERTISEMENT: "Advertisement",
    Genre.REVIEW: "Review",
    Genre.SOCIAL_POST: "Social media post",
}


class Leaning(StrEnum):
    """The political side an excerpt takes, if any."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"
    NONE = "none"

    @property
    def label(self) -> str:
        """The name shown to a teacher: 'Centre', 'No leaning'."""
        return _LEANING_LABELS[self]


_LEANING_LABELS: dict[Leaning, str] = {
    Leaning.LEFT: "Left",
    Leaning.RIGHT: "Right",
    Leaning.CENTER: "Centre",
    Leaning.NONE: "No leaning",
}


class Status(StrEnum):
    """What happened to a span of the answer key, or to a learner's mark, in one category.

    Scored spans are ``found``, ``partly_found`` or ``missed``; attributed spans
    are ``attributed_left`` or ``attributed_flagged``. Marks are ``on_target``,
    ``too_wide`` (it touches the key, but most of its words are neutral),
    ``false_alarm``, ``wrong_kind`` (a false alarm of its category that touches
    a scored span of another: right place, wrong kind) or ``attributed_flagged``.
    """

    FOUND = "found"
    PARTLY_FOUND = "partly_found"
    MISSED = "missed"
    FALSE_ALARM = "false_alarm"
    ON_TARGET = "on_target"
    TOO_WIDE = "too_wide"
    ATTRIBUTED_LEFT = "attributed_left"
    ATTRIBUTED_FLAGGED = "attributed_flagged"
    WRONG_KIND = "wrong_kind"

    @property
    def label(self) -> str:
        """The words shown with a span or mark in the explanations: 'Partly found'."""
        return _STATUS_LABELS[self]

    @property
    def token_status(self) -> TokenStatus | None:
        """How the words of a span or mark with this status look in the marked-up review.

        None for a mark on target or too wide: the spans of the answer key it
        touches paint their words, and its neutral words look like a false alarm.
        """
        return _TOKEN_STATUS.get(self)


_STATUS_LABELS: dict[Status, str] = {
    Status.FOUND: "Found",
    Status.PARTLY_FOUND: "Partly found",
    Status.MISSED: "Missed",
    Status.FALSE_ALARM: "False alarm",
    Status.ON_TARGET: "On target",
    Status.TOO_WIDE: "Too wide",
    Status.ATTRIBUTED_LEFT: "Reported, rightly left alone",
    Status.ATTRIBUTED_FLAGGED: "Reported, marked by mistake",
    Status.WRONG_KIND: "Right place, wrong kind",
}


class TokenStatus(StrEnum):
    """What the marked-up review shows on one word, for one category.

    Coarser than :class:`Status`, which says what happened to a whole span or
    mark: the review paints each word with :attr:`Status.token_status`, and
    both attributed statuses look the same there.
    """

    FOUND = "found"
    PARTLY_FOUND = "partly_found"
    MISSED = "missed"
    FALSE_ALARM = "false_alarm"
    ATTRIBUTED = "attributed"

    @property
    def label(self) -> str:
        """The words in the review's legend and tags: 'False alarm'."""
        return _TOKEN_LABELS[self]


_TOKEN_STATUS: dict[Status, TokenStatus] = {
    Status.FOUND: TokenStatus.FOUND,
    Status.PARTLY_FOUND: TokenStatus.PARTLY_FOUND,
    Status.MISSED: TokenStatus.MISSED,
    Status.FALSE_ALARM: TokenStatus.FALSE_ALARM,
    Status.ATTRIBUTED_LEFT: TokenStatus.ATTRIBUTED,
    Status.ATTRIBUTED_FLAGGED: TokenStatus.ATTRIBUTED,
}

_TOKEN_LABELS: dict[TokenStatus, str] = {
    TokenStatus.FOUND: Status.FOUND.label,
    TokenStatus.PARTLY_FOUND: Status.PARTLY_FOUND.label,
    TokenStatus.MISSED: Status.MISSED.label,
    TokenStatus.FALSE_ALARM: Status.FALSE_ALARM.label,
    TokenStatus.ATTRIBUTED: "Reported opinion, not scored",
}
