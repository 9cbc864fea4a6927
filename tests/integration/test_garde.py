"""The scheduled jobs' one guard: a job that writes runs in one process, and never on read
models that are catching up (nothing irreversible is decided from a stale read model)."""

from __future__ import annotations

import asyncpg

from mednum.infra.projector import Projector
from mednum.jobs.garde import en_retard, garde
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.lieux import LieuxProjection
from tests.conftest import run_sync
from tests.integration.projecteur_outils import recenser

AUTEUR = "coordination@mednum.test"


async def essayer(dsn: str, tolerance_projetee: bool) -> tuple[list[str], bool, list[str]]:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    assert pool is not None
    try:
        faits: list[str] = []

        async def job(_conn: asyncpg.Connection) -> None:
            faits.append("fait")

        async with pool.acquire() as conn:
            if tolerance_projetee:
                await Projector(LieuxProjection()).catch_up(conn)
            retard = await en_retard(conn, ["lieux"], tolerance=2)
        a_tourne = await garde(pool, "essai", job, lit=["lieux"], tolerance=2)()
        return retard, a_tourne, faits
    finally:
        await pool.close()


def test_a_job_waits_while_its_read_models_catch_up(hub: Hub, database_dsn: str) -> None:
    # given five places written and not yet projected
    for i in range(5):
        Lieux(hub).recenser_lieu(recenser(i), AUTEUR)
    # when the job is due: it does not run, the read model is named as behind
    retard, a_tourne, faits = run_sync(essayer(database_dsn, tolerance_projetee=False))
    assert retard == ["lieux"] and not a_tourne and faits == []
    # when the read model has caught up: it runs
    retard, a_tourne, faits = run_sync(essayer(database_dsn, tolerance_projetee=True))
    assert retard == [] and a_tourne and faits == ["fait"]


def test_a_job_reading_nothing_runs_at_once(hub: Hub, database_dsn: str) -> None:
    Lieux(hub).recenser_lieu(recenser(0), AUTEUR)

    async def essai() -> bool:
        pool = await asyncpg.create_pool(database_dsn, min_size=1, max_size=2)
        assert pool is not None
        try:

            async def job(_conn: asyncpg.Connection) -> None:
                return None

            return await garde(pool, "sans_lecture", job)()
        finally:
            await pool.close()

    assert run_sync(essai())
