"""Read models brought up to date in a test, as `mednum project` would, then read."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

import asyncpg

from mednum.infra.projector import Projector
from projections.base import Projection
from tests.conftest import run_sync

T = TypeVar("T")


def avec_connexion(dsn: str, action: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
    """`action` on a connection of its own to `dsn`, closed after: what it returns."""

    async def run() -> T:
        conn = await asyncpg.connect(dsn)
        try:
            return await action(conn)
        finally:
            await conn.close()

    return run_sync(run())


def projeter_puis(
    dsn: str, lire: Callable[[asyncpg.Connection], Awaitable[T]], *projections: Projection
) -> T:
    """Each projection caught up with the log, in order, then `lire` on the same connection:
    what it returns."""

    async def run(conn: asyncpg.Connection) -> T:
        for projection in projections:
            await Projector(projection).catch_up(conn)
        return await lire(conn)

    return avec_connexion(dsn, run)


def projeter(dsn: str, *projections: Projection) -> None:
    """Each projection caught up with the log, in order."""

    async def rien(_conn: asyncpg.Connection) -> None:
        return None

    projeter_puis(dsn, rien, *projections)


def compter(
    dsn: str, requetes: dict[str, str | tuple[str, Any]], *projections: Projection
) -> dict[str, int]:
    """Each projection caught up, then each count of `requetes` (a query, or a query and its
    parameter) by its name."""

    async def lire(conn: asyncpg.Connection) -> dict[str, int]:
        comptes = {}
        for nom, requete in requetes.items():
            sql, *parametres = (requete,) if isinstance(requete, str) else requete
            comptes[nom] = await conn.fetchval(sql, *parametres)
        return comptes

    return projeter_puis(dsn, lire, *projections)


def par_lots(journal: list[T], lots: Sequence[int]) -> Iterator[list[T]]:
    """`journal` cut in consecutive batches whose sizes are `lots` taken in turn (each at
    least 1), until it is all given."""
    debut = 0
    for taille in itertools.cycle(lots):
        if debut >= len(journal):
            return
        yield journal[debut : debut + taille]
        debut += taille
