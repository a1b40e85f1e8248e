"""A plain "Reconnecting…" in place of Streamlit's "Connection error" dialog.

When the server goes away (a restart mid-lesson), the page keeps trying to
reconnect and carries on by itself once the server is back; the student's
class key and unsubmitted marks are in the page address. Streamlit's dialog
meanwhile asks "Are you connected to the internet?". The component's script
(``connection_notice.js``) rewrites that dialog in plain words; it has no data,
no state and nothing to show until the connection drops.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_JS = (Path(__file__).resolve().parent / "connection_notice.js").read_text("utf-8")
_mount = st.components.v2.component("spin_spotter.connection_notice", js=_JS)


def connection_notice() -> None:
    """Mount the watcher (in the sidebar, where its empty element takes no room)."""
    with st.sidebar:
        _mount(key="connection_notice")
