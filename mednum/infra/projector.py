"""Batched asyncpg projectors (ARCHITECTURE §4).

A batch: lock the projection's tracking row, read up to `batch_size` events after its
position, decode them with the store's mapper, let the projection write its rows, move the
position, NOTIFY `mednum_projected` — all in one transaction. A crash anywhere rolls the
whole batch back, so every event is applied exactly once. Inserts into the event table
NOTIFY `mednum_events`; a running projector LISTENs and wakes at once.

Only one process runs a given projection: it must hold a session advisory lock keyed on the
projection's name (leader election); others stand by and retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import asyncpg

from mednum.infra import lot_evenements
from mednum.infra.chiffrement import champs_personnels
from mednum.infra.election import Election, projection_lock
from mednum.infra.topics import topics_de
from projections.base import Projection

logger = logging.getLogger(__name__)

EVENTS_CHANNEL = "mednum_events"
PROJECTED_CHANNEL = "mednum_projected"
# A leader also looks for new events this often, in case a notification was missed.
POLL_INTERVAL = 1.0
COALESCE_DELAY = 0.005
# At most merged into one write (`Projector._read_ahead`): the more events a write takes, the
# fewer rows it writes (a place changed twice is written once); 40 batches of 1,000 caught
# up 62-69k events/s in the bench against 44-60k with 20 (2026-12-07, same runs alternated).
MERGE_BATCHES = 40
Progress = Callable[[int, int], None]  # (events applied so far, position) -> None


# Checks that nobody else moved the position, moves it and announces it (delivered at commit),
# in one statement.
_MOVE_POSITION = """
    WITH moved AS (
        UPDATE projection_tracking SET position = $3, updated_at = now()
        WHERE name = $1 AND position = $2
        RETURNING position
    )
    SELECT 1 FROM moved CROSS JOIN LATERAL pg_notify($4, $1 || ':' || moved.position::text)
"""


class ProjectionMovedError(RuntimeError):
    """Another process moved the projection's position: this one is not the leader."""


class _Batch(NamedTuple):
    start: int  # the position it follows
    end: int  # the position after it
    size: int  # events in it
    prepared: Any  # what the projection's `prepare` made of them
    last: bool  # nothing of interest after it, up to the head it was read against


async def _head(conn: asyncpg.Connection) -> int:
    # Ids up to the head are final: eventsourcing locks the table while inserting, so commit
    # order is id order and no smaller id can still appear.
    return int(await conn.fetchval("SELECT coalesce(max(notification_id), 0) FROM mednum_events"))


class Projector:
    """Runs one projection against the event table."""

    def __init__(
        self, projection: Projection, *, batch_size: int = 1000, merge_limit: int | None = None
    ) -> None:
        self.projection = projection
        self.batch_size = batch_size
        # At most this many events in one transaction when prepared batches are merged.
        self.merge_limit = MERGE_BATCHES * batch_size if merge_limit is None else merge_limit
        self.topics = [topic for t in projection.event_types for topic in topics_de(t)]
        # A record's id is only read to find whose key decrypts an event (asyncpg makes a UUID).
        ids = "originator_id, " if any(map(champs_personnels, self.topics)) else ""
        self._select = (
            f"SELECT notification_id, {ids}topic, state FROM mednum_events "
            "WHERE notification_id > $1 AND notification_id <= $2 "
            "AND topic = any($3::text[]) ORDER BY notification_id LIMIT $4"
        )

    @property
    def name(self) -> str:
        return self.projection.name

    async def position(self, conn: asyncpg.Connection) -> int:
        value = await conn.fetchval(
            "SELECT position FROM projection_tracking WHERE name = $1", self.name
        )
        return int(value or 0)

    async def pending(self, conn: asyncpg.Connection) -> int:
        """Events of this projection's types not yet applied (for progress bars)."""
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM mednum_events WHERE notification_id > $1 "
                "AND topic = any($2::text[])",
                await self.position(conn),
                self.topics,
            )
        )

    async def _ensure_tracked(self, conn: asyncpg.Connection) -> None:
        # Rows and position are lost or kept together, so a crash before the flush only means
        # replaying batches: no need to wait for the disk at each of this connection's commits.
        await conn.execute("SET synchronous_commit = off")
        await conn.execute(
            "INSERT INTO projection_tracking (name) VALUES ($1) ON CONFLICT DO NOTHING",
            self.name,
        )

    async def _read(
        self,
        conn: asyncpg.Connection,
        start: int,
        head: int,
        gate: asyncio.Event | None = None,
    ) -> _Batch:
        """The next batch after `start`, prepared. Events up to `head` never change: no lock
        is needed to read them."""
        records = await conn.fetch(
            self._select,
            start,
            head,
            self.topics,
            self.batch_size,
        )
        full = len(records) == self.batch_size
        if gate is not None:
            # Decode and prepare only once the current batch's write is on its way to
            # PostgreSQL, so the two run at the same time rather than in turn.
            await gate.wait()
        events = await lot_evenements.evenements_du_lot(conn, records)
        return _Batch(
            start=start,
            end=records[-1]["notification_id"] if full else head,
            size=len(events),
            prepared=await self.projection.prepare(conn, events) if events else None,
            last=not full,
        )

    async def _read_ahead(
        self,
        reader: asyncpg.Connection,
        start: int,
        head: int,
        sent: asyncio.Event,
        written: asyncio.Event,
    ) -> _Batch:
        """The next batch, prepared while the current one is written; for a projection that
        can merge, the batches after it too, merged into one, until that write is over (or
        `merge_limit` events). So when PostgreSQL is the slower side it writes fewer, larger
        batches (a place changed in several of them is written once) instead of making the
        reader wait."""
        batch = await self._read(reader, start, head, sent)
        if self.projection.can_merge:
            while not batch.last and not written.is_set() and batch.size < self.merge_limit:
                batch = self._merged(batch, await self._read(reader, batch.end, head))
        return self._complete(batch)

    def _complete(self, batch: _Batch) -> _Batch:
        """The batch as it will be written: nothing more is merged into it."""
        if not batch.size:
            return batch
        return batch._replace(prepared=self.projection.complete(batch.prepared))

    def _merged(self, earlier: _Batch, later: _Batch) -> _Batch:
        merge = self.projection.merge
        prepared = merge(earlier.prepared, later.prepared) if later.size else earlier.prepared
        return _Batch(earlier.start, later.end, earlier.size + later.size, prepared, later.last)

    async def _write(
        self, conn: asyncpg.Connection, batch: _Batch, sent: asyncio.Event | None = None
    ) -> None:
        """Apply a batch and move the position past it, in one transaction, in as few round
        trips as possible: the projection's write is what the next batch's preparation runs
        beside."""
        async with conn.transaction():
            moved = await conn.fetchval(
                _MOVE_POSITION, self.name, batch.start, batch.end, PROJECTED_CHANNEL
            )
            if moved is None:
                position = await self.position(conn)
                raise ProjectionMovedError(
                    f"{self.name}: position is {position}, expected {batch.start}"
                )
            if sent is not None:
                sent.set()  # the next batch may be prepared while this write runs
            if batch.size:
                await self.projection.write(conn, batch.prepared)

    async def run_batch(self, conn: asyncpg.Connection) -> tuple[int, bool]:
        """Apply one batch; return (events applied, caught up)."""
        await self._ensure_tracked(conn)
        position = await self.position(conn)
        head = await _head(conn)
        if head <= position:
            return 0, True
        self.projection.forget()
        try:
            batch = self._complete(await self._read(conn, position, head))
            await self._write(conn, batch)
        finally:
            self.projection.forget()
        return batch.size, batch.last

    async def catch_up(
        self,
        conn: asyncpg.Connection,
        progress: Progress | None = None,
        *,
        reader: asyncpg.Connection | None = None,
        limite: int | None = None,
    ) -> int:
        """Apply everything up to the head. With a `reader` connection, the next batch is
        read, decoded and prepared while the current one is written: Python and PostgreSQL
        then work at the same time instead of in turn; a projection that can merge gets the
        batches prepared meanwhile written together (`_read_ahead`)."""
        await self._ensure_tracked(conn)
        self.projection.forget()  # the table may have changed since the last call
        applied = 0
        while True:
            position = await self.position(conn)
            head = await _head(conn)
            if limite is not None:
                head = min(head, limite)  # a replay as of an event position (reports)
            if head <= position:
                return applied
            try:
                batch = self._complete(await self._read(reader or conn, position, head))
            except BaseException:
                self.projection.forget()
                raise
            while True:
                following: asyncio.Task[_Batch] | None = None
                sent, written = asyncio.Event(), asyncio.Event()
                if reader is not None and not batch.last:
                    following = asyncio.create_task(
                        self._read_ahead(reader, batch.end, head, sent, written)
                    )
                try:
                    await self._write(conn, batch, sent)
                except BaseException:
                    if following is not None:
                        following.cancel()
                    self.projection.forget()
                    raise
                written.set()
                applied += batch.size
                if progress is not None:
                    progress(applied, batch.end)
                if batch.last:
                    break  # then look again: events may have arrived meanwhile
                try:
                    if following is not None:
                        batch = await following
                    else:
                        batch = self._complete(await self._read(conn, batch.end, head))
                except BaseException:
                    self.projection.forget()
                    raise

    async def reset(self, conn: asyncpg.Connection) -> None:
        """Empty the read model and start again from the first event, atomically."""
        await self._ensure_tracked(conn)
        async with conn.transaction():
            await conn.execute(
                "SELECT 1 FROM projection_tracking WHERE name = $1 FOR UPDATE", self.name
            )
            await self.projection.reset(conn)
            await conn.execute(
                "UPDATE projection_tracking SET position = 0, updated_at = now() WHERE name = $1",
                self.name,
            )


async def try_lead(conn: asyncpg.Connection, name: str) -> bool:
    """Take the session advisory lock of a projection; released when `conn` closes."""
    return bool(
        await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", projection_lock(name))
    )


class ProjectorService:
    """Keeps every projection up to date in the background while it is leader for it."""

    def __init__(
        self,
        dsn: str,
        projections: Sequence[Projection],
        *,
        batch_size: int = 1000,
        standby_retry: float = 5.0,
        election: Election | None = None,
    ) -> None:
        self.dsn = dsn
        # With an election, a standby asks its one connection whether the lock is free
        # before opening connections of its own to take it.
        self.election = election
        self.projectors = [Projector(p, batch_size=batch_size) for p in projections]
        self.standby_retry = standby_retry
        self._tasks: list[asyncio.Task[None]] = []
        self.leading: set[str] = set()
        self._stopping = False

    async def start(self) -> None:
        self._stopping = False
        self._tasks = [
            asyncio.create_task(self._run(p), name=f"projector:{p.name}") for p in self.projectors
        ]

    async def stop(self) -> None:
        """Cancel every projector and wait until they have closed their connections.
        `asyncio.wait` rather than awaiting each task: it raises none of their errors, and
        it lets a cancellation of `stop` itself through. The flag ends the loops even if a
        cancellation were lost on the way."""
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks)
        self._tasks = []

    async def _run(self, projector: Projector) -> None:
        while not self._stopping:
            try:
                await self._lead(projector)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("projector %s failed; retrying", projector.name)
            await asyncio.sleep(self.standby_retry)

    async def _lead(self, projector: Projector) -> None:
        if self.election is not None and not await self.election.is_free(
            projection_lock(projector.name)
        ):
            return  # another process leads this projection; try again later
        conn = await asyncpg.connect(self.dsn)
        reader: asyncpg.Connection | None = None
        try:
            if not await try_lead(conn, projector.name):
                return  # another process leads this projection; try again later
            reader = await asyncpg.connect(self.dsn)
            self.leading.add(projector.name)
            wake = asyncio.Event()
            mine = set(projector.topics)

            def on_events(_conn: Any, _pid: int, _channel: str, topics: str) -> None:
                # The payload lists the inserted topics: others' events do not wake us (the
                # regular poll still moves our position past them).
                if not topics or mine.intersection(topics.split()):
                    wake.set()

            await conn.add_listener(EVENTS_CHANNEL, on_events)
            while not self._stopping:
                wake.clear()
                await projector.catch_up(conn, reader=reader)
                # A notification can be missed while the connection is busy: poll too.
                # `asyncio.timeout`, not `wait_for`: on Python 3.11 the latter can swallow a
                # cancellation that arrives as it times out, and the projector never stops.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(POLL_INTERVAL):
                        await wake.wait()
                # Under a stream of writes, let a few more arrive so that one batch (and one
                # commit) serves them all; a few milliseconds are invisible to readers.
                await asyncio.sleep(COALESCE_DELAY)
        finally:
            self.leading.discard(projector.name)
            for connection in (reader, conn):
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.shield(connection.close(timeout=2))
