"""The projector service against a real PostgreSQL: LISTEN/NOTIFY wake-up, leader election,
and the read-your-writes waiter."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import asyncpg
import pytest

from mednum.infra.lecture_ecriture import ProjectionWaiter, topics_of
from mednum.infra.projector import (
    POLL_INTERVAL,
    Projector,
    ProjectorService,
)
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.lieux import LieuxProjection
from tests.integration.projecteur_outils import (
    ProjectedFeed,
    connect,
    recenser,
    wait_until,
)

pytestmark = pytest.mark.timeout(60)

AUTEUR = "coordination@mednum.test"
STANDBY_RETRY = 0.2


# --- the projector service -------------------------------------------------------------------


def test_new_event_wakes_the_service_without_waiting_for_the_poll(
    hub: Hub, database_dsn: str
) -> None:
    # Given a running projector service, idle and up to date
    async def main() -> list[float]:
        service = ProjectorService(database_dsn, [LieuxProjection()])
        feed = ProjectedFeed()
        await feed.start(database_dsn)
        await service.start()
        latencies: list[float] = []
        try:
            premier = await asyncio.to_thread(Lieux(hub).recenser_lieu, recenser(0), AUTEUR)
            assert premier.notification_id is not None
            await feed.reached(premier.notification_id, timeout=10)
            for i in range(1, 4):
                # When an event is written right after the service finished a batch, i.e.
                # when it has just started a full poll interval of waiting ...
                started = time.monotonic()
                cree = await asyncio.to_thread(Lieux(hub).recenser_lieu, recenser(i), AUTEUR)
                assert cree.notification_id is not None
                await feed.reached(cree.notification_id, timeout=POLL_INTERVAL * 5)
                latencies.append(time.monotonic() - started)
                conn = await connect(database_dsn)
                try:
                    assert await conn.fetchval("SELECT nom FROM lieux WHERE id = $1", cree.id)
                finally:
                    await conn.close()
        finally:
            await service.stop()
            await feed.stop()
        return latencies

    latencies = asyncio.run(main())

    # Then it is projected long before the poll fallback would have found it (which would
    # take about a whole poll interval here): the notification woke the service.
    assert statistics.median(latencies) < POLL_INTERVAL / 2, latencies


class CountingService(ProjectorService):
    """The real service, counting its attempts to lead that came back (i.e. standing by)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standbys = 0

    async def _lead(self, projector: Projector) -> None:
        await super()._lead(projector)
        self.standbys += 1


def test_only_one_service_leads_and_the_other_takes_over(hub: Hub, database_dsn: str) -> None:
    async def main() -> None:
        feed = ProjectedFeed()
        await feed.start(database_dsn)
        premier = CountingService(database_dsn, [LieuxProjection()], standby_retry=STANDBY_RETRY)
        second = CountingService(database_dsn, [LieuxProjection()], standby_retry=STANDBY_RETRY)
        try:
            # Given a service leading the projection
            await premier.start()
            await wait_until(lambda: "lieux" in premier.leading, 10, "the first to lead")

            # When a second service starts on the same database
            await second.start()
            await wait_until(lambda: second.standbys >= 2, 10, "the second to retry")

            # Then it stands by (it tried twice) and the first one does the work
            assert "lieux" not in second.leading
            assert premier.leading == {"lieux"}
            assert premier.standbys == 0
            cree = await asyncio.to_thread(Lieux(hub).recenser_lieu, recenser(1), AUTEUR)
            assert cree.notification_id is not None
            await feed.reached(cree.notification_id, timeout=10)

            # When the leader stops
            await premier.stop()
            took = await wait_until(
                # One retry period, one more if its try came just before the old leader's
                # backend exited, and the connection time on a loaded machine.
                lambda: "lieux" in second.leading,
                2 * STANDBY_RETRY + 1.0,
                "the second to take over",
            )

            # Then the other takes over within its standby retry, and projects
            assert took < 2 * STANDBY_RETRY + 1.0
            cree = await asyncio.to_thread(Lieux(hub).recenser_lieu, recenser(2), AUTEUR)
            assert cree.notification_id is not None
            await feed.reached(cree.notification_id, timeout=10)
        finally:
            await premier.stop()
            await second.stop()
            await feed.stop()

    asyncio.run(main())


# --- the read-your-writes waiter -------------------------------------------------------------


def test_waiter_returns_true_once_the_event_is_projected(hub: Hub, database_dsn: str) -> None:
    # Given a written event that no projector has applied yet
    cree = Lieux(hub).recenser_lieu(recenser(0), AUTEUR)

    async def main() -> None:
        waiter = ProjectionWaiter(database_dsn, topics_of([LieuxProjection()]))
        await waiter.start()
        pool = await asyncpg.create_pool(database_dsn, min_size=1, max_size=2)
        conn = await connect(database_dsn)
        try:
            # When a request waits for it
            attente = asyncio.create_task(waiter.wait_for(pool, cree.notification_id, 10))
            done, _ = await asyncio.wait({attente}, timeout=0.3)
            assert not done, "the waiter must wait while the event is not projected"

            # ... and a projector then applies it
            await Projector(LieuxProjection()).catch_up(conn)

            # Then the wait ends with True and the row is there
            assert await asyncio.wait_for(attente, timeout=2) is True
            assert await conn.fetchval("SELECT version FROM lieux WHERE id = $1", cree.id) == 1
            # An already projected event, or a command that wrote nothing, needs no wait.
            assert await waiter.wait_for(pool, cree.notification_id, 0) is True
            assert await waiter.wait_for(pool, None, 0) is True
        finally:
            await conn.close()
            await pool.close()
            await waiter.stop()

    asyncio.run(main())


def test_waiter_gives_up_after_its_timeout_when_no_projector_runs(
    hub: Hub, database_dsn: str
) -> None:
    # Given a written event and no projector running
    cree = Lieux(hub).recenser_lieu(recenser(0), AUTEUR)
    timeout = 0.4

    async def main() -> tuple[bool, float]:
        waiter = ProjectionWaiter(database_dsn, topics_of([LieuxProjection()]))
        await waiter.start()
        pool = await asyncpg.create_pool(database_dsn, min_size=1, max_size=2)
        try:
            # When a request waits for it
            started = time.monotonic()
            result = await waiter.wait_for(pool, cree.notification_id, timeout)
            return result, time.monotonic() - started
        finally:
            await pool.close()
            await waiter.stop()

    result, elapsed = asyncio.run(main())

    # Then it answers False once the timeout is over, instead of waiting on (the upper bound
    # only says it did not hang: a loaded machine may add seconds)
    assert result is False
    assert timeout <= elapsed < timeout + 10
