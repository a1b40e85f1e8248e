"""The sign-in form: a small component that posts to the server's sign-in routes.

The browser sends the fields as JSON to a route of :mod:`quiz.ui.auth_routes`
(same origin); the route answers ``{"ok": ..., "message": ...}`` and sets or
clears the HttpOnly session cookie; on success the form reloads the page, and
its next run reads the cookie (``quiz.ui.session.current_teacher``). Passwords
never pass through Streamlit's session state. The payload is the form's shape
only: field names, labels and words, no data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from quiz.ui import auth_routes

COMPONENT_NAME = "spin_spotter.sign_in_form"
UNAVAILABLE = (
    "The sign-in service did not answer. The server must be started with "
    "streamlit run server.py (scripts/run.sh does)."
)

_HERE = Path(__file__).resolve().parent
_mount = st.components.v2.component(
    COMPONENT_NAME,
    js=(_HERE / "sign_in_form.js").read_text("utf-8"),
    css=(_HERE / "sign_in_form.css").read_text("utf-8"),
    isolate_styles=True,
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    autocomplete: str = "off"
    max_length: int = 120


NAME = Field("name", "Name", autocomplete="username", max_length=80)
PASSWORD = Field("password", "Password", "password", "current-password", 1024)
SIGN_IN = [NAME, PASSWORD]
FIRST_TEACHER = [
    Field("code", "Setup code", autocomplete="one-time-code", max_length=100),
    Field("name", "Your name (as your students know you)", autocomplete="username",
          max_length=80),
    Field("password", "Password", "password", "new-password", 1024),
    Field("again", "Password again", "password", "new-password", 1024),
]  # fmt: skip


def form_payload(
    action: str, fields: list[Field], *, submit: str, busy: str, label: str
) -> dict[str, Any]:
    """The JSON the browser gets: where to post, the fields, the words."""
    return {
        "action": action,
        "fields": [asdict(f) for f in fields],
        "submit": submit,
        "busy": busy,
        "label": label,
        "unavailable": UNAVAILABLE,
    }


def sign_in_form() -> None:
    """Name and password, posted to the sign-in route."""
    _mount(key="sign_in_form", data=form_payload(
        auth_routes.SIGN_IN, SIGN_IN, submit="Sign in", busy="Signing in…", label="Sign in",
    ))  # fmt: skip


def first_teacher_form() -> None:
    """Setup code, name and password twice, posted to the first-teacher route."""
    _mount(key="first_teacher_form", data=form_payload(
        auth_routes.FIRST_TEACHER, FIRST_TEACHER, submit="Create account",
        busy="Creating the account…", label="Create the first teacher account",
    ))  # fmt: skip


def sign_out_button() -> None:
    """One button, posted to the sign-out route (which deletes the server's session)."""
    _mount(key="sign_out_form", data=form_payload(
        auth_routes.SIGN_OUT, [], submit="Sign out", busy="Signing out…", label="Sign out",
    ))  # fmt: skip
