"""Rendered maps kept in memory per filter set, until the lieux read model moves.

A regional map of 20,000 places takes hundreds of milliseconds to query and render; most
visits ask for the same few filter sets. The lieux projection's position
(`projection_tracking`) is read on every request (one indexed row), with the IFN import's
date: when either has moved, every kept map is dropped, so a change shows on the next visit.
Per process: each web worker keeps its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

import asyncpg

V = TypeVar("V")


async def position_lieux(conn: asyncpg.Connection) -> Hashable:
    """What the maps depend on: the lieux projection's position, and the IFN import's date
    (an import replaces every row at once, so any row tells it)."""
    record = await conn.fetchrow(
        "SELECT (SELECT position FROM projection_tracking WHERE name = 'lieux') AS position, "
        "(SELECT importe_le FROM ifn_communes LIMIT 1) AS ifn"
    )
    return (record["position"] or 0, record["ifn"]) if record else (0, None)


class CacheCarte(Generic[V]):
    """At most `taille` entries, least recently used dropped first."""

    def __init__(self, taille: int = 64) -> None:
        self.taille = taille
        self._position: Hashable = None
        self._entrees: OrderedDict[Hashable, V] = OrderedDict()

    def lire(self, position: Hashable, cle: Hashable) -> V | None:
        if position != self._position:
            self._entrees.clear()
            self._position = position
            return None
        valeur = self._entrees.get(cle)
        if valeur is not None:
            self._entrees.move_to_end(cle)
        return valeur

    def garder(self, position: Hashable, cle: Hashable, valeur: V) -> None:
        if position != self._position:
            self._entrees.clear()
            self._position = position
        self._entrees[cle] = valeur
        self._entrees.move_to_end(cle)
        while len(self._entrees) > self.taille:
            self._entrees.popitem(last=False)
