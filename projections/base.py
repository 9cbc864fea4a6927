"""What a read model is: a name, the events it reads, the tables it owns, and batch handlers.

A projector (mednum/infra/projector.py) hands each batch of decoded events to the projection in two
steps: `prepare`, outside any transaction, works out what to write (it may read committed
rows); `write`, inside the transaction that also moves the projection's position, writes it.
The split lets the projector prepare the next batch while PostgreSQL writes the current one.
A simple projection only implements `apply`, which does both inside the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import asyncpg


class Projection:
    name: ClassVar[str]
    event_types: ClassVar[tuple[type, ...]]
    tables: ClassVar[tuple[str, ...]]  # emptied, in this order, by a rebuild

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Any:
        """What `write` needs for these events. Runs before the previous batch committed, so
        it must take the previous batches' effects from memory, not from the tables."""
        return events

    async def write(self, conn: asyncpg.Connection, prepared: Any) -> None:
        await self.apply(conn, prepared)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        raise NotImplementedError

    def forget(self) -> None:
        """Drop whatever the projection keeps in memory between batches (the transaction
        that wrote it may have rolled back, or another process may have rebuilt the table)."""

    async def reset(self, conn: asyncpg.Connection) -> None:
        for table in self.tables:
            await conn.execute(f"TRUNCATE {table}")
