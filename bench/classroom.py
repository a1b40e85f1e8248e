"""The class load driver: simulated students play the class quiz through the real server.

Each student is one :class:`~bench.wsclient.Tab` on the server's websocket, as a
browser tab would be. It joins the class with a fresh nickname, opens the class
quiz, marks words by setting the span picker's state (one change per word, as
clicks send it), submits, reads the feedback and presses "Next", with think
times between steps. All students of a class submit each excerpt inside one
window (``spread`` seconds) that opens once every student has marked it: the
"whole class submits within the same few seconds" moment.

A submit counts as *acknowledged* when the page shows the feedback (or
"Saved." while feedback waits for the due date), as a student would see it.
If the connection drops (the server restarts), a student reconnects with the
address it had, which holds its class key and its unsubmitted marks, and checks
that it is neither asked to join again nor loses a mark.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import websockets

from bench.wsclient import Page, ProtocolError, Tab

PAGE = "class_quiz"
JOIN, SUBMIT, NEXT = "Join the class", "Submit my marks", "Next"
PICKER = "spin_spotter.span_picker"  # quiz.ui.span_picker.COMPONENT_NAME (a test keeps them equal)
RECONNECT_S = 60.0
"""How long a student keeps trying to reconnect before giving up."""
ROUND_WAIT_S = 120.0
"""How long a class waits for its slowest student before a submit window opens anyway."""
DROPPED = (websockets.WebSocketException, OSError, TimeoutError)
"""A connection that closed, or could not open: the server is gone or restarting."""


@dataclass
class Pace:
    """Think times (seconds, uniform ranges) and the submit window."""

    spread: float = 10.0
    """All submits of one excerpt fall within this many seconds."""
    ramp: float = 5.0
    """Students open the page within this many seconds of the start."""
    mark: tuple[float, float] = (0.3, 1.5)
    read: tuple[float, float] = (1.0, 3.0)
    words: tuple[int, int] = (2, 5)


@dataclass
class Timings:
    page_load_ms: list[float] = field(default_factory=list)
    mark_ms: list[float] = field(default_factory=list)
    submit_to_feedback_ms: list[float] = field(default_factory=list)


@dataclass
class StudentLog:
    """What one simulated student did and saw."""

    nickname: str
    student_id: str | None = None
    acknowledged: list[int] = field(default_factory=list)
    """1-based positions of the excerpts whose feedback this student saw."""
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)


class Rounds:
    """Opens each excerpt's submit window once every student still playing is ready."""

    def __init__(self, students: int, spread: float) -> None:
        self.playing = students
        self.spread = spread
        self._ready: dict[int, int] = {}
        self._opens: dict[int, asyncio.Future[float]] = {}

    def _window(self, number: int) -> asyncio.Future[float]:
        if number not in self._opens:
            self._opens[number] = asyncio.get_running_loop().create_future()
        return self._opens[number]

    async def submit_time(self, number: int) -> float:
        """When this student submits round ``number`` (monotonic clock)."""
        self._ready[number] = self._ready.get(number, 0) + 1
        self._check(number)
        window = self._window(number)
        try:
            opens = await asyncio.wait_for(asyncio.shield(window), ROUND_WAIT_S)
        except TimeoutError:
            opens = time.monotonic()
            if not window.done():
                window.set_result(opens)
        return opens + random.uniform(0, self.spread)

    def leave(self) -> None:
        """A student stopped (an error): the class no longer waits for it."""
        self.playing -= 1
        for number in list(self._opens):
            self._check(number)

    def _check(self, number: int) -> None:
        window = self._window(number)
        if not window.done() and self._ready.get(number, 0) >= self.playing:
            window.set_result(time.monotonic() + 0.2)


class Student:
    """One simulated learner in one tab."""

    def __init__(self, base_url: str, code: str, log: StudentLog, timings: Timings,
                 rounds: Rounds, pace: Pace, rng: random.Random) -> None:
        self.tab = Tab(base_url, PAGE)
        self.code, self.log, self.timings = code, log, timings
        self.rounds, self.pace, self.rng = rounds, pace, rng
        self.marks: dict[str, list[int]] = {}
        self.sent: dict[str, list[int]] = {}
        """The marks the server has seen (so the page address holds them)."""
        self.text = ""

    async def play(self, excerpts: int) -> None:
        await asyncio.sleep(self.rng.uniform(0, self.pace.ramp))
        try:
            page = await self._timed(self.timings.page_load_ms, self._open)
            page = await self._join(page)
            for number in range(1, excerpts + 1):
                page, moved_on = await self._excerpt(page, number)
                if number < excerpts and not moved_on:
                    page = await self._next()
        except (ProtocolError, *DROPPED) as exc:
            self.log.errors.append(f"{self.log.nickname}: {type(exc).__name__}: {exc}")
            self.rounds.leave()
            await self.tab.close()

    async def _open(self) -> Page:
        await self.tab.connect()
        return await self.tab.run()

    async def _join(self, page: Page) -> Page:
        code, nickname = page.find("text_input", "Class code"), page.find("text_input", "Nickname")
        button = page.find("button", JOIN)
        if not (code and nickname and button):
            raise ProtocolError("no join form on the class quiz page")
        self.tab.set_text(code, self.code)
        self.tab.set_text(nickname, self.log.nickname)
        page = await self._timed(self.timings.page_load_ms, self.tab.run, [self.tab.click(button)])
        learner = dict(p.split("=", 1) for p in self.tab.query.split("&") if "=" in p)
        if "learner" not in learner:
            raise ProtocolError(f"joining failed: {' / '.join(page.texts())[:200]}")
        self.log.student_id = learner["learner"].split(".", 1)[0]
        return _checked(page, picker=True)

    async def _excerpt(self, page: Page, number: int) -> tuple[Page, bool]:
        """Mark and submit one excerpt.

        Returns:
            The page after the submit, and whether it already shows the next
            excerpt: the submit reached the server just before a restart, which
            stored it but never showed the feedback (stored, not acknowledged).
        """
        picker = page.component(PICKER)
        assert picker is not None  # _checked made sure
        data = picker.data
        category, self.text = data["active"], data["text"]
        chosen = self.rng.sample(range(len(data["tokens"])), self.rng.randint(*self.pace.words))
        self.marks = self.sent = {c["id"]: [] for c in data["categories"]}
        for index in chosen:
            await asyncio.sleep(self.rng.uniform(*self.pace.mark))
            self.marks = {**self.marks, category: sorted([*self.marks[category], index])}
            page = await self._resilient(self.timings.mark_ms, self._mark)
            self.sent = self.marks
        when = await self.rounds.submit_time(number)
        await asyncio.sleep(max(0.0, when - time.monotonic()))
        page = await self._resilient(self.timings.submit_to_feedback_ms, self._submit)
        self.marks = self.sent = {}
        if page.has_text("Your score") or page.has_text("Saved."):
            self.log.acknowledged.append(number)
        elif not self._moved_on(page):
            raise ProtocolError(f"no feedback after submit: {' / '.join(page.texts())[:200]}")
        else:
            return page, True
        await asyncio.sleep(self.rng.uniform(*self.pace.read))
        return page, False

    def _moved_on(self, page: Page) -> bool:
        """The page shows a different excerpt to mark than the one being marked."""
        picker = page.component(PICKER)
        return picker is not None and picker.data.get("mode") == "mark" and (
            picker.data.get("text") != self.text)

    async def _mark(self) -> Page:
        picker = self.tab.page.component(PICKER)
        if picker is None:
            raise ProtocolError("the span picker is gone")
        self.tab.set_component_state(picker, {"selection": self.marks})
        return _checked(await self.tab.run(), picker=True)

    async def _submit(self) -> Page:
        button = self.tab.page.find("button", SUBMIT)
        if button is None:
            raise ProtocolError("no submit button")
        return _checked(await self.tab.run([self.tab.click(button)]))

    async def _next(self) -> Page:
        return await self._resilient(self.timings.page_load_ms, self._click_next)

    async def _click_next(self) -> Page:
        button = self.tab.page.find("button", NEXT)
        if button is None:
            raise ProtocolError("no Next button after the feedback")
        return _checked(await self.tab.run([self.tab.click(button)]), picker=True)

    async def _resilient(self, into: list[float], step: object) -> Page:
        """Run ``step``; if the connection drops, reconnect and, if the page still
        shows the same excerpt, run it once more."""
        try:
            return await self._timed(into, step)
        except DROPPED:
            page = await self._reconnect()
            if self._moved_on(page):
                return page
            return await self._timed(into, step)

    async def _reconnect(self) -> Page:
        """Reconnect with the page address, as the browser does after a server restart."""
        self.log.reconnects += 1
        deadline = time.monotonic() + RECONNECT_S
        while True:
            try:
                await self.tab.connect(timeout=5)
                page = await self.tab.run()
                break
            except (*DROPPED, ProtocolError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
        if page.find("button", JOIN):
            raise ProtocolError("asked to join again after reconnecting")
        _checked(page)
        picker = page.component(PICKER)
        kept = picker is not None and picker.data.get("selected") == self.sent
        if not self._moved_on(page) and not kept:
            raise ProtocolError("unsubmitted marks lost after reconnecting")
        return page

    async def _timed(self, into: list[float], step: object, *args: object) -> Page:
        start = time.monotonic()
        page: Page = await step(*args)  # type: ignore[operator]
        into.append((time.monotonic() - start) * 1000)
        return page


def _checked(page: Page, *, picker: bool = False) -> Page:
    """The page, unless it shows an error a student would see (or lacks the picker)."""
    for element in page.all("exception"):
        raise ProtocolError(f"the page shows an error: {element.text[:200]}")
    if picker and page.component(PICKER) is None:
        raise ProtocolError(f"no span picker: {' / '.join(page.texts())[:200]}")
    return page


async def play_class(base_url: str, code: str, students: int, excerpts: int, *,
                     pace: Pace, seed: int, timings: Timings) -> list[Student]:
    """Play one class of ``students`` through ``excerpts`` excerpts each (tabs left open)."""
    rng = random.Random(seed)
    tag = secrets.token_hex(3)  # fresh nicknames on every run, whatever the seed
    rounds = Rounds(students, pace.spread)
    players = [
        Student(base_url, code, StudentLog(nickname=f"load-{tag}-{n + 1}"), timings, rounds,
                pace, random.Random(rng.random()))
        for n in range(students)
    ]
    await asyncio.gather(*(p.play(excerpts) for p in players))
    return players


async def play_classes(base_url: str, codes: Sequence[str], students: int, excerpts: int, *,
                       pace: Pace, seed: int, timings: Timings, limit_s: float,
                       at_end: Callable[[], None] | None = None) -> list[StudentLog]:
    """Several classes at once (each with its own submit windows), within ``limit_s``.

    ``at_end`` runs when every student is done but before the tabs close (to
    measure the server with all sessions open).
    """
    runs = [play_class(base_url, code, students, excerpts, pace=pace, seed=seed + n,
                       timings=timings) for n, code in enumerate(codes)]
    classes = await asyncio.wait_for(asyncio.gather(*runs), limit_s)
    players = [p for c in classes for p in c]
    try:
        if at_end is not None:
            at_end()
    finally:
        await asyncio.gather(*(p.tab.close() for p in players))
    return [p.log for p in players]
