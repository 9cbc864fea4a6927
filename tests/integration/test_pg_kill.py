"""`kill -9` of the embedded PostgreSQL under write load: `mednum serve` restarts it by itself,
requests meanwhile get a 503 in French (never a 500), the site then serves again without a
restart, every acknowledged write is in the store and the read model converges."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.integration.test_cli import fetchval
from tests.integration.test_durability import body
from tests.web.conftest import create_token, create_user

RACINE = Path(__file__).parents[2]


@pytest.fixture
def serveur() -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """`mednum serve` on its own embedded PostgreSQL, in a short temporary data dir."""
    if os.environ.get("MEDNUM_TEST_DATABASE_URL"):
        pytest.skip("needs its own embedded PostgreSQL to kill")
    data_dir = Path(tempfile.mkdtemp(prefix="mnkill", dir="/tmp"))
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"MEDNUM_DATABASE_URL", "MEDNUM_SECRET_KEY"}
    } | {
        "MEDNUM_DATA_DIR": str(data_dir),
        "MEDNUM_PORT": str(port),
        "MEDNUM_ADMIN_PASSWORD": "un-mot-de-passe-solide",
        "MEDNUM_TILES_URL": "",
        "PYTHONPATH": str(RACINE),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "mednum.cli.main", "serve"],
        env=env,
        cwd=RACINE,
        stdout=subprocess.DEVNULL,
        stderr=(data_dir / "serve.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        yield base, data_dir, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        pid_file = data_dir / "pgdata" / "postmaster.pid"
        if pid_file.exists():  # never leave a server behind
            subprocess.run(["kill", "-9", pid_file.read_text().split()[0]], check=False)
        shutil.rmtree(data_dir, ignore_errors=True)


def test_killed_postgres_is_restarted_and_no_acknowledged_write_is_lost(
    serveur: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    base, data_dir, process = serveur
    dsn = f"postgresql://postgres@/mednum?host={data_dir / 'pgdata'}"
    token = create_token(dsn, create_user(dsn, "c@example.fr", "coordinateur"))
    acquittes: list[str] = []
    statuts: list[tuple[float, int]] = []
    verrou = threading.Lock()
    fin = threading.Event()

    def client(lecteur: bool) -> None:
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10
        ) as http:
            while not fin.is_set():
                try:
                    if lecteur:  # reads go through asyncpg, writes through psycopg
                        reponse = http.get("/api/v1/lieux", params={"limit": 5})
                    else:
                        reponse = http.post("/api/v1/lieux", json=body())
                except httpx.HTTPError:
                    continue
                with verrou:
                    statuts.append((time.monotonic(), reponse.status_code))
                    if reponse.status_code in (200, 201) and not lecteur:
                        acquittes.append(reponse.json()["id"])
                    elif reponse.status_code == 503:
                        assert "réessayez" in reponse.json()["detail"]
                if reponse.status_code == 503:
                    time.sleep(0.05)

    fils = [threading.Thread(target=client, args=(i == 0,)) for i in range(5)]
    for f in fils:
        f.start()
    try:
        deadline = time.monotonic() + 30
        while len(acquittes) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        # when the postmaster is killed in the middle of the writes
        postmaster = int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
        tue_a = time.monotonic()
        os.kill(postmaster, signal.SIGKILL)
        # then writes fail with 503 for a while, then succeed again, the server never restarted
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with verrou:
                apres = [s for t, s in statuts if t > tue_a]
            # (the writers too: on a loaded machine the reader alone can fill the window)
            recouvre = 503 in apres and all(s < 300 for s in apres[-40:])
            if recouvre and len(apres) > 400 and apres.count(201) >= 20:
                break
            time.sleep(0.2)
    finally:
        fin.set()
        for f in fils:
            f.join(timeout=15)
    apres = Counter(s for t, s in statuts if t > tue_a)
    journal = (data_dir / "serve.log").read_text(errors="replace")
    if os.environ.get("MEDNUM_GARDER_JOURNAL"):
        Path(os.environ["MEDNUM_GARDER_JOURNAL"]).write_text(journal)
    assert apres[503] >= 1 and apres[201] >= 20, (apres, journal[-3000:])
    assert set(apres) <= {200, 201, 503}, (apres, journal[-3000:])  # never a 500
    assert process.poll() is None
    assert "PostgreSQL intégré redémarré" in journal
    nouveau = int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
    assert nouveau != postmaster
    # and every acknowledged place is in the event store, and the read model converges
    stockes = set(
        fetchval(dsn, "SELECT array_agg(originator_id::text) FROM mednum_events")  # type: ignore[arg-type]
    )
    assert set(acquittes) <= stockes
    position = fetchval(dsn, "SELECT max(notification_id) FROM mednum_events")
    httpx.get(f"{base}/api/v1/lieux", params={"apres": position}, timeout=10)
    deadline = time.monotonic() + 30
    while fetchval(dsn, "SELECT count(*) FROM lieux") != len(stockes):
        assert time.monotonic() < deadline, "the read model did not converge"
        time.sleep(0.2)
