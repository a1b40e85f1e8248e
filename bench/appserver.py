"""A Spin Spotter server process for benchmarks and tests: start, measure, kill, restart.

The server is started the way the README starts it (``streamlit run server.py``)
on a loopback port with its own data folder, in its own process group.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60.0
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ProcessFigures:
    """CPU seconds used so far and resident memory now, from /proc."""

    cpu_s: float
    rss_mb: float


def process_figures(pid: int) -> ProcessFigures:
    """Read ``/proc/PID/stat`` (utime + stime) and ``/proc/PID/status`` (VmRSS)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15
    rss_kb = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    return ProcessFigures(cpu_s=cpu, rss_mb=rss_kb / 1024)


class AppServer:
    """``streamlit run server.py`` on ``127.0.0.1:port`` with ``SPIN_SPOTTER_DATA=data``.

    Args:
        data: the data folder (prepared by the caller).
        log: where the server's output goes.
        options: extra ``--name=value`` options for ``streamlit run``.
        port: a fixed port (kept across restarts); default a free one.
        env: more environment (it may set ``SPIN_SPOTTER_DATA`` over ``data``).
        script: the script to run (test harnesses run their own).
        start_timeout: seconds to wait for ``/_stcore/health``.
    """

    def __init__(self, data: Path, log: Path, options: tuple[str, ...] = (),
                 port: int | None = None, env: dict[str, str] | None = None,
                 script: str = "server.py", start_timeout: float = START_TIMEOUT_S) -> None:
        self.data, self.log, self.options = data, log, options
        self.port = port or free_port()
        self.env = env or {}
        self.script, self.start_timeout = script, start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not started"
        return self.process.pid

    def start(self) -> AppServer:
        command = [
            sys.executable, "-m", "streamlit", "run", self.script,
            f"--server.port={self.port}", "--server.address=127.0.0.1",
            "--server.headless=true", "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false", *self.options,
        ]
        env = {**os.environ, "SPIN_SPOTTER_DATA": str(self.data), **self.env}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with {self.process.returncode}:\n{self.log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"streamlit not healthy at {self.url}:\n{self.log.read_text()}")

    def figures(self) -> ProcessFigures:
        return process_figures(self.pid)

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, no clean-up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """TERM, then KILL after 5 s."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
