"""A real PostgreSQL server for the tests and the benchmark, started in a temporary folder and
removed afterwards.

The server comes from Debian's `postgresql` package, which `.ci/run` installs when it is missing
(see docs/scale.md). PostgreSQL refuses to run as root, and CI runs as root, so
there the server runs as the unprivileged `nobody`. Where no server binary exists, or it cannot be
started, `PostgresServer.create()` raises PostgresUnavailable with the reason (the tests' fixture
skips with it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.ports import unused_port


class PostgresUnavailable(Exception):
    """No PostgreSQL server could be started here; the message says why."""


def _bin_dir() -> Path | None:
    """The newest installed server's bin folder (Debian keeps one per major version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).resolve().parent if on_path else None


class PostgresServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="segment-bot-pg-"))
        self.port = unused_port()
        self._user = "nobody" if os.geteuid() == 0 else None
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._databases = 0

    @classmethod
    def create(cls) -> PostgresServer:
        """A new, started server with an empty cluster."""
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable("no PostgreSQL server installed (Debian: apt-get install postgresql; .ci/run does this)")
        server = cls(bin_dir)
        try:
            server._pg("initdb", "-D", "data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
            server.start()
        except (subprocess.CalledProcessError, OSError) as error:
            server.remove()
            detail = getattr(error, "stderr", "") or ""
            raise PostgresUnavailable(f"PostgreSQL could not be started from {bin_dir}: {error} {detail}") from error
        return server

    def _pg(self, program: str, *args: str) -> None:
        subprocess.run([str(self.bin_dir / program), *args], cwd=self.folder, user=self._user,
                       check=True, capture_output=True, text=True, timeout=60)  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        # TCP on loopback only, no Unix socket (its default folder needs root to create), and no
        # fsync: a test database is thrown away.
        options = f"-h 127.0.0.1 -p {self.port} -k '' -F"
        self._pg("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", "data", "-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def new_database(self) -> str:
        """A fresh, empty database on this server; its URL."""
        self._databases += 1
        name = f"test_{self._databases}"
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
