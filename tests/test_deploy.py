"""``deploy/``: PostgreSQL, two app replicas and nginx on loopback, a replica SIGKILLed.

Both replicas start on the database with the commands of ``deploy/README.md``
(``deploy/replica.sh``), nginx with ``deploy/nginx.conf`` (its ports moved to
free ones). The first test checks the plumbing: nginx serves the app, sets
the affinity cookie, upgrades the websocket, and keeps serving every browser
when one replica is killed with SIGKILL. The second plays a class through
nginx with the websocket load driver (:mod:`bench.loaddriver`) and kills a
replica mid-class: its students reconnect through nginx to the other, and
every acknowledged answer is in PostgreSQL. A teacher on one replica seeing
answers given on another within 2 s is ``test_store_pg.py``'s (nothing is
cached across replicas: every page reads the database).
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.classroom import Pace
from bench.classroom_bench import prepare
from bench.deployment import Deployment
from bench.loaddriver import drive
from bench.pg_cluster import Cluster
from quiz.storage import Store
from quiz.store_pg import PostgresStore
from quiz.stores import close

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
QUICK = Pace(spread=1.0, ramp=1.0, mark=(0.1, 0.4), read=(0.2, 0.5), words=(2, 4))


def get(url: str, cookie: str = "") -> tuple[int, str, str]:
    """Status, body and the cookies set (one a line) of one GET."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = "\n".join(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.read().decode(), cookies


def websocket_upgrade(port: int, cookie: str) -> str:
    """The status line nginx answers a websocket handshake on Streamlit's stream with."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n")  # fmt: skip
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """nginx and the two replica processes, on a fresh database."""
    with Cluster() as cluster:
        url = cluster.create_database("district")
        PostgresStore(url).close()  # migrated, as `db migrate` would
        with Deployment(url, tmp_path) as running:
            yield running


def test_nginx_balances_two_replicas_and_survives_one_killed(deployment: Deployment) -> None:
    front, replicas = deployment.front, deployment.replicas
    status, page, set_cookie = get(f"http://127.0.0.1:{front}/")
    assert status == 200 and "<noscript>" in page  # Streamlit's page, through nginx
    [affinity] = [c for c in set_cookie.splitlines() if c.startswith("spin_replica=")]
    assert "HttpOnly" in affinity
    cookie = affinity.split(";", 1)[0]
    # With its cookie, a browser keeps it (no new one) and its websocket is upgraded.
    assert "spin_replica" not in get(f"http://127.0.0.1:{front}/_stcore/health", cookie)[2]
    assert websocket_upgrade(front, cookie).startswith("HTTP/1.1 101")
    # One replica dies mid-class: every browser (whichever replica its cookie chose)
    # is served by the other, websocket and all.
    replicas[0].send_signal(signal.SIGKILL)
    replicas[0].wait(10)
    browsers = [f"spin_replica=browser-{n}" for n in range(12)]
    for browser in browsers:
        assert get(f"http://127.0.0.1:{front}/_stcore/health", browser)[:2] == (200, "ok")
        assert websocket_upgrade(front, browser).startswith("HTTP/1.1 101")


def test_a_class_through_nginx_loses_nothing_when_a_replica_is_killed(
    deployment: Deployment,
) -> None:
    """The load driver plays a class over websockets through nginx; replica 1 is SIGKILLed
    mid-class. Its students reconnect through nginx to replica 2 (their link and marks
    are in the address), and every acknowledged answer is in PostgreSQL."""
    store, [code] = prepare(deployment.url, 1)
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 120
        while answers(store, code) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        killed.append(answers(store, code))
        deployment.replicas[0].send_signal(signal.SIGKILL)

    report = drive(deployment.app, [code], students=10, excerpts=3,
                   store=store, pace=QUICK, seed=11, during=kill_one)  # fmt: skip
    assert killed and 5 <= killed[0] < 30  # the replica died mid-class
    assert deployment.replicas[0].wait(10) == -signal.SIGKILL
    assert report["errors"] == 0, report["error_messages"]
    assert report["reconnects"] >= 1  # students of the dead replica came back through nginx
    assert report["lost"] == 0  # every acknowledged answer is in the database
    assert report["stored"] >= report["submitted"] and report["stored"] == 30
    close(store)


def answers(store: Store, code: str) -> int:
    classroom = store.class_by_code(code)
    assert classroom is not None
    return len(store.attempts_for_class(classroom.id))
