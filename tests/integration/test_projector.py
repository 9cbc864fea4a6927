"""Projectors against a real PostgreSQL: exactly-once catch-up (also across crashes of the
projecting process), LISTEN/NOTIFY wake-up, leader election, the read-your-writes waiter and
rebuilds.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.referentiel import SERVICES
from domain.lieux.state import Lieu, fold
from mednum.infra.eventstore import decoder_for
from mednum.infra.lecture_ecriture import ProjectionWaiter, topics_of
from mednum.infra.projector import (
    POLL_INTERVAL,
    PROJECTED_CHANNEL,
    Projector,
    ProjectorService,
)
from mednum.services.executeur import Hub, Resultat
from mednum.services.lieux import Lieux
from projections.lieux import LieuxProjection

pytestmark = pytest.mark.timeout(60)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AUTEUR = "coordination@mednum.test"
BATCH_SIZE = 7
STANDBY_RETRY = 0.2


# --- helpers ---------------------------------------------------------------------------------


def recenser(i: int) -> RecenserLieu:
    return RecenserLieu(
        command_id=uuid4(),
        nom=f"Espace numérique n° {i}",
        adresse=f"{i + 1} rue de la Liberté",
        code_postal="21000",
        code_insee="21231",  # Dijon
        latitude=round(47.3229 + i / 10_000, 6),
        longitude=round(5.0375 - i / 10_000, 6),
        services=[SERVICES[i % len(SERVICES)]],
        horaires="Mo-Fr 09:00-12:00" if i % 4 else None,
    )


def peupler(hub: Hub, places: int = 50) -> list[UUID]:
    """Places with their history interleaved: renamings, moves to another commune, closures.

    Later events often touch a place created several batches earlier, so a batch has to
    read rows written by an earlier one.
    """
    ids: list[UUID] = []
    versions: dict[UUID, int] = {}
    fermes: set[UUID] = set()

    def suivre(resultat: Resultat) -> None:
        versions[resultat.id] = resultat.version

    for i in range(places):
        cree = Lieux(hub).recenser_lieu(recenser(i), AUTEUR)
        ids.append(cree.id)
        suivre(cree)
        if i % 3 == 2 and (cible := ids[i - 2]) not in fermes:
            commande = ModifierLieu(
                command_id=uuid4(),
                version=versions[cible],
                nom=f"Espace numérique n° {i - 2} (rénové)",
                services=[SERVICES[(i + 3) % len(SERVICES)], SERVICES[0]],
                horaires="Tu-Sa 10:00-18:00",
            )
            suivre(Lieux(hub).modifier_lieu(cible, commande, AUTEUR))
        if i % 7 == 6 and (cible := ids[i - 5]) not in fermes:
            demenagement = ModifierLieu(
                command_id=uuid4(),
                version=versions[cible],
                code_insee="39198",  # Dole
                code_postal="39100",
                latitude=47.0925,
                longitude=5.4897,
                complement_adresse="Bâtiment B",
            )
            suivre(Lieux(hub).modifier_lieu(cible, demenagement, AUTEUR))
        if i % 5 == 4 and (cible := ids[i - 3]) not in fermes:
            fermeture = FermerLieu(command_id=uuid4(), version=versions[cible], motif="Fermé")
            suivre(Lieux(hub).fermer_lieu(cible, fermeture, AUTEUR))
            fermes.add(cible)
    return ids


async def all_events(conn: asyncpg.Connection) -> list[Any]:
    records = await conn.fetch("SELECT topic, state FROM mednum_events ORDER BY notification_id")
    return [decoder_for(r["topic"]).decode(r["state"]) for r in records]


def lieu_from_row(record: asyncpg.Record) -> Lieu:
    return msgspec.convert(dict(record), Lieu)


async def projected_places(conn: asyncpg.Connection) -> dict[UUID, Lieu]:
    return {r["id"]: lieu_from_row(r) for r in await conn.fetch("SELECT * FROM lieux")}


async def expected_places(conn: asyncpg.Connection, upto: int | None = None) -> dict[UUID, Lieu]:
    """The fold of the first `upto` events (all by default), place by place."""
    histories: dict[UUID, list[Any]] = defaultdict(list)
    for event in (await all_events(conn))[:upto]:
        histories[event.originator_id].append(event)
    return {lieu_id: lieu for lieu_id, h in histories.items() if (lieu := fold(h)) is not None}


async def tracking_position(conn: asyncpg.Connection, name: str = "lieux") -> int:
    value = await conn.fetchval("SELECT position FROM projection_tracking WHERE name = $1", name)
    return int(value or 0)


async def head(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval("SELECT coalesce(max(notification_id), 0) FROM mednum_events"))


async def connect(dsn: str) -> asyncpg.Connection:
    return await asyncpg.connect(dsn)


class CountingLieux(LieuxProjection):
    """The real projection, noting every event it is given and every batch size."""

    def __init__(self) -> None:
        super().__init__()
        self.applied: list[tuple[UUID, int]] = []
        self.batches: list[int] = []

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Any:
        return events, await super().prepare(reader, events)

    async def write(self, conn: asyncpg.Connection, prepared: Any) -> None:
        events, rows = prepared
        await super().write(conn, rows)
        self.applied.extend((e.originator_id, e.originator_version) for e in events)
        self.batches.append(len(events))


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Wait for a condition that no notification tells about; return the time it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"timed out after {timeout:.1f}s waiting for {what}")
        await asyncio.sleep(0.01)
    return time.monotonic() - start


class ProjectedFeed:
    """Positions announced on `mednum_projected`, as they arrive."""

    def __init__(self) -> None:
        self.positions: asyncio.Queue[int] = asyncio.Queue()
        self.conn: asyncpg.Connection | None = None

    async def start(self, dsn: str) -> None:
        self.conn = await asyncpg.connect(dsn)
        await self.conn.add_listener(PROJECTED_CHANNEL, self._on_notification)

    def _on_notification(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        name, _, position = payload.partition(":")
        if name == "lieux":
            self.positions.put_nowait(int(position))

    async def reached(self, notification_id: int, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            while await self.positions.get() < notification_id:
                pass

    async def stop(self) -> None:
        if self.conn is not None:
            await self.conn.close()


# --- catch-up --------------------------------------------------------------------------------


def test_catch_up_applies_every_event_exactly_once_in_small_batches(
    hub: Hub, database_dsn: str
) -> None:
    # Given ~50 places with modifications and closures (some events far from their place's
    # creation, i.e. in later batches)
    ids = peupler(hub, 50)

    # When a projector with batches of 7 catches up
    async def main() -> tuple[int, list[tuple[UUID, int]], list[int], dict[UUID, Lieu], int, int]:
        projection = CountingLieux()
        progress: list[tuple[int, int]] = []
        conn = await connect(database_dsn)
        try:
            applied = await Projector(projection, batch_size=BATCH_SIZE).catch_up(
                conn, lambda done, position: progress.append((done, position))
            )
            assert progress[-1][0] == applied
            return (
                applied,
                projection.applied,
                projection.batches,
                await projected_places(conn),
                await tracking_position(conn),
                await head(conn),
            )
        finally:
            await conn.close()

    applied, seen, batches, rows, position, last_id = asyncio.run(main())

    # Then every event was applied once, in batches of at most 7 ...
    events = [(r["originator_id"], r["originator_version"]) for r in _events_keys(database_dsn)]
    assert len(events) > 70
    assert applied == len(events)
    assert seen == events
    assert all(size == BATCH_SIZE for size in batches[:-1]) and 0 < batches[-1] <= BATCH_SIZE
    # ... the rows are the fold of the events, place by place ...
    assert set(rows) == set(ids)
    for lieu_id in ids:
        assert rows[lieu_id] == Lieux(hub).lieu(lieu_id)
    assert any(lieu.ferme for lieu in rows.values())
    assert any(lieu.commune == "Dole" for lieu in rows.values())
    # ... and the position is the last event.
    assert position == last_id


def _events_keys(dsn: str) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await connect(dsn)
        try:
            return await conn.fetch(
                "SELECT originator_id, originator_version FROM mednum_events "
                "ORDER BY notification_id"
            )
        finally:
            await conn.close()

    return asyncio.run(run())


def test_catch_up_with_nothing_new_applies_nothing(hub: Hub, database_dsn: str) -> None:
    # Given a projection that is up to date
    peupler(hub, 5)

    async def main() -> tuple[int, int, int]:
        conn = await connect(database_dsn)
        try:
            projector = Projector(LieuxProjection(), batch_size=BATCH_SIZE)
            first = await projector.catch_up(conn)
            # When it catches up again
            second = await projector.catch_up(conn)
            return first, second, await projector.pending(conn)
        finally:
            await conn.close()

    first, second, pending = asyncio.run(main())

    # Then nothing is applied twice
    assert first > 0
    assert (second, pending) == (0, 0)


# --- crashes of the projecting process -------------------------------------------------------

# Runs the real Projector in another process with a projection that misbehaves in its 3rd
# batch, once the batch's rows are written but before the transaction commits.
CRASHING_PROJECTOR = textwrap.dedent(
    """
    import asyncio
    import os
    import signal
    import sys

    import asyncpg

    from mednum.infra.projector import Projector
    from projections.lieux import LieuxProjection

    MODE = sys.argv[1]  # "sigkill": kill itself; "hang": wait to be killed


    class Crashing(LieuxProjection):
        batches = 0

        async def write(self, conn, prepared):
            await super().write(conn, prepared)
            Crashing.batches += 1
            if Crashing.batches < 3:
                return
            rows = await conn.fetchval("SELECT count(*) FROM lieux")
            print(f"rows {rows}", flush=True)
            if MODE == "sigkill":
                os.kill(os.getpid(), signal.SIGKILL)
            await asyncio.sleep(600)


    async def main():
        conn = await asyncpg.connect(os.environ["MEDNUM_PROJECTOR_DSN"])
        projector = Projector(Crashing(), batch_size=int(os.environ["MEDNUM_BATCH_SIZE"]))
        await projector.catch_up(conn)
        print("done", flush=True)


    asyncio.run(main())
    """
)


@pytest.fixture
def spawn(database_dsn: str) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(mode: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "MEDNUM_PROJECTOR_DSN": database_dsn,
            "MEDNUM_BATCH_SIZE": str(BATCH_SIZE),
        }
        proc = subprocess.Popen(
            [sys.executable, "-c", CRASHING_PROJECTOR, mode],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        processes.append(proc)
        return proc

    yield start
    for proc in processes:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def read_line(proc: subprocess.Popen[bytes], timeout: float = 30) -> str:
    """The next line the process prints; fails with its stderr if it dies first."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buffer = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in buffer:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail("the projector process printed nothing in time")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                assert proc.stderr is not None
                pytest.fail(
                    f"the projector process exited ({proc.wait()}) early:\n"
                    + proc.stderr.read().decode(errors="replace")
                )
            buffer += chunk
    return buffer.decode().strip()


def check_recovery_after_crash(database_dsn: str, hub: Hub, rows_in_doomed_batch: int) -> None:
    async def main() -> None:
        conn = await connect(database_dsn)
        try:
            events = await all_events(conn)
            committed = 2 * BATCH_SIZE
            end_of_batch_2 = await conn.fetchval(
                "SELECT notification_id FROM mednum_events ORDER BY notification_id "
                "OFFSET $1 LIMIT 1",
                committed - 1,
            )

            # The 3rd batch was rolled back entirely: its rows and its position move are gone,
            # only the first two batches remain.
            assert await tracking_position(conn) == end_of_batch_2
            after_crash = await projected_places(conn)
            assert after_crash == await expected_places(conn, upto=committed)
            assert len(after_crash) < rows_in_doomed_batch

            # When a projector catches up in this process
            projection = CountingLieux()
            applied = await Projector(projection, batch_size=BATCH_SIZE).catch_up(conn)

            # Then it applies exactly the events not yet applied, nothing twice, nothing missed
            assert applied == len(events) - committed
            assert projection.applied == [
                (e.originator_id, e.originator_version) for e in events[committed:]
            ]
            rows = await projected_places(conn)
            assert rows == await expected_places(conn)
            assert await conn.fetchval("SELECT count(*) FROM lieux") == len(rows)
            assert await tracking_position(conn) == await head(conn)
        finally:
            await conn.close()

    asyncio.run(main())
    for lieu_id, lieu in asyncio.run(_rows(database_dsn)).items():
        assert lieu == Lieux(hub).lieu(lieu_id)


async def _rows(dsn: str) -> dict[UUID, Lieu]:
    conn = await connect(dsn)
    try:
        return await projected_places(conn)
    finally:
        await conn.close()


def test_projector_killed_mid_batch_resumes_exactly_once(
    hub: Hub, database_dsn: str, spawn: Callable[[str], subprocess.Popen[bytes]]
) -> None:
    # Given events, and a projector process that SIGKILLs itself in its 3rd batch, after
    # writing the batch's rows but before the commit
    peupler(hub, 50)
    proc = spawn("sigkill")
    rows_in_doomed_batch = int(read_line(proc).removeprefix("rows "))
    assert proc.wait(timeout=30) == -signal.SIGKILL

    # Then a projector run in this process finishes the work exactly once
    check_recovery_after_crash(database_dsn, hub, rows_in_doomed_batch)


def test_projector_killed_from_outside_in_a_slow_batch_resumes_exactly_once(
    hub: Hub, database_dsn: str, spawn: Callable[[str], subprocess.Popen[bytes]]
) -> None:
    # Given events, and a projector process stuck in its 3rd batch with the rows written
    peupler(hub, 50)
    proc = spawn("hang")
    rows_in_doomed_batch = int(read_line(proc).removeprefix("rows "))

    # When it is killed from outside (OOM killer, kill -9, power cut of a container)
    proc.kill()
    assert proc.wait(timeout=30) == -signal.SIGKILL

    # Then a projector run in this process finishes the work exactly once
    check_recovery_after_crash(database_dsn, hub, rows_in_doomed_batch)


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

    # Then it answers False once the timeout is over (and not much later)
    assert result is False
    assert timeout <= elapsed < timeout + 1.0


# --- rebuild ---------------------------------------------------------------------------------


def test_reset_then_catch_up_rebuilds_the_same_rows(hub: Hub, database_dsn: str) -> None:
    # Given a projection up to date
    peupler(hub, 30)

    async def main() -> None:
        conn = await connect(database_dsn)
        try:
            projector = Projector(LieuxProjection(), batch_size=BATCH_SIZE)
            await projector.catch_up(conn)
            before = await conn.fetch("SELECT * FROM lieux ORDER BY id")
            assert before

            # When it is reset
            await projector.reset(conn)

            # Then it is empty and starts again from the first event
            assert await conn.fetchval("SELECT count(*) FROM lieux") == 0
            assert await tracking_position(conn) == 0
            assert await projector.pending(conn) == len(await all_events(conn))

            # And catching up again gives the very same rows, timestamps and authors included
            await projector.catch_up(conn)
            assert await conn.fetch("SELECT * FROM lieux ORDER BY id") == before
            assert await tracking_position(conn) == await head(conn)
        finally:
            await conn.close()

    asyncio.run(main())
