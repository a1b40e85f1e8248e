"""Uploads and pastes: HTML and Markdown to text, file types, and the long-article guard."""

from __future__ import annotations

import html
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.source_text import (
    KEEP_WORDS,
    MAX_ARTICLE_WORDS,
    MAX_UPLOAD_BYTES,
    MIN_KEEP_WORDS,
    SourceError,
    guard_text,
    html_to_text,
    markdown_to_text,
    read_upload,
    tidy,
)
from quiz.text import word_count

HANG_GUARD_S = 5.0  # generous: only catches a hang or a quadratic blow-up


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Hello <b>bold</b> world</p>", "Hello bold world"),
        ("<script>alert('x')</script><p>Kept</p>", "Kept"),
        ("<style>p { color: red }</style>Kept", "Kept"),
        ("<SCRIPT type='text/javascript'>var a = '<p>no</p>';</SCRIPT>Kept", "Kept"),
        ("<noscript>Enable JS</noscript><template><p>t</p></template>Kept", "Kept"),
        ("<head><title>Page title</title></head><body>Kept</body>", "Kept"),
        ("Fish &amp; chips", "Fish & chips"),
        ("no&nbsp;break", "no break"),
        ("It&#8217;s &lt;fine&gt; &quot;ok&quot; &#x2014; &eacute;", "It’s <fine> \"ok\" — é"),
        ("<div><p>One <em>two <strong>three</strong></em></p></div>", "One two three"),
        ("<p>First</p><p>Second</p>", "First\n\nSecond"),
        ("<h1>Head</h1>Body", "Head\n\nBody"),
        ("line one<br>line two<br/>line three", "line one\nline two\nline three"),
        ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
        ("<p>wrapped\n   over\tlines</p>", "wrapped over lines"),
        ("<p>a</p><!-- a comment --><p>b</p>", "a\n\nb"),
        ("<p>open <script>never closed", "open"),
        ("<div><p>x</p>\n\n\n<p>y</p></div>", "x\n\ny"),
    ],
)
def test_html_to_text(raw: str, expected: str) -> None:
    assert html_to_text(raw) == expected


PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=200
)


@given(PLAIN)
def test_escaped_text_comes_back_as_itself(text: str) -> None:
    assert html_to_text(html.escape(text)) == tidy(text)


@given(PLAIN.filter(lambda s: "</script" not in s.lower()))
def test_script_content_never_shows(junk: str) -> None:
    assert html_to_text(f"<p>a</p><script>{junk}</script><p>b</p>") == "a\n\nb"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("# Title #\n\nBody text", "Title\n\nBody text"),
        ("Some **bold**, __strong__, *em* and _em_", "Some bold, strong, em and em"),
        ("keep snake_case and 2*3*4", "keep snake_case and 2*3*4"),
        ("See [the report](https://example.org/r) now", "See the report now"),
        ("![a chart](chart.png) and `code`", "a chart and code"),
        ("- one\n* two\n1. three", "one\ntwo\nthree"),
        ("> quoted\n\n---\n\nafter", "quoted\n\nafter"),
    ],
)
def test_markdown_to_text(raw: str, expected: str) -> None:
    assert markdown_to_text(raw) == expected


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", b"Plain   text\r\nsecond line\n\n\n\nthird", "Plain text\nsecond line\n\nthird"),
        ("a.txt", "\ufeffWith a BOM – and “quotes”".encode(), "With a BOM – and “quotes”"),
        ("a.md", b"## Heading\n\nA **strong** [link](http://x.org)", "Heading\n\nA strong link"),
        ("a.html", b"<p>It&#8217;s</p><script>x()</script>", "It’s"),
        ("A.HTM", b"<h2>Up</h2>per case", "Up\n\nper case"),
    ],
)
def test_read_upload(name: str, data: bytes, expected: str) -> None:
    assert read_upload(name, data) == expected


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("essay.docx", b"PK\x03\x04", r"'\.docx' files are not supported.*\.txt, \.md, \.html"),
        ("README", b"text", "files without an extension are not supported"),
        ("latin.txt", "café".encode("latin-1"), r"not UTF-8 text \(byte 0xe9 at position 3\)"),
        ("big.html", b"x" * (MAX_UPLOAD_BYTES + 1), "the limit is 2 MB"),
    ],
)
def test_read_upload_refuses(name: str, data: bytes, match: str) -> None:
    with pytest.raises(SourceError, match=match):
        read_upload(name, data)


def sentences(count: int) -> str:
    """``count`` sentences of nine words each."""
    return " ".join(f"This is sentence number {i} of the long article." for i in range(count))


def test_short_text_is_kept_as_it_is() -> None:
    text = sentences(10)
    result = guard_text(text)
    assert (result.text, result.words, result.kept, result.notice) == (text, 90, 90, None)


def test_long_article_is_cut_after_a_whole_sentence() -> None:
    text = sentences(111)  # 999 words
    result = guard_text(text)
    assert result.text.endswith("article.") and text.startswith(result.text)
    assert result.kept == word_count(result.text) <= KEEP_WORDS
    assert result.kept == KEEP_WORDS  # 20 sentences of 9 words fit exactly
    assert result.notice is not None
    assert f"Kept the first {KEEP_WORDS} of 999 words (up to the end of a sentence)" in (
        result.notice
    )


def test_one_endless_sentence_is_cut_at_the_word_limit() -> None:
    text = " ".join(f"w{i}" for i in range(400))
    result = guard_text(text)
    assert result.text == " ".join(f"w{i}" for i in range(KEEP_WORDS))
    assert result.notice is not None and "too long to keep whole" in result.notice


def test_a_short_first_sentence_is_not_all_that_is_kept() -> None:
    # Cutting after "Short." would leave fewer words than an excerpt needs.
    text = "Short. " + " ".join(f"w{i}" for i in range(300))
    assert guard_text(text).kept == KEEP_WORDS


def test_a_5000_word_article_is_cut_fast() -> None:
    text = " ".join(sentences(556).split()[:MAX_ARTICLE_WORDS])
    assert word_count(text) == MAX_ARTICLE_WORDS
    started = time.perf_counter()
    result = guard_text(text)
    assert time.perf_counter() - started < HANG_GUARD_S
    assert MIN_KEEP_WORDS <= result.kept <= KEEP_WORDS
    assert result.notice is not None and f"of {MAX_ARTICLE_WORDS:,} words" in result.notice


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (sentences(600), r"The text has 5,400 words; the limit is 5,000\. Paste only the article"),
        ("word " * 50_000, r"The text has 250,000 characters; the limit is 100,000"),
        ("x" * 10_000_000, "characters; the limit is"),
    ],
)
def test_huge_input_is_refused_fast(text: str, match: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SourceError, match=match):
        guard_text(text)
    assert time.perf_counter() - started < HANG_GUARD_S


@given(st.lists(st.sampled_from(["word", "Word.", "two-part", "“quoted.”", "\n\n", "so!"]),
                max_size=400))
def test_guard_keeps_a_prefix_of_at_most_the_limit(parts: list[str]) -> None:
    text = " ".join(parts)
    result = guard_text(text)
    assert word_count(result.text) == result.kept <= KEEP_WORDS
    assert result.words == word_count(text)
    assert result.text == text if result.notice is None else text.lstrip().startswith(result.text)
    assert (result.notice is None) == (result.words <= KEEP_WORDS)
