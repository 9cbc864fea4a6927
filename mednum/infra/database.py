"""Which PostgreSQL to use, and getting it ready (migrations, reference data)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from mednum.infra.communes import load_reference_data
from mednum.infra.embedded_pg import EmbeddedPostgres, start_embedded_postgres
from mednum.infra.migrations import migrate
from mednum.settings import Settings

logger = logging.getLogger(__name__)


@dataclass
class Database:
    dsn: str
    embedded: EmbeddedPostgres | None = None

    def close(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()


def with_database(dsn: str, name: str) -> str:
    """The same server, another database."""
    return urlunsplit(urlsplit(dsn)._replace(path="/" + name))


def open_database(settings: Settings) -> Database:
    """`MEDNUM_DATABASE_URL` when set, else the embedded server in `MEDNUM_DATA_DIR`."""
    if settings.database_url:
        return Database(dsn=settings.database_url)
    embedded = start_embedded_postgres(settings.data_dir)
    return Database(dsn=embedded.dsn, embedded=embedded)


async def prepare_database(dsn: str) -> None:
    applied = await migrate(dsn)
    for migration in applied:
        logger.info("migration %04d_%s applied", migration.version, migration.name)
    conn = await asyncpg.connect(dsn)
    try:
        if await load_reference_data(conn):
            logger.info("communes reference data loaded")
    finally:
        await conn.close()
