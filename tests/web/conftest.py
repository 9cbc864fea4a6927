"""A running app on its own database, and helpers to act as each role."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import TestClient

from mednum import accounts
from mednum.settings import Settings
from tests.conftest import run_sync
from web.app import create_app

PASSWORD = "mot-de-passe-de-test-1"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        secret_key="test-secret-key-0123456789abcdef0123456789",
        tiles_url=None,
        read_your_writes_timeout=5.0,
    )


@pytest.fixture
def client(settings: Settings, database_dsn: str) -> Iterator[TestClient]:
    app = create_app(settings, database_dsn, prepare=False)
    with TestClient(app, base_url="http://testserver.local") as test_client:
        loop = test_client.blocking_portal.call(asyncio.get_running_loop)
        yield test_client
        # The app's shutdown is bounded (web/arret.py): if it still hangs, say on what.
        watchdog = threading.Timer(STOP_WATCHDOG, print_what_blocks, args=(loop,))
        watchdog.daemon = True
        watchdog.start()
    watchdog.cancel()


STOP_WATCHDOG = 60.0


def print_what_blocks(loop: asyncio.AbstractEventLoop) -> None:
    """Every thread's innermost frames and every pending task of the app's loop, on stderr."""
    out = sys.__stderr__ or sys.stderr
    print(f"app still stopping after {STOP_WATCHDOG:.0f} s; what it waits on:", file=out)
    for thread in threading.enumerate():
        frame = sys._current_frames().get(thread.ident or 0)
        stack = traceback.format_stack(frame, limit=-4) if frame else []
        print(f"-- thread {thread.name}:", "".join(stack), sep="\n", file=out)
    for _ in range(3):  # the set of tasks may change while it is read from this thread
        try:
            tasks = list(asyncio.all_tasks(loop))
        except RuntimeError:
            continue
        for task in tasks:
            print(f"-- task {task.get_name()}: {task.get_coro()!r}", file=out)
            task.print_stack(limit=4, file=out)
        break
    out.flush()


def create_user(dsn: str, email: str, role: str) -> accounts.User:
    async def run() -> accounts.User:
        conn = await asyncpg.connect(dsn)
        try:
            return await accounts.create_user(conn, email, role, PASSWORD)
        finally:
            await conn.close()

    return run_sync(run())


def create_token(dsn: str, user: accounts.User) -> str:
    async def run() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            return await accounts.create_token(conn, user, "tests")
        finally:
            await conn.close()

    return run_sync(run())


def csrf_from(client: TestClient, path: str = "/connexion") -> str:
    page = client.get(path)
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the session id the server issued."""
    token = csrf_from(client)
    response = client.post(
        "/connexion",
        data={"email": email, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code in (302, 303), response.text
    match = re.search(r"mednum_session=([^;]+)", response.headers.get("set-cookie", ""))
    assert match, "login did not set a session cookie"
    return match.group(1)


@pytest.fixture
def coordinator_token(database_dsn: str) -> str:
    user = create_user(database_dsn, "coord@example.fr", "coordinateur")
    return create_token(database_dsn, user)


@pytest.fixture
def api(client: TestClient, coordinator_token: str) -> TestClient:
    client.headers["Authorization"] = f"Bearer {coordinator_token}"
    return client
