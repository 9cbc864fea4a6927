"""`/metrics` in Prometheus' text format: for admins, or a scraper on the machine itself; it
counts and times requests per route, errors, job runs, and gives each read model's lag."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from litestar.testing import TestClient

from mednum.infra.journal import FormatJson
from mednum.infra.mesures import MESURES
from mednum.jobs.garde import garde
from mednum.settings import Settings
from tests.conftest import run_sync
from tests.web.conftest import create_token, create_user
from tests.web.test_mandataires import servir

# A sample line: name, optional labels, a number.
LIGNE = re.compile(r'^[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? [0-9.e+-]+$')


def test_an_admin_reads_the_metrics_and_a_citizen_does_not(
    client: TestClient, database_dsn: str
) -> None:
    # given some traffic
    assert client.get("/api/v1/lieux").status_code == 200
    # when a citizen asks through a proxy, then it is refused
    relaye = {"X-Forwarded-For": "203.0.113.7"}
    assert client.get("/metrics", headers=relaye).status_code == 403
    # when an admin asks
    jeton = create_token(database_dsn, create_user(database_dsn, "a@example.fr", "admin"))
    reponse = client.get("/metrics", headers=relaye | {"Authorization": f"Bearer {jeton}"})
    # then every sample line is in the text format, with the request, its latency, the lag
    assert reponse.status_code == 200
    assert reponse.headers["content-type"].startswith("text/plain; version=0.0.4")
    echantillons = [ligne for ligne in reponse.text.splitlines() if not ligne.startswith("#")]
    assert all(LIGNE.match(ligne) for ligne in echantillons), echantillons
    texte = reponse.text
    assert re.search(
        r'mednum_http_requests_total\{method="GET",route="/api/v1/lieux",status="200"\} [1-9]',
        texte,
    )
    assert 'mednum_http_request_duration_seconds_bucket{route="/api/v1/lieux",le="+Inf"}' in texte
    assert re.search(r'mednum_projection_lag_events\{projection="lieux"\} \d+', texte)


@pytest.fixture
def site(database_dsn: str, tmp_path: Path) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path, secret_key="k" * 32, tiles_url=None)
    yield from servir(settings, database_dsn)


def test_a_local_scraper_reads_them_but_not_through_a_local_proxy(site: str) -> None:
    assert httpx.get(f"{site}/metrics").status_code == 200
    relaye = httpx.get(f"{site}/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert relaye.status_code == 403 and "administrateurs" in relaye.text


def test_job_runs_are_counted_by_result(database_dsn: str) -> None:
    async def run() -> None:
        pool = await asyncpg.create_pool(database_dsn, min_size=1, max_size=2)
        try:

            async def rate(_conn: asyncpg.Connection) -> None:
                raise RuntimeError("panne")

            async def reussit(_conn: asyncpg.Connection) -> None:
                return None

            assert await garde(pool, "essai-mesures", reussit)()
            with pytest.raises(RuntimeError):
                await garde(pool, "essai-mesures", rate)()
        finally:
            await pool.close()

    avant = MESURES.jobs.copy()
    run_sync(run())
    assert MESURES.jobs[("essai-mesures", "ran")] - avant[("essai-mesures", "ran")] == 1
    assert MESURES.jobs[("essai-mesures", "failed")] - avant[("essai-mesures", "failed")] == 1
    assert 'mednum_job_runs_total{job="essai-mesures",result="failed"}' in MESURES.texte()


def test_json_logs_are_one_object_per_line() -> None:
    try:
        raise ValueError("boum")
    except ValueError:
        record = logging.LogRecord(
            "mednum.x", logging.ERROR, __file__, 1, "échec de %s", ("l'import",), sys.exc_info()
        )
    ligne = FormatJson().format(record)
    assert "\n" not in ligne
    entree = json.loads(ligne)
    assert entree["message"] == "échec de l'import" and entree["level"] == "ERROR"
    assert entree["logger"] == "mednum.x" and "ValueError: boum" in entree["exception"]
