"""The migration runner against a real PostgreSQL, on migration files made for each test and
an empty database of its own (the project's `schema_migrations` would collide otherwise).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from mednum.infra.database import with_database
from mednum.infra.migrations import MigrationError, discover, migrate
from tests.conftest import admin_sql

pytestmark = pytest.mark.timeout(60)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

CREATE_A = "CREATE TABLE mig_a (id integer PRIMARY KEY, nom text NOT NULL);\n"
# Depends on 0001: refers to its table.
CREATE_B = (
    "CREATE TABLE mig_b (id integer PRIMARY KEY, a_id integer NOT NULL REFERENCES mig_a (id));\n"
    "INSERT INTO mig_a (id, nom) VALUES (1, 'premier');\n"
    "INSERT INTO mig_b (id, a_id) VALUES (1, 1);\n"
)
# Depends on 0002.
ALTER_B = "ALTER TABLE mig_b ADD COLUMN note text NOT NULL DEFAULT 'ok';\n"


@pytest.fixture
def empty_dsn(server_dsn: str) -> Iterator[str]:
    """A new, empty database (no project migrations), dropped after the test."""
    name = f"mednum_mig_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin_sql(server_dsn, f"CREATE DATABASE {name}"))
    try:
        yield with_database(server_dsn, name)
    finally:
        asyncio.run(admin_sql(server_dsn, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def migrations_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "migrations"
    directory.mkdir()
    return directory


def write(directory: Path, name: str, sql: str) -> None:
    (directory / name).write_text(sql, encoding="utf-8")


def fetch(dsn: str, sql: str) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetch(sql)
        finally:
            await conn.close()

    return asyncio.run(run())


def tables(dsn: str) -> set[str]:
    rows = fetch(dsn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {r["tablename"] for r in rows}


def recorded(dsn: str) -> list[tuple[int, str]]:
    rows = fetch(dsn, "SELECT version, name FROM schema_migrations ORDER BY version")
    return [(r["version"], r["name"]) for r in rows]


def run_migrate(dsn: str, directory: Path) -> list[int]:
    return [m.version for m in asyncio.run(migrate(dsn, directory))]


# --- order, record, once ---------------------------------------------------------------------


def test_migrations_apply_in_numeric_order_and_are_recorded(
    empty_dsn: str, migrations_dir: Path
) -> None:
    # Given three migrations, each depending on the one before, written out of order
    write(migrations_dir, "0010_note_sur_b.sql", ALTER_B)
    write(migrations_dir, "0002_table_b.sql", CREATE_B)
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(migrations_dir, "README.md", "not a migration")

    # When migrating an empty database
    applied = run_migrate(empty_dsn, migrations_dir)

    # Then they ran in numeric order and each is recorded with the checksum of its file
    assert applied == [1, 2, 10]
    assert {"mig_a", "mig_b", "schema_migrations"} <= tables(empty_dsn)
    assert fetch(empty_dsn, "SELECT id, a_id, note FROM mig_b")[0] == (1, 1, "ok")
    rows = fetch(empty_dsn, "SELECT version, name, checksum FROM schema_migrations ORDER BY 1")
    assert [(r["version"], r["name"]) for r in rows] == [
        (1, "table_a"),
        (2, "table_b"),
        (10, "note_sur_b"),
    ]
    for row, sql in zip(rows, (CREATE_A, CREATE_B, ALTER_B), strict=True):
        assert row["checksum"] == hashlib.sha256(sql.encode()).hexdigest()


def test_second_run_applies_nothing_and_a_new_file_only_itself(
    empty_dsn: str, migrations_dir: Path
) -> None:
    # Given a database migrated with two files
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(migrations_dir, "0002_table_b.sql", CREATE_B)
    assert run_migrate(empty_dsn, migrations_dir) == [1, 2]

    # When migrating again, then with one more file
    again = run_migrate(empty_dsn, migrations_dir)
    write(migrations_dir, "0003_note_sur_b.sql", ALTER_B)
    then = run_migrate(empty_dsn, migrations_dir)

    # Then the first re-run does nothing (the INSERTs did not run twice) and the second only
    # the new file
    assert again == []
    assert then == [3]
    assert fetch(empty_dsn, "SELECT count(*) FROM mig_a")[0][0] == 1
    assert [v for v, _ in recorded(empty_dsn)] == [1, 2, 3]


# --- failures --------------------------------------------------------------------------------


def test_failing_migration_leaves_nothing_half_applied(
    empty_dsn: str, migrations_dir: Path
) -> None:
    # Given a good migration and one that creates a table, writes, then fails
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(
        migrations_dir,
        "0002_table_b.sql",
        CREATE_B + "SELECT 1 / 0;\n",
    )
    write(migrations_dir, "0003_note_sur_b.sql", ALTER_B)

    # When migrating
    with pytest.raises(asyncpg.DivisionByZeroError):
        run_migrate(empty_dsn, migrations_dir)

    # Then the good one is applied and recorded, the failing one left no trace at all
    # (neither its table, nor its row in 0001's table, nor its record), and none after it ran
    assert recorded(empty_dsn) == [(1, "table_a")]
    assert "mig_a" in tables(empty_dsn)
    assert "mig_b" not in tables(empty_dsn)
    assert fetch(empty_dsn, "SELECT count(*) FROM mig_a")[0][0] == 0

    # And once the file is fixed, a new run (not blocked by a stale lock) finishes the work
    write(migrations_dir, "0002_table_b.sql", CREATE_B)
    assert run_migrate(empty_dsn, migrations_dir) == [2, 3]


def test_changed_applied_migration_is_refused(empty_dsn: str, migrations_dir: Path) -> None:
    # Given an applied migration whose file is then edited, and a new pending one
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    run_migrate(empty_dsn, migrations_dir)
    write(migrations_dir, "0001_table_a.sql", CREATE_A.replace("nom text", "nom varchar(80)"))
    write(migrations_dir, "0002_table_b.sql", CREATE_B)

    # When migrating
    with pytest.raises(MigrationError, match=r"0001_table_a\.sql was changed"):
        run_migrate(empty_dsn, migrations_dir)

    # Then nothing more is applied
    assert recorded(empty_dsn) == [(1, "table_a")]
    assert "mig_b" not in tables(empty_dsn)


def test_applied_migration_whose_file_is_gone_is_refused(
    empty_dsn: str, migrations_dir: Path
) -> None:
    # Given an applied migration whose file was deleted
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(migrations_dir, "0002_table_b.sql", CREATE_B)
    run_migrate(empty_dsn, migrations_dir)
    (migrations_dir / "0002_table_b.sql").unlink()

    # When migrating, then it is refused
    with pytest.raises(MigrationError, match="0002_table_b is applied but its file is missing"):
        run_migrate(empty_dsn, migrations_dir)


@pytest.mark.parametrize(
    "name",
    ["1_table_a.sql", "0001-table-a.sql", "0001_TableA.sql", "00001_table_a.sql", "table_a.sql"],
)
def test_badly_named_migration_file_is_refused(
    empty_dsn: str, migrations_dir: Path, name: str
) -> None:
    # Given a migration file whose name is not NNNN_lower_case.sql
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(migrations_dir, name, CREATE_B)

    # When migrating
    with pytest.raises(MigrationError, match=r"must look like 0001_name\.sql"):
        run_migrate(empty_dsn, migrations_dir)

    # Then nothing is applied, not even the well-named file
    assert tables(empty_dsn) == set()


def test_two_migrations_with_one_number_are_refused(migrations_dir: Path) -> None:
    write(migrations_dir, "0001_table_a.sql", CREATE_A)
    write(migrations_dir, "0001_table_b.sql", CREATE_B)
    with pytest.raises(MigrationError, match="share a number"):
        discover(migrations_dir)


# --- concurrency -----------------------------------------------------------------------------

# Not idempotent on purpose: applied twice, the CREATE fails and the INSERT doubles. The
# pg_sleep keeps the first runner inside the migration while the others arrive.
SLOW_FIRST = "CREATE TABLE mig_runs (id serial PRIMARY KEY);\nSELECT pg_sleep(0.3);\n"
COUNT_RUN = "INSERT INTO mig_runs DEFAULT VALUES;\n"


def write_concurrency_migrations(directory: Path) -> None:
    write(directory, "0001_runs.sql", SLOW_FIRST)
    write(directory, "0002_count_run.sql", COUNT_RUN)
    write(directory, "0003_table_a.sql", CREATE_A)


def test_concurrent_tasks_apply_each_migration_once(empty_dsn: str, migrations_dir: Path) -> None:
    # Given migrations that would fail or leave a trace if applied twice
    write_concurrency_migrations(migrations_dir)

    # When three runners (each with its own connection) migrate the empty database at once
    async def main() -> list[list[int]]:
        results = await asyncio.gather(*(migrate(empty_dsn, migrations_dir) for _ in range(3)))
        return [[m.version for m in result] for result in results]

    results = asyncio.run(main())

    # Then one applied everything, the others found nothing left to do
    assert sorted(results) == [[], [], [1, 2, 3]]
    assert fetch(empty_dsn, "SELECT count(*) FROM mig_runs")[0][0] == 1
    assert [v for v, _ in recorded(empty_dsn)] == [1, 2, 3]


MIGRATING_PROCESS = textwrap.dedent(
    """
    import asyncio
    import os
    import sys
    from pathlib import Path

    from mednum.infra.migrations import migrate

    applied = asyncio.run(migrate(os.environ["MEDNUM_MIGRATE_DSN"], Path(sys.argv[1])))
    print(",".join(str(m.version) for m in applied), flush=True)
    """
)


def test_concurrent_processes_apply_each_migration_once(
    empty_dsn: str, migrations_dir: Path
) -> None:
    # Given migrations that would fail or leave a trace if applied twice
    write_concurrency_migrations(migrations_dir)

    # When two processes (say two servers starting together) migrate at once
    env = {**os.environ, "MEDNUM_MIGRATE_DSN": empty_dsn}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATING_PROCESS, str(migrations_dir)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    try:
        for proc in processes:
            out, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err
            outputs.append(out.strip())
    finally:
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    # Then each migration was applied by exactly one of them
    assert sorted(outputs) == ["", "1,2,3"]
    assert fetch(empty_dsn, "SELECT count(*) FROM mig_runs")[0][0] == 1
    assert [v for v, _ in recorded(empty_dsn)] == [1, 2, 3]
