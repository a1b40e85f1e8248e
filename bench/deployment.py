"""The two-replica deployment of ``deploy/`` on loopback: two app replicas and nginx.

Starts each replica with ``deploy/replica.sh`` on a free port, all on one
PostgreSQL database, and nginx with ``deploy/nginx.conf`` (its ports moved to
free ones). Used by ``tests/test_deploy.py`` and by the PostgreSQL storage
benchmark, which plays two classes of 35 through nginx with the class load
driver (:mod:`bench.loaddriver`) for the submit-to-feedback figures.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from bench.appserver import free_port

ROOT = Path(__file__).resolve().parent.parent
NGINX = next((p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), "nginx")


def healthy(url: str, seconds: float = 90) -> None:
    """Wait until ``url`` answers 200 (TimeoutError after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


class Deployment:
    """nginx in front of two replicas on ``url``; files and logs in ``folder``."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.ports = [free_port(), free_port()]
        self.front = free_port()
        self.replicas: list[subprocess.Popen[bytes]] = []
        self.nginx: subprocess.Popen[bytes] | None = None

    @property
    def app(self) -> str:
        """nginx's address: what browsers (and the load driver) open."""
        return f"http://127.0.0.1:{self.front}"

    def start(self) -> Deployment:
        env = {**os.environ, "SPIN_SPOTTER_DATABASE_URL": self.url,
               "SPIN_SPOTTER_COOKIE_SECRET": "one secret for every replica"}  # fmt: skip
        for port in self.ports:
            env["SPIN_SPOTTER_DATA"] = str(self.folder / f"replica-{port}")
            with open(self.folder / f"replica-{port}.log", "wb") as log:
                self.replicas.append(subprocess.Popen(
                    ["bash", "deploy/replica.sh", str(port)], cwd=ROOT, env=dict(env),
                    stdout=log, stderr=log))  # fmt: skip
        conf = (ROOT / "deploy" / "nginx.conf").read_text()
        conf = conf.replace("127.0.0.1:8080", f"127.0.0.1:{self.front}")
        conf = conf.replace("127.0.0.1:8501", f"127.0.0.1:{self.ports[0]}")
        conf = conf.replace("127.0.0.1:8502", f"127.0.0.1:{self.ports[1]}")
        (self.folder / "nginx.conf").write_text(conf)
        (self.folder / "run" / "tmp").mkdir(parents=True, exist_ok=True)
        self.nginx = subprocess.Popen([NGINX, "-p", str(self.folder / "run"), "-c",
                                       str(self.folder / "nginx.conf"), "-g", "daemon off;"])
        for port in self.ports:
            healthy(f"http://127.0.0.1:{port}/_stcore/health")
        healthy(f"{self.app}/_stcore/health")
        return self

    def stop(self) -> None:
        running = [p for p in [self.nginx, *self.replicas] if p is not None]
        for proc in running:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in running:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def __enter__(self) -> Deployment:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:  # fmt: skip
        self.stop()
