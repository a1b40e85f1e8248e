"""PostgreSQL stops mid-class for 10 seconds: answers wait, then save; nothing acknowledged is lost.

A real server of its own (stopping the session's would disturb other tests),
stopped with ``pg_ctl stop`` and started again on the same port by a thread
10 s later, while a submit is on its way: through the store, and through the
class quiz page under AppTest. The same store object (the same pool) is used
before and after: the app recovers without a restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.loadtest import sample_attempt, sample_excerpt
from bench.pg_cluster import Cluster
from quiz import config
from quiz.auth import hash_password
from quiz.config import DEFAULT_CONTENT
from quiz.models import Category
from quiz.records import Assignment
from quiz.storage import Unavailable, import_content
from quiz.store_pg import PostgresStore
from quiz.ui import trouble
from quiz.usecases.saving import keep_trying, patient
from tests.pages import APP, gold_tokens, mark, picker_key, texts

OUTAGE = 10.0  # seconds the server is away
LT = Category.LOADED_TERM


def test_keep_trying_tells_each_failure_and_gives_up_after_its_patience() -> None:
    calls: list[str] = []
    told: list[str] = []

    def flaky() -> str:
        calls.append("try")
        if len(calls) < 3:
            raise Unavailable("cannot reach the database at db:5432/s: refused")
        return "saved"

    result = keep_trying(flaky, what="record_attempt", on_retry=lambda w, e: told.append(w),
                         on_recovered=lambda: told.append("back"), pause=0.01)  # fmt: skip
    assert result == "saved" and told == ["record_attempt", "record_attempt", "back"]

    def never() -> None:
        raise Unavailable("away")

    started = time.monotonic()
    with pytest.raises(Unavailable, match="away"):
        keep_trying(never, patience=0.3, pause=0.05)
    assert 0.25 <= time.monotonic() - started < 2


@pytest.fixture(scope="module")
def server() -> Iterator[Cluster]:
    with Cluster() as cluster:
        yield cluster


def away_for(cluster: Cluster, seconds: float) -> threading.Thread:
    """Stop the server now; start it again (same port, same data) after ``seconds``."""
    cluster.stop("fast")

    def come_back() -> None:
        time.sleep(seconds)
        cluster.start()

    thread = threading.Thread(target=come_back)
    thread.start()
    return thread


@pytest.mark.slow
def test_a_submit_waits_for_the_database_and_loses_nothing(server: Cluster) -> None:
    url = server.create_database("outage_store")
    store = PostgresStore(url)
    store.import_excerpts([sample_excerpt()])
    room = store.create_class(store.add_teacher("T", "h").id, "8A")
    ana = store.join_class(room.code, "Ana")
    acknowledged = [store.record_attempt(sample_attempt(ana.id, room.id)).id for _ in range(5)]
    told: list[str] = []
    waiting = patient(store, on_retry=lambda what, exc: told.append(f"{what}: {exc}"))
    started = time.monotonic()
    back = away_for(server, OUTAGE)
    try:
        answer = sample_attempt(ana.id, room.id)
        acknowledged.append(waiting.record_attempt(answer).id)  # waits, then saves
    finally:
        back.join()
    waited = time.monotonic() - started
    assert OUTAGE <= waited < OUTAGE + 15
    assert told and all(t.startswith("record_attempt: cannot reach the database at 127.0.0.1")
                        for t in told)  # fmt: skip
    # The same store (the same pool) works again, and every acknowledged answer is there.
    acknowledged.append(store.record_attempt(sample_attempt(ana.id, room.id)).id)
    assert [a.id for a in store.attempts_for_student(ana.id)] == acknowledged
    store.close()


@pytest.mark.slow
def test_the_class_page_says_it_is_trying_again_and_saves_when_the_database_is_back(
    server: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = server.create_database("outage_page")
    store = PostgresStore(url)
    import_content(store, [DEFAULT_CONTENT])
    teacher = store.add_teacher("Ms Rivera", hash_password("a long enough sentence"))
    room = store.create_class(teacher.id, "8B")
    first = next(s.excerpt for s in store.excerpts() if s.excerpt.difficulty == 1)
    week = store.add_assignment(Assignment(class_id=room.id, title="Week 1",
                                           excerpt_ids=[first.id], categories=[LT]))  # fmt: skip
    student = store.join_class(room.code, "Ola")
    monkeypatch.setenv(config.DATABASE_ENV, url)
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "unused"))
    toasts: list[str] = []
    real = trouble.retrying
    monkeypatch.setattr(trouble, "retrying", lambda what, exc: (
        toasts.append(what), real(what, exc)))  # fmt: skip
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.query_params["learner"] = student.link
    at.switch_page("app_pages/class_quiz.py").run()
    gold = gold_tokens(first, LT)
    mark(at, picker_key(at, f"class:{week.id}"), {LT: gold})
    at.run()
    back = away_for(server, OUTAGE)
    try:
        next(b for b in at.button if b.label == "Submit my marks").click().run()
    finally:
        back.join()
    assert not at.exception, [e.value for e in at.exception]
    assert toasts  # each failed try was said, and in the submit's words:
    assert {t.value for t in at.toast} == {trouble.SAVING_AGAIN}
    [attempt] = store.attempts_for_student(student.id)
    assert attempt.selections[LT] == [(s.start, s.end) for s in first.gold(LT)]
    assert "Your score" in texts(at) or "Saved" in texts(at)
    store.close()
