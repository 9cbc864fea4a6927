"""Merged batches: while PostgreSQL writes one batch, the projector (with a reader connection)
prepares the next ones and writes them together. The rows must be those of the batches
written one by one, every event applied once, and the cache must keep what is not committed
yet."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest

from mednum.infra.projector import Projector
from mednum.services.executeur import Hub
from projections.carte_marqueurs import marqueur_du_lieu
from tests.integration.projecteur_outils import (
    CountingLieux,
    all_events,
    connect,
    expected_places,
    head,
    peupler,
    projected_places,
    tracking_position,
)

pytestmark = pytest.mark.timeout(60)


class SlowLieux(CountingLieux):
    """Writes take long enough for the reader to prepare several batches meanwhile."""

    def __init__(self, cache_limit: int | None = None) -> None:
        super().__init__()
        if cache_limit is not None:
            self.CACHE_LIMIT = cache_limit

    async def write(self, conn: asyncpg.Connection, prepared: Any) -> None:
        await super().write(conn, prepared)
        await asyncio.sleep(0.03)


async def _rebuild(
    dsn: str, projection: CountingLieux, *, batch_size: int, merge_limit: int | None
) -> tuple[int, list[asyncpg.Record]]:
    """A catch-up from position 0 with a reader connection; the rows it leaves."""
    conn, reader = await connect(dsn), await connect(dsn)
    try:
        projector = Projector(projection, batch_size=batch_size, merge_limit=merge_limit)
        await projector.reset(conn)
        applied = await projector.catch_up(conn, reader=reader)
        return applied, await conn.fetch("SELECT * FROM lieux ORDER BY id")
    finally:
        await reader.close()
        await conn.close()


async def _one_by_one(dsn: str, batch_size: int) -> list[asyncpg.Record]:
    """The same catch-up without a reader: each batch written alone, the reference."""
    conn = await connect(dsn)
    try:
        projector = Projector(CountingLieux(), batch_size=batch_size)
        await projector.reset(conn)
        await projector.catch_up(conn)
        rows: list[asyncpg.Record] = await conn.fetch("SELECT * FROM lieux ORDER BY id")
        return rows
    finally:
        await conn.close()


def _check(
    dsn: str, projection: CountingLieux, applied: int, rows: list[asyncpg.Record], batch_size: int
) -> None:
    async def main() -> None:
        conn = await connect(dsn)
        try:
            events = await all_events(conn)
            # Every event applied once, in order ...
            assert applied == len(events)
            assert projection.applied == [(e.originator_id, e.originator_version) for e in events]
            # ... the rows are the fold of the events and those of the batches one by one ...
            assert await projected_places(conn) == await expected_places(conn)
            assert rows == await _one_by_one(dsn, batch_size)
            # ... each with the map's marker of its final state (made once a merge is over) ...
            assert rows and all(r["marqueur"] == marqueur_du_lieu(r) for r in rows)
            # ... and the position is the last event.
            assert await tracking_position(conn) == await head(conn)
        finally:
            await conn.close()

    asyncio.run(main())


def test_batches_prepared_during_a_write_are_merged_into_the_next(
    hub: Hub, database_dsn: str
) -> None:
    # Given places with an interleaved history, and writes slower than the preparation
    peupler(hub, 50)
    projection = SlowLieux()

    # When a projector with a reader connection catches up in batches of 7
    applied, rows = asyncio.run(_rebuild(database_dsn, projection, batch_size=7, merge_limit=28))

    # Then some writes took several batches at once, never more than the limit allows
    assert max(projection.batches) > 7
    assert max(projection.batches) < 28 + 7
    assert len(projection.batches) < applied / 7
    # And the result is exactly that of the batches written one by one
    _check(database_dsn, projection, applied, rows, 7)


def test_merged_batches_keep_their_rows_across_cache_generations(
    hub: Hub, database_dsn: str
) -> None:
    # Given a cache far smaller than the registry, but larger than what is not committed
    # (at most two merges of 6 + 3 events)
    peupler(hub, 50)
    projection = SlowLieux(cache_limit=20)

    # When a projector merging up to 6 events catches up in batches of 3
    applied, rows = asyncio.run(_rebuild(database_dsn, projection, batch_size=3, merge_limit=6))

    # Then merges happened, and no change waiting for its commit was lost with the cache
    assert max(projection.batches) > 3
    _check(database_dsn, projection, applied, rows, 3)
