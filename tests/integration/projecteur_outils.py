"""What the projector tests share: places to write, rows to compare, a feed to follow."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from domain.lieux.commands import FermerLieu, ModifierLieu, RecenserLieu
from domain.lieux.referentiel import SERVICES
from domain.lieux.state import Lieu, fold
from mednum.infra.eventstore import decoder_for
from mednum.infra.projector import (
    PROJECTED_CHANNEL,
)
from mednum.services.executeur import Hub, Resultat
from mednum.services.lieux import Lieux
from projections.lieux import LieuxProjection

AUTEUR = "coordination@mednum.test"
BATCH_SIZE = 7


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

    def merge(self, earlier: Any, later: Any) -> Any:
        return [*earlier[0], *later[0]], super().merge(earlier[1], later[1])

    def complete(self, prepared: Any) -> Any:
        events, rows = prepared
        return events, super().complete(rows)

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
