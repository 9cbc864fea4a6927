"""`MEDNUM_DATABASE_URL`: the app uses an existing PostgreSQL server (here the system one on
127.0.0.1:5432, user postgres, trust authentication) instead of starting an embedded one.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from domain.lieux.referentiel import SERVICES
from mednum.infra.database import open_database, prepare_database
from mednum.infra.migrations import discover, migrate
from mednum.infra.projector import Projector
from mednum.settings import Settings
from projections.lieux import LieuxProjection
from tests.lieux_outils import hub_ouvert, recenser

pytestmark = pytest.mark.timeout(60)

HOST, PORT = "127.0.0.1", 5432
ADMIN_URL = f"postgresql://postgres@{HOST}:{PORT}/postgres"


def system_postgres_listens() -> bool:
    try:
        socket.create_connection((HOST, PORT), timeout=0.5).close()
    except OSError:
        return False
    return True


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def database_url() -> Iterator[str]:
    """A new database on the system server, dropped after the test."""
    if not system_postgres_listens():
        pytest.skip(f"no PostgreSQL server listens on {HOST}:{PORT} (needed for this test)")
    name = f"mednum_url_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(admin(f"CREATE DATABASE {name}"))
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"cannot create a database as postgres on {HOST}:{PORT}: {exc}")
    try:
        yield f"postgresql://postgres@{HOST}:{PORT}/{name}"
    finally:
        asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def test_database_url_uses_that_server_end_to_end(database_url: str, tmp_path: Path) -> None:
    # Given settings naming an existing server
    settings = Settings.from_env(
        {"MEDNUM_DATABASE_URL": database_url, "MEDNUM_DATA_DIR": str(tmp_path)}
    )

    # When the app opens its database
    database = open_database(settings)
    try:
        # Then it uses that server as is, and starts no embedded one
        assert database.embedded is None
        assert database.dsn == database_url
        # (the data dir only got the generated secret key, no pgdata/)
        assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]

        # When it prepares it
        asyncio.run(prepare_database(database.dsn))

        # Then the database is migrated and the communes are loaded, once
        async def state() -> tuple[int, int, list[object]]:
            conn = await asyncpg.connect(database.dsn)
            try:
                return (
                    await conn.fetchval("SELECT count(*) FROM schema_migrations"),
                    await conn.fetchval("SELECT count(*) FROM communes"),
                    await migrate(database.dsn),
                )
            finally:
                await conn.close()

        migrations, communes, again = asyncio.run(state())
        assert migrations == len(discover())
        assert communes > 30_000
        assert again == []

        # And commands and projections work there
        with hub_ouvert(database.dsn) as hub:
            lieu_id = recenser(
                hub,
                "coordination@mednum.test",
                adresse="14 rue Neuve",
                latitude=47.3229,
                longitude=5.0375,
                services=[SERVICES[0]],
            )

        async def project() -> tuple[int, str | None]:
            conn = await asyncpg.connect(database.dsn)
            try:
                applied = await Projector(LieuxProjection()).catch_up(conn)
                nom = await conn.fetchval("SELECT commune FROM lieux WHERE id = $1", lieu_id)
                return applied, nom
            finally:
                await conn.close()

        assert asyncio.run(project()) == (1, "Dijon")
    finally:
        database.close()
