"""Shared fixtures: a real PostgreSQL for every test that needs one.

By default an embedded server is started once per run in a temporary folder; set
MEDNUM_TEST_DATABASE_URL to use another server (its user must be allowed CREATE DATABASE).
Each test gets its own database, cloned from a migrated template in a few milliseconds.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import asyncpg
import pytest
import uvicorn
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from hypothesis import settings as hypothesis_settings

from mednum import accounts
from mednum.infra.database import prepare_database, with_database
from mednum.settings import Settings
from web.app import create_app

# No time limit per generated case: a case's duration says nothing about its correctness, and
# on a loaded 2-core machine a 30 ms case took 338 ms once (Hypothesis's 200 ms deadline).
hypothesis_settings.register_profile("mednum", deadline=None)
hypothesis_settings.load_profile("mednum")

T = TypeVar("T")

# Accounts are created and logged into hundreds of times: the recommended argon2id parameters
# (64 MiB, three passes) cost 0.15 s a time, argon2's own profile for tests a fraction of a
# millisecond. A hash records its parameters, so verification follows whichever made it.
HACHEUR_DE_PRODUCTION = accounts._hasher


@pytest.fixture(scope="session", autouse=True)
def hachage_de_test() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", PasswordHasher.from_parameters(CHEAPEST))
        yield


def oracle_exemples(n: int) -> int:
    """Hypothesis examples of an oracle: `n` in the suite, kept small for its time;
    `MEDNUM_ORACLE_FOIS=30` runs thirty times as many (by hand, before a release)."""
    return n * int(os.environ.get("MEDNUM_ORACLE_FOIS", "1"))


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous test code.

    In a thread of its own, since Playwright's sync API keeps an event loop running in the
    main thread, where `asyncio.run` would refuse to start.
    """
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


async def admin_sql(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def server_dsn() -> Iterator[str]:
    """A DSN to the `postgres` database of the test server."""
    url = os.environ.get("MEDNUM_TEST_DATABASE_URL")
    if url:
        yield with_database(url, "postgres")
        return
    from mednum.infra.embedded_pg import start_embedded_postgres

    data_dir = Path(tempfile.mkdtemp(prefix="mntest", dir="/tmp"))
    server = start_embedded_postgres(data_dir, "postgres")
    try:
        yield server.admin_dsn()
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def template_dsn(server_dsn: str) -> Iterator[str]:
    name = f"mednum_tpl_{os.getpid()}"
    run_sync(admin_sql(server_dsn, f"DROP DATABASE IF EXISTS {name}"))
    run_sync(admin_sql(server_dsn, f"CREATE DATABASE {name}"))
    dsn = with_database(server_dsn, name)
    run_sync(prepare_database(dsn))
    yield dsn
    run_sync(admin_sql(server_dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@contextmanager
def fresh_database(server_dsn: str, template_dsn: str) -> Iterator[str]:
    """A fresh, migrated database with the communes loaded, dropped afterwards."""
    name = f"mednum_t_{uuid.uuid4().hex[:12]}"
    template = urlsplit(template_dsn).path.lstrip("/")
    run_sync(admin_sql(server_dsn, f"CREATE DATABASE {name} TEMPLATE {template}"))
    try:
        yield with_database(server_dsn, name)
    finally:
        run_sync(admin_sql(server_dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def database_dsn(server_dsn: str, template_dsn: str) -> Iterator[str]:
    """A fresh, migrated database with the communes loaded, dropped after the test."""
    with fresh_database(server_dsn, template_dsn) as dsn:
        yield dsn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(database_dsn: str, data_dir: Path) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port, in a background thread."""
    # Read-your-writes waits up to 10 s, not the 2 s of production: on a loaded 2-core CI
    # machine the projector of a server that has just started can take longer than 2 s to
    # reach the first write, and the page after a form then says the record is not found.
    settings = Settings(
        data_dir=data_dir,
        secret_key="e2e-secret-key-0123456789abcdef",
        tiles_url=None,
        read_your_writes_timeout=10.0,
    )
    with serve_app(settings, database_dsn) as url:
        yield url


@contextmanager
def serve_app(settings: Settings, database_dsn: str, **options: Any) -> Iterator[str]:
    """The app with `settings` served by uvicorn (given `options` beside the usual ones) on a
    free loopback port, in a background thread."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, database_dsn, prepare=False),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **options,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(database_dsn: str, tmp_path: Path) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port, in a background thread."""
    with serve(database_dsn, tmp_path) as url:
        yield url
