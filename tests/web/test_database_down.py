"""PostgreSQL down: requests fail fast with a 503 in French, and recover by themselves."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from mednum.infra.embedded_pg import EmbeddedPostgres, start_embedded_postgres
from mednum.settings import Settings
from tests.conftest import run_sync
from web.app import create_app


@pytest.fixture
def own_server() -> Iterator[EmbeddedPostgres]:
    """A server of this test's own, since the test stops it."""
    if os.environ.get("MEDNUM_TEST_DATABASE_URL"):
        pytest.skip("needs to stop and start its own embedded PostgreSQL")
    data_dir = Path(tempfile.mkdtemp(prefix="mndown", dir="/tmp"))
    server = start_embedded_postgres(data_dir, "mednum")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_requests_get_a_503_while_postgres_is_down_then_recover(
    own_server: EmbeddedPostgres,
) -> None:
    from mednum.infra.database import prepare_database

    run_sync(prepare_database(own_server.dsn))
    settings = Settings(data_dir=own_server.data_dir, secret_key="k" * 32, tiles_url=None)
    app = create_app(settings, own_server.dsn, prepare=False)
    with TestClient(app, base_url="http://testserver.local") as client:
        assert client.get("/api/v1/lieux").status_code == 200
        # when PostgreSQL stops
        own_server.stop()
        started = time.monotonic()
        down = client.get("/api/v1/lieux")
        page = client.get("/carte")
        health = client.get("/health")
        elapsed = time.monotonic() - started
        # then each answer is a quick 503 that says to retry, with no traceback
        assert (down.status_code, page.status_code, health.status_code) == (503, 503, 503)
        assert "réessayez" in down.json()["detail"]
        assert "Traceback" not in page.text and "réessayez" in page.text
        assert elapsed < 10
        # and once it is back, the same app serves again without a restart
        restarted = start_embedded_postgres(own_server.data_dir, "mednum")
        try:
            assert client.get("/api/v1/lieux").status_code == 200
        finally:
            restarted.stop()
