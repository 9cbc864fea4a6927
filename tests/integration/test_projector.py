"""Projectors against a real PostgreSQL: exactly-once catch-up, also across crashes of the
projecting process, and rebuilds."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import asyncpg
import pytest

from domain.lieux.state import Lieu
from mednum.infra.projector import (
    Projector,
)
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.lieux import LieuxProjection
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

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BATCH_SIZE = 7


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
    # With "reader": a reader connection, and writes slow enough for it to merge batches.
    READER = sys.argv[2:] == ["reader"]


    class Crashing(LieuxProjection):
        batches = 0

        async def write(self, conn, prepared):
            await super().write(conn, prepared)
            Crashing.batches += 1
            if Crashing.batches < 3:
                if READER:
                    await asyncio.sleep(0.05)
                return
            rows = await conn.fetchval("SELECT count(*) FROM lieux")
            print(f"rows {rows}", flush=True)
            if MODE == "sigkill":
                os.kill(os.getpid(), signal.SIGKILL)
            await asyncio.sleep(600)


    async def main():
        conn = await asyncpg.connect(os.environ["MEDNUM_PROJECTOR_DSN"])
        reader = await asyncpg.connect(os.environ["MEDNUM_PROJECTOR_DSN"]) if READER else None
        batch_size = int(os.environ["MEDNUM_BATCH_SIZE"])
        projector = Projector(Crashing(), batch_size=batch_size, merge_limit=3 * batch_size)
        await projector.catch_up(conn, reader=reader)
        print("done", flush=True)


    asyncio.run(main())
    """
)


@pytest.fixture
def spawn(database_dsn: str) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(mode: str, *options: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "MEDNUM_PROJECTOR_DSN": database_dsn,
            "MEDNUM_BATCH_SIZE": str(BATCH_SIZE),
        }
        proc = subprocess.Popen(
            [sys.executable, "-c", CRASHING_PROJECTOR, mode, *options],
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


@pytest.mark.parametrize(
    "mode",
    [
        # a projector process that SIGKILLs itself in its 3rd batch, after writing the
        # batch's rows but before the commit
        pytest.param("sigkill", id="killed_mid_batch"),
        # one stuck in its 3rd batch with the rows written, killed from outside (OOM killer,
        # kill -9, power cut of a container)
        pytest.param("hang", id="killed_from_outside_in_a_slow_batch"),
    ],
)
def test_projector_killed_in_its_third_batch_resumes_exactly_once(
    hub: Hub, database_dsn: str, spawn: Callable[..., subprocess.Popen[bytes]], mode: str
) -> None:
    # Given events, and a projector process in its 3rd batch with the rows written
    peupler(hub, 50)
    proc = spawn(mode)
    rows_in_doomed_batch = int(read_line(proc).removeprefix("rows "))
    # When it dies there, by itself or killed
    if mode == "hang":
        proc.kill()
    assert proc.wait(timeout=30) == -signal.SIGKILL

    # Then a projector run in this process finishes the work exactly once
    check_recovery_after_crash(database_dsn, hub, rows_in_doomed_batch)


def test_projector_with_a_reader_killed_mid_merged_batch_resumes_exactly_once(
    hub: Hub, database_dsn: str, spawn: Callable[..., subprocess.Popen[bytes]]
) -> None:
    # Given events, and a projector process with a reader connection, whose second write took
    # several batches at once, and which SIGKILLs itself in its third write
    peupler(hub, 50)
    proc = spawn("sigkill", "reader")
    read_line(proc)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    async def main() -> None:
        conn = await connect(database_dsn)
        try:
            events = await all_events(conn)
            committed = await conn.fetchval(
                "SELECT count(*) FROM mednum_events WHERE notification_id <= $1",
                await tracking_position(conn),
            )
            assert committed > 2 * BATCH_SIZE
            # Then the committed rows are exactly the fold of the events up to the committed
            # position: no later batch's change leaked into a merged write
            assert await projected_places(conn) == await expected_places(conn, upto=committed)

            # And a projector in this process applies the rest, once
            projection = CountingLieux()
            applied = await Projector(projection, batch_size=BATCH_SIZE).catch_up(conn)
            assert applied == len(events) - committed
            assert await projected_places(conn) == await expected_places(conn)
        finally:
            await conn.close()

    asyncio.run(main())


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
