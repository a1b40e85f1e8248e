"""server.py's sign-in routes, driven as ASGI calls on a real store (no browser, no network).

What a browser does with the cookie (reload, sign-out, expiry) is tested in
tests/e2e/test_teacher_session_browser.py; here: the cookie's flags, the
refusals of cross-site and non-JSON requests, identical answers for unknown and
known names, and the first-run claim.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from quiz import auth
from quiz.records import Teacher
from quiz.storage import Store
from quiz.store import open_store
from quiz.ui.auth_routes import FIRST_TEACHER, SIGN_IN, SIGN_OUT, UNAVAILABLE, AuthRoutes
from quiz.usecases import accounts
from tests.conftest import FAST

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
SAME_ORIGIN = {"origin": "http://school.example:8501", "host": "school.example:8501"}


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: dict[str, Any]

    def header(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]


def call(
    app: Starlette, path: str, body: object = None, *, headers: dict[str, str] | None = None,
    scheme: str = "http", client: str = "10.0.0.5", raw: bytes | None = None,
) -> Reply:
    """One POST through the ASGI app, as uvicorn would hand it over."""
    sent = raw if raw is not None else json.dumps(body or {}).encode()
    given = {"content-type": "application/json", **SAME_ORIGIN, **(headers or {})}
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": scheme, "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": (client, 50000), "server": ("school.example", 8501),
        "headers": [(k.encode(), v.encode()) for k, v in given.items()],
    }  # fmt: skip
    incoming = [{"type": "http.request", "body": sent, "more_body": False}]
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    # On a thread of its own: the browser tests' Playwright keeps an event loop
    # running on the main thread for the whole session.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in messages if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    pairs = [(k.decode(), v.decode()) for k, v in start["headers"]]
    return Reply(start["status"], pairs, json.loads(content))


pytestmark = pytest.mark.usefixtures("fast_hashes")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


@pytest.fixture
def rivera(store: Store) -> Teacher:
    return store.add_teacher("Ms Rivera", FAST.hash(PASSWORD))


@pytest.fixture
def app(store: Store) -> Starlette:
    return Starlette(routes=AuthRoutes(lambda: store, auth.Guard(), lambda: NOW).routes())


def cookie_token(reply: Reply) -> str:
    [cookie] = reply.header("set-cookie")
    name, _, rest = cookie.partition("=")
    assert name == auth.SESSION_COOKIE
    return rest.split(";")[0]


def test_sign_in_sets_an_httponly_strict_cookie_with_a_random_token(
    app: Starlette, store: Store, rivera: Teacher, tmp_path: Path
) -> None:
    reply = call(app, SIGN_IN, {"name": "ms rivera", "password": PASSWORD})
    assert (reply.status, reply.body) == (200, {"ok": True, "message": "Signed in."})
    [cookie] = reply.header("set-cookie")
    flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite", "path", "max-age"} <= set(flags)
    assert flags["samesite"].strip().lower() == "samesite=strict"
    assert flags["path"].strip() == "Path=/" and flags["max-age"].strip() == "Max-Age=28800"
    assert "secure" not in flags  # plain http (a developer's machine)
    token = cookie_token(reply)
    assert len(token) >= 43 and token not in (tmp_path / "data" / "school.json").read_text()
    assert accounts.session_teacher(store, token, NOW).teacher == rivera
    second = call(app, SIGN_IN, {"name": "Ms Rivera", "password": PASSWORD}, scheme="https")
    assert "; secure" in second.header("set-cookie")[0].lower()
    assert cookie_token(second) != token


def test_wrong_password_and_unknown_name_get_the_same_reply(
    app: Starlette, rivera: Teacher
) -> None:
    replies = []
    for name in ["Ms Rivera", "Mr Nobody"] * (auth.MAX_FAILURES + 1):
        reply = call(app, SIGN_IN, {"name": name, "password": "wrong"}, client=name)
        replies.append((reply.status, reply.body, reply.header("retry-after"),
                        reply.header("set-cookie")))  # fmt: skip
    assert replies[0::2] == replies[1::2]
    assert replies[0][0] == 401 and replies[-1][0] == 429 and replies[-1][2] == ["1"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [({"origin": "http://evil.example"}, 403), ({"sec-fetch-site": "cross-site"}, 403),
     ({"origin": "null"}, 403), ({"content-type": "text/plain"}, 415),
     ({"content-type": "application/x-www-form-urlencoded"}, 415)],
)
def test_cross_site_and_form_posts_are_refused_before_anything_is_checked(
    app: Starlette, store: Store, rivera: Teacher, headers: dict[str, str], status: int
) -> None:
    reply = call(app, SIGN_IN, {"name": "Ms Rivera", "password": PASSWORD}, headers=headers)
    assert reply.status == status and reply.body["ok"] is False
    assert reply.header("set-cookie") == []
    assert store.teachers()[0].failed_logins == 0


@pytest.mark.parametrize(
    "raw", [b"[1]", b"{", b'{"name": 3, "password": "x"}', b'{"name": "' + b"x" * 5000 + b'"}'],
    ids=["array", "cut", "number", "huge"],
)
def test_malformed_bodies_get_a_plain_refusal(app: Starlette, raw: bytes) -> None:
    reply = call(app, SIGN_IN, raw=raw)
    assert reply.status in (400, 413) and reply.body["ok"] is False


def test_sign_out_deletes_the_session_and_clears_the_cookie(
    app: Starlette, store: Store, rivera: Teacher
) -> None:
    token = cookie_token(call(app, SIGN_IN, {"name": "Ms Rivera", "password": PASSWORD}))
    cookie = {"cookie": f"{auth.SESSION_COOKIE}={token}"}
    reply = call(app, SIGN_OUT, {}, headers=cookie)
    assert reply.status == 200 and reply.body["ok"] is True
    [cleared] = reply.header("set-cookie")
    assert cleared.startswith(f'{auth.SESSION_COOKIE}=""') and "Max-Age=0" in cleared
    assert "HttpOnly" in cleared
    assert accounts.session_teacher(store, token, NOW).teacher is None


def test_the_first_account_needs_the_setup_code_and_is_made_once(
    app: Starlette, store: Store
) -> None:
    form = {"name": "Eve", "password": PASSWORD, "again": PASSWORD}
    code = accounts.setup_code(store)
    assert code is not None
    for wrong in ({}, {"code": ""}, {"code": "0" * 32}):
        reply = call(app, FIRST_TEACHER, {**form, **wrong})
        assert reply.status == 403 and "setup code is not right" in reply.body["message"]
    assert store.teachers() == []

    def claim(i: int) -> int:
        body = {**form, "name": f"Teacher {i}", "code": code}
        return call(app, FIRST_TEACHER, body, client=f"10.0.0.{i}").status

    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(claim, range(6)))
    assert sorted(statuses) == [200] + [403] * 5
    assert len(store.teachers()) == 1 and store.setup_code() is None


def test_a_broken_school_file_gets_a_plain_answer(
    app: Starlette, rivera: Teacher, tmp_path: Path
) -> None:
    (tmp_path / "data" / "school.json").write_text('{"teachers": ')
    reply = call(app, SIGN_IN, {"name": "Ms Rivera", "password": PASSWORD})
    assert (reply.status, reply.body["message"]) == (503, UNAVAILABLE)
