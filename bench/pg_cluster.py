"""A throwaway PostgreSQL cluster for the tests, the benchmarks and the deployment test.

``initdb`` in a temporary folder, the server on a free loopback port (and a
socket in the folder), stopped and deleted at the end. PostgreSQL refuses to
run as root, and CI runs as root: then the folder belongs to the ``postgres``
user (made by Debian's package, which ``scripts/install.sh`` installs) and
every server command runs as that user through ``runuser``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from bench.appserver import free_port

# Settings for tests: nothing here survives a crash of the machine, so durability
# costs nothing; the benchmark keeps PostgreSQL's durable defaults.
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
SUPERUSER = "postgres"
_LIVE: set[Cluster] = set()  # closed at exit, and on SIGTERM (see _close_all_on_exit)
_EXIT_HOOKS: list[bool] = []  # not empty once the hooks are installed


def _close_all(*_: object) -> None:
    for cluster in list(_LIVE):
        cluster.close()


def _close_all_on_exit() -> None:
    """Stop every cluster of this process at exit, and when SIGTERM ends it (a CI
    timeout skips pytest's teardown): no server is left running."""
    atexit.register(_close_all)
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: object) -> None:
        _close_all()
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)

    if previous in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, stop)


def binaries() -> Path:
    """The folder of the newest installed PostgreSQL server's programs."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise RuntimeError("PostgreSQL is not installed: run bash scripts/install.sh")


class Cluster:
    """One server in a temporary folder; :meth:`url` names a database in it."""

    def __init__(self, *, fast: bool = True, settings: dict[str, str] | None = None) -> None:
        self.bin = binaries()
        self.root = Path(tempfile.mkdtemp(prefix="spin-spotter-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.settings = {**(FAST if fast else {}), "max_connections": "300",
                         "listen_addresses": "127.0.0.1", "unix_socket_directories": str(self.root),
                         "port": str(self.port), **(settings or {})}  # fmt: skip
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SUPERUSER)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as_user = ["runuser", "-u", SUPERUSER, "--"]
        self.running = False
        if not _EXIT_HOOKS:
            _close_all_on_exit()
            _EXIT_HOOKS.append(True)
        _LIVE.add(self)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--locale=C.UTF-8")  # fmt: skip

    def _run(
        self, program: str, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as_user, str(self.bin / program), *args],
                              capture_output=True, text=True, check=check, timeout=120)  # fmt: skip

    def start(self) -> None:
        """Start the server (again, after :meth:`stop`: same port, same data)."""
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (clean), ``immediate`` (as if it crashed)."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)
            self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str = "template1") -> str:
        """A new database (a copy of ``template``); its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'.encode())
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())

    def add_user(self, name: str, password: str) -> str:
        """A login that must give its password over TCP (every other login is trusted); its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'".encode())
        hba = self.data / "pg_hba.conf"
        rule = f"host all {name} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text())
        self._run("pg_ctl", "-D", str(self.data), "reload")
        time.sleep(0.2)  # the postmaster rereads the file on the signal
        return f"postgresql://{name}:{password}@127.0.0.1:{self.port}/postgres"

    def close(self) -> None:
        """Stop the server at once and delete its folder."""
        _LIVE.discard(self)
        self.stop("immediate")
        with contextlib.suppress(OSError):
            shutil.rmtree(self.root)

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(psycopg.OperationalError):
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            time.sleep(0.1)
        raise TimeoutError(f"PostgreSQL did not come up on port {self.port}")
