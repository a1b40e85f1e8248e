"""Showing untrusted text (nicknames, class names, pasted articles) as text.

Streamlit renders Markdown, and Markdown has links, images, emphasis, colour
directives (``:red[...]``) and LaTeX (``$...$``). A nickname must never become
any of those, nor HTML: every Markdown-significant character is backslash-escaped.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&])")


def md(value: object) -> str:
    """``value`` as Markdown that displays exactly its characters.

    ``<img src=x onerror=alert(1)>`` becomes ``\\<img src=x onerror=alert\\(1\\)\\>``.
    """
    return _SPECIAL.sub(r"\\\1", str(value)).replace("\n", "  \n")
