"""Leader elections on one connection per process (mednum/infra/election.py): one process
leads the scheduled jobs and hands them over when it goes; a standby process keeps one
connection for all its projections' attempts instead of one per projection per attempt."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import pytest

from mednum.infra.election import Election, projection_lock
from mednum.infra.projector import ProjectorService
from projections.catalogue import all_projections
from tests.integration.projecteur_outils import wait_until

pytestmark = pytest.mark.timeout(60)

RETRY = 0.05


async def until(condition: Callable[[], bool], what: str) -> None:
    await wait_until(condition, 20, what)


class CountingElection(Election):
    """The real election, counting the standby's questions."""

    asked = 0

    async def is_free(self, key: str) -> bool:
        self.asked += 1
        return await super().is_free(key)


async def sessions(conn: asyncpg.Connection) -> int:
    """Sessions ever opened on this database (counted by the server at their end)."""
    await conn.execute("SELECT pg_stat_force_next_flush()")
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    return int(
        await conn.fetchval(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        )
    )


def test_a_standby_process_asks_on_its_one_connection(database_dsn: str) -> None:
    projections = all_projections()

    async def main() -> tuple[int, int]:
        leader = await asyncpg.connect(database_dsn)  # another process leads everything
        for p in projections:
            await leader.fetchval("SELECT pg_advisory_lock(hashtext($1))", projection_lock(p.name))
        election = CountingElection(database_dsn, retry=RETRY)
        service = ProjectorService(
            database_dsn, projections, standby_retry=RETRY, election=election
        )
        await election.start()
        before = await sessions(leader)
        await service.start()
        try:
            await until(lambda: election.asked >= 5 * len(projections), "standby attempts")
        finally:
            await service.stop()
            await election.stop()
        after = await sessions(leader)
        await leader.close()
        return election.asked, after - before

    asked, opened = asyncio.run(main())
    assert asked >= 5 * len(projections)
    assert opened <= 1  # the election's own connection, not one per attempt


def test_the_scheduler_is_led_by_one_process_and_handed_over(database_dsn: str) -> None:
    async def main() -> list[str]:
        events: list[str] = []

        def noted(what: str) -> Callable[[], None]:
            return lambda: events.append(what)

        first = Election(database_dsn, retry=RETRY, on_lead=noted("A leads"))
        second = Election(
            database_dsn + "&application_name=election-b",
            retry=RETRY,
            on_lead=noted("B leads"),
            on_lose=noted("B loses"),
        )
        await first.start()
        await until(lambda: first.leads_scheduler, "A leads")
        await second.start()
        await asyncio.sleep(RETRY * 5)  # B tries a few times meanwhile, and fails each time
        assert not second.leads_scheduler
        await first.stop()  # its connection closes: the lock is free
        await until(lambda: second.leads_scheduler, "B takes over")
        # B's connection is cut: B stops leading, connects again and leads again.
        admin = await asyncpg.connect(database_dsn)
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'election-b'"
        )
        await admin.close()
        await until(lambda: events[-1:] == ["B leads"] and len(events) == 4, "B leads again")
        await second.stop()
        return events

    assert asyncio.run(main()) == ["A leads", "B leads", "B loses", "B leads"]
