"""What a read model is: a name, the events it reads, the tables it owns, and a batch handler.

Projectors (mednum/projector.py) call `apply` with a batch of decoded events inside the
transaction that also moves the projection's position, so rows and position never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import asyncpg


class Projection:
    name: ClassVar[str]
    event_types: ClassVar[tuple[type, ...]]
    tables: ClassVar[tuple[str, ...]]  # emptied, in this order, by a rebuild

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        raise NotImplementedError

    async def reset(self, conn: asyncpg.Connection) -> None:
        for table in self.tables:
            await conn.execute(f"TRUNCATE {table}")
