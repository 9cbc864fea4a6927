"""Headless Chromium (Debian's `chromium`) driven by Playwright against a real server.

Without Chromium the browser tests are skipped with a message, unless MEDNUM_REQUIRE_BROWSER=1
(set by .ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from mednum.settings import Settings
from web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return "Chromium absent : installez le paquet Debian « chromium » pour les tests navigateur"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright absent : `pip install -e '.[dev]'`"
    return None


# Module scope: Playwright's sync API keeps an event loop running in the main thread while it
# is open, which other tests' `asyncio.run` would trip over.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("MEDNUM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MEDNUM_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(database_dsn: str, tmp_path: Path) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port, in a background thread."""
    settings = Settings(
        data_dir=tmp_path, secret_key="e2e-secret-key-0123456789abcdef", tiles_url=None
    )
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, database_dsn, prepare=False),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
