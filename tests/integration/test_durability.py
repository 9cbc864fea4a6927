"""No acknowledged write is lost: `kill -9` of the server under load, then a restart.

Every command the server answered 2xx must be in the event store, and the read model must
converge to exactly the events stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

from tests.conftest import free_port
from tests.integration.test_cli import fetchval
from tests.lieux_outils import CHAMPOLLION
from tests.web.conftest import create_token, create_user

SERVER = """
import os, uvicorn
from mednum.settings import Settings
from web.app import create_app
dsn = os.environ["MEDNUM_DATABASE_URL"]
settings = Settings(database_url=dsn, secret_key="k" * 32, tiles_url=None)
uvicorn.run(create_app(settings, dsn, prepare=False), host="127.0.0.1",
            port=int(os.environ["MEDNUM_PORT"]), log_level="warning")
"""


def start_server(dsn: str, port: int, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"MEDNUM_DATABASE_URL": dsn, "MEDNUM_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER], env=env, cwd=Path(__file__).parents[2]
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def body() -> dict[str, object]:
    """The tests' default place, as a new one each time."""
    services = ["Aide aux démarches administratives"]
    return CHAMPOLLION | {"command_id": str(uuid.uuid4()), "services": services}


def test_acknowledged_writes_survive_a_server_kill(database_dsn: str, tmp_path: Path) -> None:
    token = create_token(database_dsn, create_user(database_dsn, "c@example.fr", "coordinateur"))
    port = free_port()
    server = start_server(database_dsn, port, tmp_path)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ) as http:
            while not stop.is_set():
                try:
                    response = http.post("/api/v1/lieux", json=body())
                except httpx.HTTPError:
                    continue  # the server is gone: this one was never acknowledged
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(response.json()["id"])

    threads = [threading.Thread(target=client) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        # when the server is killed in the middle of the load
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        assert len(acknowledged) >= 100
        # then every acknowledged place is in the event store
        stored = fetchval(
            database_dsn,
            "SELECT array_agg(DISTINCT originator_id::text) FROM mednum_events",
        )
        assert set(acknowledged) <= set(stored)  # type: ignore[arg-type]
        # and after a restart the read model converges to the events stored
        server = start_server(database_dsn, port, tmp_path)
        events = fetchval(database_dsn, "SELECT max(notification_id) FROM mednum_events")
        httpx.get(f"http://127.0.0.1:{port}/api/v1/lieux", params={"apres": events}, timeout=10)
        assert fetchval(database_dsn, "SELECT count(*) FROM lieux") == len(stored)  # type: ignore[arg-type]
    finally:
        stop.set()
        server.kill()
        server.wait(timeout=10)
