"""Showing untrusted text (nicknames, class names, titles, sources, explanations) as text.

Streamlit renders Markdown in ``st.markdown``, captions, alerts, headings, widget
and expander labels, metric labels and radio options. Markdown has links,
images, emphasis, colour directives (``:red[...]``) and LaTeX (``$...$``); a
nickname must never become any of those, nor HTML: every Markdown-significant
character is backslash-escaped.

Escapes are not enough. After parsing, Streamlit's Markdown rewrites the plain
text it found, escaped or not: bare web addresses (``http://...``,
``www.example.org``) and e-mail addresses become links, ``:streamlit:`` and
``:material_home:`` become images and icons, ``:smile:`` an emoji, ``->`` an
arrow. Each of those patterns has to sit inside one run of text, so ``md`` cuts
the run where they would start: after every ``:``, before every ``@``, between
``www`` and ``.``, and inside the arrow pairs. The cut is an empty
``:small[]`` directive: an empty ``<span>``, which shows nothing, is not read
aloud and adds nothing to a copy and paste, so the reader sees (and copies)
exactly the characters stored.

Plain-text places need none of this and must not get it (the backslashes would
show): ``st.text``, ``st.dataframe``, text inputs' values and placeholders, and
the options of ``st.selectbox`` and ``st.multiselect``.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character with a meaning in CommonMark, GFM or
# Streamlit's extensions; "=" only where it starts a line (a setext heading).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&]|^=)", re.MULTILINE)
CUT = ":small[]"
"""An empty Streamlit directive: it renders as an empty ``<span>`` and ends a run of text."""
_CUTS = re.compile(
    r"(?<=:)(?=.)"  # "http:" | "//", ":smile" | ":", "javascript:" | "alert"
    r"|(?<=.)(?=@)"  # "name" | "@example.org"
    r"|(?i:(?<=www))(?=\.)"  # "www" | ".example.org"
    r"|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[>~])(?==)"  # "->" "<-" "--" "<=" ">=" "~="
)
_INDENT = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)


def md(value: object) -> str:
    """``value`` as Markdown that displays exactly its characters, and nothing else.

    ``<img src=x onerror=alert(1)>`` becomes ``\\<img src=x onerror=alert\\(1\\)\\>``;
    ``see http://x.org`` becomes ``see http\\::small[]\\/\\/x\\.org``, which shows
    ``see http://x.org`` as text, not as a link. Line breaks stay line breaks;
    spaces at the start or end of a line are dropped (a page would not show them,
    and four of them would start a code block).
    """
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _INDENT.sub("", text)
    escaped = CUT.join(_SPECIAL.sub(r"\\\1", piece) for piece in _CUTS.split(text))
    return escaped.replace("\n", "  \n")
