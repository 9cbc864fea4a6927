"""Numbered SQL migrations (`migrations/NNNN_name.sql`), applied in order, each once.

Every migration runs in its own transaction together with its record in `schema_migrations`,
so a failing one leaves nothing half-applied. An applied migration whose file changed since
is refused: the schema would no longer be what the files say.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same for every process that migrates.
_MIGRATION_LOCK = 7_262_010_001


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"Migration file name must look like 0001_name.sql: {path.name}")
        migrations.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"Two migrations share a number in {directory}")
    return migrations


async def migrate(dsn: str, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply the pending migrations; return those applied now."""
    migrations = discover(directory)
    conn = await asyncpg.connect(dsn)
    try:
        # Two processes starting at once must not both apply the same migration.
        await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version integer PRIMARY KEY,
                   name text NOT NULL,
                   checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        applied = {r["version"]: r for r in await conn.fetch("SELECT * FROM schema_migrations")}
        by_version = {m.version: m for m in migrations}
        for version, row in sorted(applied.items()):
            migration = by_version.get(version)
            if migration is None:
                raise MigrationError(
                    f"Migration {version:04d}_{row['name']} is applied but its file is missing."
                )
            if migration.checksum != row["checksum"]:
                raise MigrationError(
                    f"Migration {version:04d}_{migration.name}.sql was changed after it was "
                    "applied: never edit an applied migration, add a new one instead."
                )
        done: list[Migration] = []
        for migration in migrations:
            if migration.version in applied:
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            done.append(migration)
        return done
    finally:
        try:
            await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
        finally:
            await conn.close()
