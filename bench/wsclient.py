"""A browser stand-in that speaks Streamlit's own websocket protocol.

The load driver (:mod:`bench.classroom`) plays students through the real
server with this client: the same ``/_stcore/stream`` websocket, the same
``BackMsg``/``ForwardMsg`` protobufs from ``streamlit.proto`` that the
Streamlit frontend sends and reads. It keeps what a browser tab keeps between
runs (the page, the address's query string, the widget values it has set) and
reads the elements of each finished script run, so a caller can find a button
by its label, type into a text input, or set a custom component's state.

Not a browser: nothing is rendered and no component JavaScript runs. Setting a
component's state here sends exactly the ``WidgetState`` the component's
``setStateValue`` makes the frontend send.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

RUN_TIMEOUT_S = 30.0
"""The longest one script run (with the reruns it asks for) may take."""
MAX_RERUNS = 10
"""Script runs one request may chain (``st.rerun``) before the client gives up."""
FINISHED = ForwardMsg.ScriptFinishedStatus


class ProtocolError(RuntimeError):
    """The server did something a browser tab would show as a failure."""


@dataclass
class Element:
    """One element of a finished run: its kind (``button``, ``markdown``...) and proto."""

    kind: str
    proto: Any

    @property
    def label(self) -> str:
        return str(getattr(self.proto, "label", ""))

    @property
    def text(self) -> str:
        """What a reader sees of a text element (label, body, value...), joined."""
        parts = (getattr(self.proto, name, None) for name in ("label", "body", "value", "message"))
        return " ".join(p for p in parts if isinstance(p, str) and p)

    @property
    def data(self) -> Any:
        """A custom component's JSON data, decoded."""
        raw = self.proto.json or self.proto.mixed.json
        return json.loads(raw) if raw else None


@dataclass
class Page:
    """The elements of the last finished script run, in delta-path order."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)

    def all(self, kind: str) -> list[Element]:
        return [e for _, e in sorted(self.elements.items()) if e.kind == kind]

    def find(self, kind: str, label: str | None = None) -> Element | None:
        for element in self.all(kind):
            if label is None or element.label == label:
                return element
        return None

    def component(self, name: str) -> Element | None:
        """The first custom (v2) component of that name (``spin_spotter.span_picker``)."""
        for element in self.all("bidi_component"):
            if element.proto.component_name == name:
                return element
        return None

    def texts(self) -> list[str]:
        return [e.text for _, e in sorted(self.elements.items()) if e.text]

    def has_text(self, fragment: str) -> bool:
        return any(fragment in t for t in self.texts())


class Tab:
    """One browser tab on one Streamlit app: a websocket and what the tab remembers.

    Args:
        base_url: ``http://127.0.0.1:PORT``.
        page: the page's URL path (``class_quiz``), as in the address bar.
        query: the address's query string, without ``?``.
    """

    def __init__(self, base_url: str, page: str, query: str = "") -> None:
        parts = urlsplit(base_url)
        self.ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.page_name = page
        self.query = query
        self.page_hash = ""
        self.widgets: dict[str, WidgetState] = {}
        self.page = Page()
        self._ws: Any = None

    async def connect(self, timeout: float = 10.0) -> None:
        """Open the websocket (a fresh server session, as after a page load)."""
        await self.close()
        self.widgets.clear()
        self.page_hash = ""
        self._ws = await asyncio.wait_for(
            websockets.connect(self.ws_url, subprotocols=["streamlit"],  # type: ignore[list-item]
                               max_size=None, open_timeout=timeout),
            timeout,
        )

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            with contextlib.suppress(OSError, asyncio.TimeoutError, websockets.WebSocketException):
                await asyncio.wait_for(ws.close(), 2)

    async def run(self, triggers: Iterable[WidgetState] = ()) -> Page:
        """Ask for a script run, as the frontend does on load or on a widget change.

        Sends every widget value the tab holds plus ``triggers`` (button clicks),
        then reads until the run, and any reruns it asked for, finished.

        Returns:
            The page the last run drew.

        Raises:
            ProtocolError: the run failed to compile, the page was not found, or
                the server sent no finished run within :data:`RUN_TIMEOUT_S`.
        """
        if self._ws is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page_name
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend([*self.widgets.values(), *triggers])
        await self._ws.send(message.SerializeToString())
        return await self._read_until_finished()

    def set_text(self, element: Element, value: str) -> None:
        self.widgets[element.proto.id] = WidgetState(id=element.proto.id, string_value=value)

    def set_component_state(self, element: Element, state: dict[str, Any]) -> None:
        """A custom (v2) component's state, as its ``setStateValue`` sends it."""
        self.widgets[element.proto.id] = WidgetState(
            id=element.proto.id, json_value=json.dumps(state)
        )

    @staticmethod
    def click(element: Element) -> WidgetState:
        """The trigger a click on this button sends."""
        return WidgetState(id=element.proto.id, trigger_value=True)

    async def _read_until_finished(self) -> Page:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        runs = 0
        page = Page()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no finished script run within {RUN_TIMEOUT_S:.0f} s")
            try:
                raw = await asyncio.wait_for(self._ws.recv(), left)
            except TimeoutError:
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                page = Page()
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "delta":
                _apply(page, tuple(msg.metadata.delta_path), msg.delta)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {self.page_name}")
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("the script failed to compile")
                if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    runs += 1
                    if runs > MAX_RERUNS:
                        raise ProtocolError(f"more than {MAX_RERUNS} reruns in a row")
                    continue
                self.page = page
                return page


def _apply(page: Page, path: tuple[int, ...], delta: Any) -> None:
    kind = delta.WhichOneof("type")
    if kind == "new_element":
        element = delta.new_element
        element_kind = element.WhichOneof("type")
        page.elements[path] = Element(element_kind, getattr(element, element_kind))
