"""The server's sign-in routes (mounted by ``server.py``): they set and clear the cookie.

``POST /auth/sign-in`` ``{"name", "password"}``, ``POST /auth/first-teacher``
``{"code", "name", "password", "again"}`` and ``POST /auth/sign-out`` ``{}``
each answer ``{"ok": bool, "message": str}``. A success sets (or, for sign-out,
clears) the session cookie: a random token, ``HttpOnly`` (page scripts cannot
read it), ``SameSite=Strict`` (other sites' pages do not send it), ``Secure``
over HTTPS, ``Path=/``, living :data:`~quiz.auth.SESSION_TTL`. The store keeps
only the token's hash, with the session's expiry; sign-out deletes it.

A request must be JSON (so a cross-site page cannot post without a CORS
preflight, which these routes never grant) and, when the browser says where it
comes from (``Origin``, ``Sec-Fetch-Site``), come from this server's own pages.
The client's address for the per-client delays is ``request.client.host``
(uvicorn takes it from ``X-Forwarded-For`` only when the proxy is trusted).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from quiz import auth
from quiz.records import Teacher, utcnow
from quiz.storage import Store, StoreError
from quiz.stores import configured_location, open_store
from quiz.usecases import Refused, accounts

SIGN_IN, FIRST_TEACHER, SIGN_OUT = "/auth/sign-in", "/auth/first-teacher", "/auth/sign-out"
MAX_BODY = 4096
FIELD_LIMITS = {"name": 120, "password": 1024, "again": 1024, "code": 100}
UNAVAILABLE = (
    "Sign-in is unavailable: the server could not read its data. Tell the person who "
    "runs the server (python -m quiz db check names the file)."
)
Handler = Callable[[Request], Awaitable[JSONResponse]]


@functools.cache
def _store_at(location: str) -> Store:
    return open_store(location)


def default_store() -> Store:
    """The store of the configured database or data folder, one per process."""
    return _store_at(configured_location())


class AuthRoutes:
    """The routes, with the store they use, the in-memory delays and the clock."""

    def __init__(
        self,
        store: Callable[[], Store] = default_store,
        guard: auth.Guard | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store = store
        self.guard = guard or auth.Guard()
        self.clock = clock

    def routes(self) -> list[Route]:
        return [
            Route(SIGN_IN, _safely(self.sign_in), methods=["POST"]),
            Route(FIRST_TEACHER, _safely(self.first_teacher), methods=["POST"]),
            Route(SIGN_OUT, _safely(self.sign_out), methods=["POST"]),
        ]

    async def sign_in(self, request: Request) -> JSONResponse:
        fields = await _fields(request, ("name", "password"))
        if isinstance(fields, JSONResponse):
            return fields
        store, now = self.store(), self.clock()
        result = await run_in_threadpool(
            accounts.sign_in, store, fields["name"], fields["password"], now,
            client=client_of(request), guard=self.guard,
        )  # fmt: skip
        if result.outcome is auth.Outcome.OK and result.teacher is not None:
            return await self._signed_in(request, store, result.teacher, now)
        status = 429 if result.outcome is auth.Outcome.WAIT else 401
        response = answer(False, result.message, status)
        if result.retry_after is not None:
            response.headers["Retry-After"] = str(result.retry_after)
        return response

    async def first_teacher(self, request: Request) -> JSONResponse:
        fields = await _fields(request, ("code", "name", "password", "again"))
        if isinstance(fields, JSONResponse):
            return fields
        store = self.store()
        try:
            teacher = await run_in_threadpool(
                accounts.create_first_teacher, store, fields["name"], fields["password"],
                fields["again"], fields["code"],
            )  # fmt: skip
        except Refused as exc:
            return answer(False, str(exc), 403)
        return await self._signed_in(request, store, teacher, self.clock())

    async def sign_out(self, request: Request) -> JSONResponse:
        fields = await _fields(request, ())
        if isinstance(fields, JSONResponse):
            return fields
        token = request.cookies.get(auth.SESSION_COOKIE)
        await run_in_threadpool(accounts.end_session, self.store(), token)
        response = answer(True, "Signed out.")
        response.delete_cookie(
            auth.SESSION_COOKIE, path="/", secure=_https(request), httponly=True,
            samesite="strict",
        )  # fmt: skip
        return response

    async def _signed_in(
        self, request: Request, store: Store, teacher: Teacher, now: dt.datetime
    ) -> JSONResponse:
        token = await run_in_threadpool(accounts.start_session, store, teacher, now)
        response = answer(True, "Signed in.")
        response.set_cookie(
            auth.SESSION_COOKIE, token, max_age=int(auth.SESSION_TTL.total_seconds()),
            path="/", secure=_https(request), httponly=True, samesite="strict",
        )  # fmt: skip
        return response


def answer(ok: bool, message: str, status: int = 200) -> JSONResponse:
    """The JSON every route answers with; never cached."""
    return JSONResponse(
        {"ok": ok, "message": message}, status_code=status, headers={"Cache-Control": "no-store"}
    )


def client_of(request: Request) -> str:
    """The address the per-client delays are kept under."""
    return request.client.host if request.client else "unknown"


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site's page."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not sent by a browser page (curl, a script): no cross-site forgery
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")}
    return urlsplit(origin).netloc in hosts - {None}


async def _fields(request: Request, names: tuple[str, ...]) -> dict[str, str] | JSONResponse:
    """The named string fields of a same-origin JSON body, or the refusal to send."""
    if not same_origin(request):
        return answer(False, "Sign in from this app's own page.", 403)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return answer(False, "Send the form as JSON.", 415)
    body = await request.body()
    if len(body) > MAX_BODY:
        return answer(False, "That is too long.", 413)
    try:
        data = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return answer(False, "Send the form as a JSON object.", 400)
    fields: dict[str, str] = {}
    for name in names:
        value = data.get(name, "")
        if not isinstance(value, str) or len(value) > FIELD_LIMITS.get(name, 200):
            return answer(False, f"The {name} field is not right.", 400)
        fields[name] = value
    return fields


def _safely(handler: Handler) -> Handler:
    """A handler whose store errors (a broken school.json) become a plain answer."""

    @functools.wraps(handler)
    async def handle(request: Request) -> JSONResponse:
        try:
            return await handler(request)
        except StoreError:
            return answer(False, UNAVAILABLE, 503)

    return handle


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
