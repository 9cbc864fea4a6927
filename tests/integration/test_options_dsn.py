"""The DSN's libpq options reach a real server from the event store's psycopg connections
(eventsourcing alone would drop them): `application_name` is visible to the server."""

from __future__ import annotations

import asyncio

import asyncpg

from mednum.infra.eventstore import open_event_store


async def noms_connectes(dsn: str) -> set[str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
        )
        return {r["application_name"] for r in rows}
    finally:
        await conn.close()


def test_the_event_store_connects_with_the_dsns_options(database_dsn: str) -> None:
    app = open_event_store(database_dsn + "&application_name=mednum-journal-test")
    try:
        app.recorder.max_notification_id()  # type: ignore[attr-defined]
        assert "mednum-journal-test" in asyncio.run(noms_connectes(database_dsn))
    finally:
        app.close()
