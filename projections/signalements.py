"""The `signalements` read model (the coordinators' queue) and its queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.signalements.events import EVENEMENTS_SIGNALEMENT, SignalementRecu, SignalementTraite
from projections.base import Insertion, Projection, inserer_par_genre

_RECU = (
    "INSERT INTO signalements (id, version, lieu_id, champ, message, courriel, recu_le) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING"
)
_TRAITE = (
    "UPDATE signalements SET version = $2, statut = $3, note = $4, traite_le = $5, "
    "traite_par = $6, courriel = NULL WHERE id = $1"
)

# Received before handled: a batch may hold both for one report.
_INSERTIONS: tuple[Insertion, ...] = (
    (
        _RECU,
        SignalementRecu,
        attrgetter(
            "originator_id",
            "originator_version",
            "lieu_id",
            "champ",
            "message",
            "courriel",
            "timestamp",
        ),
    ),
    (
        _TRAITE,
        SignalementTraite,
        attrgetter("originator_id", "originator_version", "issue", "note", "timestamp", "auteur"),
    ),
)


class SignalementsProjection(Projection):
    name = "signalements"
    event_types = EVENEMENTS_SIGNALEMENT
    tables = ("signalements",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await inserer_par_genre(conn, events, _INSERTIONS)


class SignalementVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    lieu_id: UUID
    lieu_nom: str | None
    champ: str
    message: str
    courriel: str | None
    recu_le: datetime
    statut: str
    traite_le: datetime | None
    traite_par: str | None
    note: str | None


async def lister_signalements(
    conn: asyncpg.Connection, statut: str | None, *, limit: int = 200
) -> tuple[list[SignalementVue], dict[str, int]]:
    """Reports (oldest waiting first), and the count per status."""
    records = await conn.fetch(
        "SELECT s.id, s.version, s.lieu_id, l.nom AS lieu_nom, s.champ, s.message, s.courriel, "
        "s.recu_le, s.statut, s.traite_le, s.traite_par, s.note FROM signalements s "
        "LEFT JOIN lieux l ON l.id = s.lieu_id WHERE $1::text IS NULL OR s.statut = $1 "
        "ORDER BY s.recu_le, s.id LIMIT $2",
        statut,
        limit,
    )
    comptes = {
        r["statut"]: r["n"]
        for r in await conn.fetch("SELECT statut, count(*) AS n FROM signalements GROUP BY 1")
    }
    return [msgspec.convert(dict(r), SignalementVue) for r in records], comptes


async def envois_recents(conn: asyncpg.Connection, adresse_hash: str) -> int:
    """Posts from this (hashed) address in the last hour; forgets those older than a day."""
    await conn.execute("DELETE FROM signalements_envois WHERE envoye_le < now() - interval '1 day'")
    n = await conn.fetchval(
        "SELECT count(*) FROM signalements_envois WHERE adresse_hash = $1 "
        "AND envoye_le > now() - interval '1 hour'",
        adresse_hash,
    )
    return int(n)


async def noter_envoi(conn: asyncpg.Connection, adresse_hash: str) -> None:
    await conn.execute("INSERT INTO signalements_envois (adresse_hash) VALUES ($1)", adresse_hash)
