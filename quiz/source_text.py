"""Turning what a teacher pastes or uploads into a passage to annotate.

Uploads are plain text, Markdown or HTML; HTML loses its tags (and everything
inside scripts and styles), Markdown its markup. A whole article is welcome but
an excerpt is 60 to 180 words, so :func:`guard_text` cuts a long article at a
sentence boundary and says how much it kept; a huge paste is refused before
any slow work is done on it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from quiz.text import Token, tokenize

MAX_ARTICLE_WORDS = 5000
MAX_ARTICLE_CHARS = 100_000  # checked before counting words: cheap, and bounds the work
MAX_UPLOAD_BYTES = 2_000_000  # HTML carries a lot of markup around its words
KEEP_WORDS = 180  # the guide's upper bound for an excerpt
MIN_KEEP_WORDS = 60  # a cut shorter than this would be below the guide's lower bound
UPLOAD_TYPES = ("txt", "md", "html", "htm")

# Content that is never text a reader sees.
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "div", "dl", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
    "section", "table", "ul",
})
_LINES = frozenset({"li", "dt", "dd", "tr"})  # one item per line, no blank line between
_BREAK = "\n"
_SPACES = re.compile(r"[^\S\n]+")  # whitespace other than line breaks (incl. no-break space)


class SourceError(ValueError):
    """An upload or paste that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class SourceText:
    """The passage to annotate, and what happened to the input on the way."""

    text: str
    words: int  # words in the input
    kept: int  # words in ``text``
    notice: str | None = None  # said to the teacher when the input was cut


def html_to_text(raw: str) -> str:
    """The visible text of an HTML document or fragment.

    Scripts, styles and similar are dropped with their content, block elements
    (paragraphs, headings, list items...) become line breaks, entities are
    decoded (``&nbsp;`` becomes a plain space) and whitespace is tidied.
    """
    parser = _TextParser()
    parser.feed(raw)
    parser.close()
    return tidy("".join(parser.parts))


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded ``.txt``, ``.md``, ``.html`` or ``.htm`` file.

    Raises:
        SourceError: another file type, a file too large, or bytes that are not UTF-8.
    """
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        kind = f"'.{suffix}' files are" if suffix else "files without an extension are"
        raise SourceError(
            f"{filename}: {kind} not supported. Upload a .txt, .md, .html or .htm file "
            "(save a Word document as plain text first), or paste the text."
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise SourceError(
            f"{filename} is {len(data) / 1e6:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB. Upload or paste only the article "
            "(an excerpt is 60 to 180 words)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{filename} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}): save it with UTF-8 encoding and upload it again, or paste the text."
        ) from None
    if suffix in ("html", "htm"):
        return html_to_text(text)
    if suffix == "md":
        return markdown_to_text(text)
    return tidy(text)


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: keep its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: keep its text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # heading
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # block quote
    (re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M), ""),  # list bullets and numbers
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis *a*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _a_, not snake_case
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
]


def markdown_to_text(raw: str) -> str:
    """Markdown with its common markup removed (headings, emphasis, links, lists)."""
    text = raw
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return tidy(text)


def tidy(text: str) -> str:
    """Single spaces within lines, no trailing spaces, at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def guard_text(text: str, *, keep: int = KEEP_WORDS) -> SourceText:
    """Check the length of a pasted or uploaded article; cut it to an excerpt if long.

    An article of at most ``keep`` words is returned as it is. A longer one (up
    to :data:`MAX_ARTICLE_WORDS`) is cut after the last sentence that fits in
    ``keep`` words (or after word ``keep`` when no sentence end gives at least
    :data:`MIN_KEEP_WORDS`), with a notice saying how much was kept.

    Raises:
        SourceError: the article is over :data:`MAX_ARTICLE_WORDS` words (or
            :data:`MAX_ARTICLE_CHARS` characters).
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise SourceError(
            f"The text has {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,} "
            f"(about {MAX_ARTICLE_WORDS:,} words). Paste only the article, or just the "
            f"passage you want ({MIN_KEEP_WORDS} to {KEEP_WORDS} words)."
        )
    tokens = tokenize(text)
    if len(tokens) > MAX_ARTICLE_WORDS:
        raise SourceError(
            f"The text has {len(tokens):,} words; the limit is {MAX_ARTICLE_WORDS:,}. Paste "
            f"only the article, or just the passage you want ({MIN_KEEP_WORDS} to {KEEP_WORDS} "
            "words)."
        )
    if len(tokens) <= keep:
        return SourceText(text, len(tokens), len(tokens))
    cut, kept, whole = _cut(text, tokens, keep)
    how = "up to the end of a sentence" if whole else "its sentence was too long to keep whole"
    notice = (
        f"The article has {len(tokens):,} words; an excerpt has {MIN_KEEP_WORDS} to {keep}. "
        f"Kept the first {kept} of {len(tokens):,} words ({how}): edit the passage to the part "
        "you want to use."
    )
    return SourceText(cut, len(tokens), kept, notice)


# A sentence ends at . ! ? (or an ellipsis), maybe followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")


def _cut(text: str, tokens: list[Token], keep: int) -> tuple[str, int, bool]:
    """The text up to the last sentence end before word ``keep + 1``; whether one was found."""
    starts = [t.start for t in tokens]
    best: tuple[int, int] | None = None
    for match in _SENTENCE_END.finditer(text, 0, tokens[keep].start):
        words = bisect.bisect_left(starts, match.start())
        if words >= MIN_KEEP_WORDS:
            best = (match.end(), words)
    if best is not None:
        return text[: best[0]].strip(), best[1], True
    return text[: tokens[keep - 1].end].strip(), keep, False


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open tags whose content is dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping.append(tag)
        elif tag == "br" or tag in _LINES:
            self.parts.append(_BREAK)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:  # <br/>, <hr/>; a self-closed <script/> has no content
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            # Close the innermost open tag of this name, and anything left open inside it.
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Line breaks in HTML source are spaces; only tags make lines.
            self.parts.append(re.sub(r"\s+", " ", data))
