"""Duplicate candidates among open places, kept by a projection, and the pairs coordinators
judged distinct."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import asyncpg

from domain.lieux.doublons import Candidat, PaireDoublon, Score, paires_touchees
from domain.lieux.events import EVENEMENTS_LIEU, DoublonEcarte, LieuRecense
from mednum.infra.ressemblance import ratio_rapidfuzz
from projections.base import Projection
from projections.lieux import plier, row_from_recense
from projections.lieux_requetes import LieuVue, lire_lieux


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


_CHAMPS = (
    "id",
    "nom",
    "adresse",
    "code_insee",
    "departement",
    "latitude",
    "longitude",
    "pivot",
    "ferme",
    "fusionne_dans",
)
_OUVERT = "NOT ferme AND fusionne_dans IS NULL"


class DoublonsProjection(Projection):
    """Each batch folds the places it touches into `doublons_lieux`, then scores only them
    against the open places of their commune: a change costs one commune's comparisons,
    not the registry's."""

    name = "doublons"
    event_types = EVENEMENTS_LIEU
    tables = ("doublons_candidats", "doublons_lieux")

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        ids = list({e.originator_id for e in events})
        rows = {
            r["id"]: dict(r)
            for r in await conn.fetch(
                f"SELECT {', '.join(_CHAMPS)} FROM doublons_lieux WHERE id = any($1::uuid[])",
                ids,
            )
        }
        for event in events:
            if type(event) is LieuRecense:
                rows[event.originator_id] = row_from_recense(event)
            elif (row := rows.get(event.originator_id)) is not None:
                plier(row, event)
        lignes = [tuple(row.get(c) for c in _CHAMPS) for row in rows.values()]
        await conn.executemany(
            f"INSERT INTO doublons_lieux ({', '.join(_CHAMPS)}) "
            f"VALUES ({', '.join(f'${i}' for i in range(1, len(_CHAMPS) + 1))}) "
            "ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in _CHAMPS[1:]),
            [(*ligne[:8], bool(ligne[8]), ligne[9]) for ligne in lignes],
        )
        await conn.execute(
            "DELETE FROM doublons_candidats WHERE a = any($1::uuid[]) OR b = any($1::uuid[])", ids
        )
        ouverts = [r for r in rows.values() if not r.get("ferme") and not r.get("fusionne_dans")]
        if not ouverts:
            return
        voisins = await conn.fetch(
            f"SELECT {', '.join(_CHAMPS)} FROM doublons_lieux "
            f"WHERE code_insee = any($1::text[]) AND {_OUVERT}",
            list({r["code_insee"] for r in ouverts}),
        )
        departements = {r["id"]: r["departement"] for r in voisins}
        # Scoring is CPU work: off the event loop, which also serves requests.
        paires = await asyncio.to_thread(
            paires_touchees,
            [_candidat(r) for r in ouverts],
            [_candidat(r) for r in voisins],
            ratio=ratio_rapidfuzz,
        )
        await conn.executemany(
            "INSERT INTO doublons_candidats "
            "(a, b, departement, total, nom, adresse, distance_m, meme_pivot) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [
                (
                    p.a,
                    p.b,
                    departements.get(p.a),
                    p.score.total,
                    p.score.nom,
                    p.score.adresse,
                    p.score.distance_m,
                    p.score.meme_pivot,
                )
                for p in paires
            ],
        )


def _candidat(row: Any) -> Candidat:
    return Candidat(
        id=row["id"],
        nom=row["nom"],
        adresse=row["adresse"],
        code_insee=row["code_insee"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        pivot=row["pivot"] if isinstance(row, asyncpg.Record) else row.get("pivot"),
    )


_NON_ECARTEES = "WHERE NOT EXISTS (SELECT 1 FROM doublons_ecartes e WHERE e.a = c.a AND e.b = c.b) "
_A_EXAMINER = "FROM doublons_candidats c " + _NON_ECARTEES


def _filtre(departement: str | None) -> tuple[str, list[Any]]:
    return ("AND c.departement = $1 ", [departement]) if departement else ("", [])


async def nombre_a_examiner(conn: asyncpg.Connection, departement: str | None = None) -> int:
    """How many candidate pairs wait for a coordinator's judgement."""
    filtre, params = _filtre(departement)
    return int(await conn.fetchval(f"SELECT count(*) {_A_EXAMINER}{filtre}", *params))


async def departements_a_examiner(conn: asyncpg.Connection) -> list[tuple[str, str, int]]:
    """The départements with pairs waiting, by code: (code, name, pairs)."""
    records = await conn.fetch(
        "SELECT c.departement AS code, coalesce(t.nom, c.departement) AS nom, count(*) AS n "
        "FROM doublons_candidats c "
        "LEFT JOIN territoires t ON t.niveau = 'departement' AND t.code = c.departement "
        f"{_NON_ECARTEES}GROUP BY c.departement, t.nom ORDER BY c.departement"
    )
    return [(r["code"], r["nom"], r["n"]) for r in records]


async def paires_candidates(
    conn: asyncpg.Connection, departement: str | None = None, limite: int | None = None
) -> list[PaireDoublon]:
    """The review queue: candidate pairs not yet judged, best score first (the `limite` first
    ones, read through the queue's index rather than sorted in Python)."""
    filtre, params = _filtre(departement)
    records = await conn.fetch(
        f"SELECT c.* {_A_EXAMINER}{filtre}ORDER BY c.total DESC, c.a, c.b"
        + (f" LIMIT {int(limite)}" if limite is not None else ""),
        *params,
    )
    return [
        PaireDoublon(
            a=r["a"],
            b=r["b"],
            score=Score(
                total=r["total"],
                nom=r["nom"],
                adresse=r["adresse"],
                distance_m=r["distance_m"],
                meme_pivot=r["meme_pivot"],
            ),
        )
        for r in records
    ]


async def paires_a_examiner(
    conn: asyncpg.Connection, departement: str | None, limite: int
) -> tuple[list[tuple[LieuVue, LieuVue, Score]], int]:
    """The first `limite` pairs of the queue with both places as shown, and the queue's
    length."""
    premieres = await paires_candidates(conn, departement, limite)
    lieux = await lire_lieux(conn, [i for p in premieres for i in (p.a, p.b)])
    vues = [(lieux[p.a], lieux[p.b], p.score) for p in premieres if p.a in lieux and p.b in lieux]
    return vues, await nombre_a_examiner(conn, departement)
