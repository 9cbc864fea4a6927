"""Duplicate candidates among open places, and the pairs coordinators judged distinct."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import asyncpg

from domain.lieux.doublons import Candidat, PaireDoublon, candidats_doublons
from domain.lieux.events import DoublonEcarte
from projections.base import Projection


class DoublonsEcartesProjection(Projection):
    name = "doublons_ecartes"
    event_types = (DoublonEcarte,)
    tables = ("doublons_ecartes",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        # The event sits on the smaller id of the pair (see Lieux.ecarter_doublon).
        await conn.executemany(
            "INSERT INTO doublons_ecartes (a, b, ecarte_le, ecarte_par) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT DO NOTHING",
            [(e.originator_id, e.autre, e.timestamp, e.auteur) for e in events],
        )


_CANDIDATS = (
    "SELECT id, nom, adresse, code_insee, latitude, longitude, pivot FROM lieux "
    "WHERE NOT ferme AND fusionne_dans IS NULL AND code_insee IN ("
    "  SELECT code_insee FROM lieux WHERE NOT ferme AND fusionne_dans IS NULL"
    "  GROUP BY code_insee HAVING count(*) > 1)"
)


async def paires_candidates(
    conn: asyncpg.Connection, departement: str | None = None
) -> list[PaireDoublon]:
    """The review queue: candidate pairs not yet judged, best score first."""
    sql, params = _CANDIDATS, []
    if departement:
        sql, params = f"{sql} AND departement = $1", [departement]
    lieux = [Candidat(**dict(r)) for r in await conn.fetch(sql, *params)]
    ecartes = {(r["a"], r["b"]) for r in await conn.fetch("SELECT a, b FROM doublons_ecartes")}
    # Scoring is CPU work: off the event loop.
    return await asyncio.to_thread(candidats_doublons, lieux, ecartes)
