"""Read-your-writes: a request that must show what was just written waits, bounded, until
the read models have applied it (they announce their moves on a channel).

On a streaming replica the same question is asked of the replica's own copy of the tracking
rows and of the log, once it has replayed the event itself. The primary's notifications say
when to look again (a standby receives none), then a short poll covers the replay delay."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import Any

import asyncpg

from mednum.infra.projector import PROJECTED_CHANNEL
from mednum.infra.topics import topics_de
from projections.base import Projection

# How often a waiting request looks again without a notification: on the primary only to
# cover a lost one; on a replica, the replay delay after the primary's notification.
PRIMARY_POLL = 0.25
REPLICA_POLL = 0.05


class ProjectionWaiter:
    """Lets a request wait, bounded, until the read models have applied a given event.

    A read model counts as up to date with event N when its position reached N, or when none
    of the events between its position and N are of its topics (it has nothing to apply: a
    projector is not woken by others' events)."""

    def __init__(self, dsn: str, topics: dict[str, list[str]]) -> None:
        self.dsn = dsn
        self.names = list(topics)
        self.topics = topics
        self._conn: asyncpg.Connection | None = None
        self._changed = asyncio.Condition()

    async def start(self) -> None:
        self._conn = await asyncpg.connect(self.dsn)
        await self._conn.add_listener(PROJECTED_CHANNEL, self._on_projected)

    async def stop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close(timeout=2)
            self._conn = None

    def _on_projected(self, *_: Any) -> None:
        asyncio.get_running_loop().create_task(self._notify_all())

    async def _notify_all(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _en_retard(
        self, pool: asyncpg.Pool, notification_id: int, replique: bool = False
    ) -> bool:
        """Whether some read model still has events of its topics to apply up to N (on a
        replica, also: whether it has not replayed event N yet — without it, the events
        between a position and N would look absent, hence applied)."""
        if replique and not await pool.fetchval(
            "SELECT EXISTS (SELECT 1 FROM mednum_events WHERE notification_id >= $1)",
            notification_id,
        ):
            return True
        return bool(
            await pool.fetchval(
                "SELECT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS p (name, topics) "
                "LEFT JOIN projection_tracking t ON t.name = p.name "
                "WHERE coalesce(t.position, 0) < $3 AND EXISTS ("
                "  SELECT 1 FROM mednum_events e WHERE e.notification_id > coalesce(t.position, 0)"
                "  AND e.notification_id <= $3 AND e.topic = any(string_to_array(p.topics, ' '))))",
                self.names,
                [" ".join(self.topics[n]) for n in self.names],
                notification_id,
            )
        )

    async def wait_for(
        self,
        pool: asyncpg.Pool,
        notification_id: int | None,
        timeout: float,
        *,
        replique: bool = False,
    ) -> bool:
        """True once every read model has applied what it reads up to `notification_id`
        (as `pool` sees them: the primary's, or a replica's with `replique`); False after
        `timeout`."""
        if notification_id is None:
            return True
        deadline = time.monotonic() + timeout
        periode = REPLICA_POLL if replique else PRIMARY_POLL
        while await self._en_retard(pool, notification_id, replique):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            async with self._changed:
                # The re-check on a short period covers a notification lost in between.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(min(remaining, periode)):
                        await self._changed.wait()
        return True


def topics_of(projections: Sequence[Projection]) -> dict[str, list[str]]:
    return {p.name: [topic for t in p.event_types for topic in topics_de(t)] for p in projections}
