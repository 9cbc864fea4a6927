"""Embedded PostgreSQL wrapper against real servers and real client processes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import psutil
import psycopg
import pytest

from mednum.infra.embedded_pg import (
    EmbeddedPostgres,
    EmbeddedPostgresError,
    start_embedded_postgres,
)

pytestmark = pytest.mark.timeout(120)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# argv: data_dir, "sleep" | "exit", SQL statements to run first.
# Prints the postmaster PID once the statements are committed.
CLIENT = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path

    import psycopg

    from mednum.infra.embedded_pg import start_embedded_postgres

    pg = start_embedded_postgres(Path(sys.argv[1]))
    with psycopg.connect(pg.dsn, autocommit=True) as conn:
        for statement in sys.argv[3:]:
            conn.execute(statement)
    print((pg.pgdata / "postmaster.pid").read_text().split()[0], flush=True)
    if sys.argv[2] == "sleep":
        time.sleep(600)
    """
)


def is_alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def wait_gone(pid: int, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while is_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


class Harness:
    """A short data dir (socket path limit) plus everything started in it, to tear down."""

    def __init__(self) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="mnpg", dir="/tmp"))
        self.pgdata = self.data_dir / "pgdata"
        self._servers: list[EmbeddedPostgres] = []
        self._clients: list[subprocess.Popen[str]] = []

    def start(self, timeout: float = 30.0) -> EmbeddedPostgres:
        pg = start_embedded_postgres(self.data_dir, timeout=timeout)
        self._servers.append(pg)
        return pg

    def spawn(self, mode: str, *statements: str) -> subprocess.Popen[str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p
        )
        client = subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(self.data_dir), mode, *statements],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._clients.append(client)
        return client

    @staticmethod
    def printed_pid(client: subprocess.Popen[str]) -> int:
        assert client.stdout is not None
        line = client.stdout.readline()
        assert line, f"client exited early with code {client.wait()}"
        return int(line)

    @staticmethod
    def finish(client: subprocess.Popen[str]) -> int:
        out, _ = client.communicate(timeout=60)
        assert client.returncode == 0, f"client failed with code {client.returncode}"
        return int(out)

    def postmaster_pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split()[0])

    def handle_pids(self) -> list[int]:
        pids: list[int] = json.loads((self.pgdata / ".handle_pids.json").read_text())
        return pids

    def postgres_processes(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["name"]):
            try:
                if proc.info["name"] == "postgres" and Path(proc.cwd()) == self.pgdata:
                    found.append(proc)
            except psutil.Error:
                continue
        return found

    def close(self) -> None:
        try:
            for client in self._clients:
                if client.poll() is None:
                    client.send_signal(signal.SIGKILL)
                client.wait()
                if client.stdout is not None:
                    client.stdout.close()
            for pg in self._servers:
                pg.stop()
        finally:
            # Whatever a failed test left behind must not outlive it.
            leftovers = self.postgres_processes()
            for proc in leftovers:
                proc.kill()
            psutil.wait_procs(leftovers, timeout=10)
            shutil.rmtree(self.data_dir, ignore_errors=True)


@pytest.fixture
def harness() -> Iterator[Harness]:
    h = Harness()
    try:
        yield h
    finally:
        h.close()
    assert not h.postgres_processes()


def test_start_query_and_stop(harness: Harness) -> None:
    pg = harness.start()
    pid = harness.postmaster_pid()
    assert pg.pgdata == harness.pgdata
    assert pg.dsn == f"postgresql://postgres@/mednum?host={harness.pgdata}"

    async def current_database() -> object:
        conn = await asyncpg.connect(pg.dsn)
        try:
            return await conn.fetchval("SELECT current_database()")
        finally:
            await conn.close()

    assert asyncio.run(current_database()) == "mednum"
    with psycopg.connect(pg.admin_dsn()) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("postgres",)

    pg.stop()
    pg.stop()
    assert wait_gone(pid)
    assert not (harness.pgdata / "postmaster.pid").exists()


def test_restart_after_postmaster_sigkill(harness: Harness) -> None:
    client = harness.spawn(
        "sleep", "CREATE TABLE t (v text)", "INSERT INTO t VALUES ('before crash')"
    )
    old_pid = harness.printed_pid(client)
    client.send_signal(signal.SIGKILL)
    client.wait()
    os.kill(old_pid, signal.SIGKILL)

    # Right away: the killed postmaster is still a zombie at this point.
    began = time.monotonic()
    pg = harness.start(timeout=30)
    assert time.monotonic() - began < 30
    assert harness.postmaster_pid() != old_pid
    with psycopg.connect(pg.dsn) as conn:
        assert conn.execute("SELECT v FROM t").fetchall() == [("before crash",)]


def test_sigkilled_client_does_not_keep_server_alive(harness: Harness) -> None:
    killed = harness.spawn("sleep")
    pid = harness.printed_pid(killed)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert killed.pid in harness.handle_pids()
    assert is_alive(pid)

    later = harness.spawn("exit")
    assert harness.finish(later) == pid
    assert wait_gone(pid)


def test_two_processes_share_one_server(harness: Harness) -> None:
    pg = harness.start()
    pid = harness.postmaster_pid()

    other = harness.spawn(
        "exit", "CREATE TABLE shared (v text)", "INSERT INTO shared VALUES ('from B')"
    )
    assert harness.finish(other) == pid
    assert is_alive(pid)
    assert harness.handle_pids() == [os.getpid()]
    with psycopg.connect(pg.dsn) as conn:
        assert conn.execute("SELECT v FROM shared").fetchall() == [("from B",)]

    pg.stop()
    assert wait_gone(pid)


def test_concurrent_first_starts(harness: Harness) -> None:
    clients = [harness.spawn("exit") for _ in range(3)]
    for client in clients:
        harness.finish(client)
    # The last one out stops the server, whichever it is.
    assert not harness.postgres_processes()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="not running as root: the switch to a system user only happens as root",
)
def test_server_runs_as_system_user_when_root(harness: Harness) -> None:
    harness.start()
    postmaster = psutil.Process(harness.postmaster_pid())
    assert postmaster.uids().real != 0
    assert postmaster.username() == "embedded_postgres"


def test_too_long_data_dir_is_refused() -> None:
    data_dir = Path("/tmp") / ("x" * 120)
    with pytest.raises(EmbeddedPostgresError, match="shorter MEDNUM_DATA_DIR"):
        start_embedded_postgres(data_dir)
    assert not data_dir.exists()


SYSTEM_PYTHON = Path("/usr/bin/python3")


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("runuser") is None or not SYSTEM_PYTHON.exists(),
    reason="needs root (to switch user), runuser and the system Python 3.11",
)
def test_works_for_a_normal_user() -> None:
    # The venv's interpreter lives under /root (mode 700): run the system Python 3.11 (same
    # ABI) on the venv's packages, as the unprivileged user `nobody`.
    version = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        pytest.skip(f"system Python {version} differs from the venv's")
    data_dir = Path(tempfile.mkdtemp(prefix="mnuser", dir="/tmp"))
    shutil.chown(data_dir, user="nobody")
    site_packages = next(p for p in sys.path if p.endswith("site-packages"))
    project = Path(__file__).resolve().parents[2]
    code = textwrap.dedent(
        f"""
        import os, psycopg
        from pathlib import Path
        from mednum.infra.embedded_pg import start_embedded_postgres
        server = start_embedded_postgres(Path({str(data_dir)!r}), "mednum")
        with psycopg.connect(server.dsn) as conn:
            conn.execute("CREATE TABLE t (x int)")
        server.stop()
        server = start_embedded_postgres(Path({str(data_dir)!r}), "mednum")
        with psycopg.connect(server.dsn) as conn:
            print("ok", os.geteuid(), conn.execute("SELECT count(*) FROM t").fetchone()[0])
        server.stop()
        """
    )
    try:
        result = subprocess.run(
            [
                "runuser",
                "-u",
                "nobody",
                "--",
                "env",
                f"HOME={data_dir}",
                f"PYTHONPATH={site_packages}:{project}",
                str(SYSTEM_PYTHON),
                "-c",
                code,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            cwd="/tmp",
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.split()[:3] == ["ok", "65534", "0"]
        owner = (data_dir / "pgdata").stat().st_uid
        assert owner == 65534  # the data belong to the user who ran it, not a system account
    finally:
        for proc in psutil.process_iter(["name", "cwd"]):
            with contextlib.suppress(psutil.Error):
                if proc.info["name"] == "postgres" and str(data_dir) in (proc.info["cwd"] or ""):
                    proc.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
