"""``md()``: untrusted text as Markdown that Streamlit shows as exactly that text.

The model below is what Streamlit 1.67's Markdown does to a run of plain text
after parsing (its bundle, ``StreamlitMarkdown.*.js``): GFM autolinks for web
and e-mail addresses, ``:streamlit:``, ``:material_x:`` icons (``:material/``
is rewritten to ``:material_`` in the source first), emoji shortcodes, and
typographic arrows. Escapes do not stop these, since they act on the text the
escapes produced; ``md()`` cuts the run instead. The browser test
(``tests/e2e/test_hostile_browser.py``) checks the same in Chromium.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from quiz.ui.text import CUT, md

SPECIAL = set("\\`*_{}[]()#+-.!|<>:~$&")
RUN_REWRITES = [
    re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+"),  # GFM autolink literal
    re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),  # GFM e-mail autolink
    re.compile(r":streamlit:|:material_\w+:|:[\w+-][\w_+-]*:"),  # logo, icons, emoji
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),  # typographic replacements
]


def runs(markdown: str) -> list[str]:
    """The runs of plain text Streamlit's plugins see: cut at ``CUT``, escapes resolved."""
    return [re.sub(r"\\(.)", r"\1", run, flags=re.S) for run in markdown.split(CUT)]


def shown(markdown: str) -> str:
    return "".join(runs(markdown)).replace("  \n", "\n")


def unescaped_specials(markdown: str) -> list[str]:
    out, i, text = [], 0, markdown.replace(CUT, "")
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in SPECIAL:
            out.append(text[i])
        i += 1
    return out


def tidy(text: str) -> str:
    """What md() keeps: line breaks as \\n, no spaces at the ends of lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.strip(" \t") for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann", "Ann"),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert\(1\)\>"),
        ("**bold** _it_ `code` $x$ ~~s~~", r"\*\*bold\*\* \_it\_ \`code\` \$x\$ \~\~s\~\~"),
        ("# 1. - + > |", r"\# 1\. \- \+ \> \|"),
        ("a:b", r"a\::small[]b"),
        ("http://x.org", r"http\::small[]//x\.org"),
        ("www.x.org", r"www:small[]\.x\.org"),
        ("WWW.X.ORG", r"WWW:small[]\.X\.ORG"),
        ("me@x.org", r"me:small[]@x\.org"),
        ("@me", "@me"),
        ("a -> b", r"a \-:small[]\> b"),
        ("foo\n===", "foo  \n\\==="),
        ("  four\n\n    code  ", "four  \n  \ncode"),
        ("x:", r"x\:"),
    ],
)
def test_md_examples(text: str, expected: str) -> None:
    assert md(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "![t](http://127.0.0.1:9/s.png) [src](javascript:alert(3)) :red[X]",
        "see www.evil.example or http://evil.example/x and HTTPS://EVIL.EXAMPLE",
        "write to kid@evil.example",
        ":streamlit: :material/home: :material_home: :smile: :+1:",
        "a -> b <- c -- d >= e <= f ~= g <-> h",
        "$x^2$ and $$y$$",
    ],
)
def test_md_leaves_nothing_for_streamlit_to_rewrite(text: str) -> None:
    markdown = md(text)
    assert shown(markdown) == text
    assert not unescaped_specials(markdown)
    assert ":material/" not in markdown  # Streamlit rewrites that in the source
    for run in runs(markdown):
        assert not [p.pattern for p in RUN_REWRITES if p.search(run)], run
    assert markdown != text  # as it was, Streamlit would not show it as itself


@given(st.text())
@example("http://a.b www.c.d e@f.gh :x: -> --")
@example("a\r\nb\rc\n\n    d")
def test_md_shows_exactly_the_text_and_nothing_else(text: str) -> None:
    markdown = md(text)
    assert shown(markdown) == tidy(text)
    assert not unescaped_specials(markdown)
    assert ":material/" not in markdown
    for run in runs(markdown):
        assert not [p.pattern for p in RUN_REWRITES if p.search(run)], (text, run)
    lines = markdown.split("  \n")
    assert not any(line.startswith(("=", " ", "\t")) for line in lines)  # no heading, no code
