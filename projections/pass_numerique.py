"""The Pass numérique read model (orders, hand-overs, carnets given, scans) and the queries
of its pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.pass_numerique.events import (
    EVENEMENTS_PASS,
    CarnetInjecte,
    CarnetsRemis,
    CommandePassPassee,
    PassScanne,
)
from projections.base import Insertion, Projection, inserer_par_genre

_COMMANDE = (
    "INSERT INTO pass_commandes (id, version, commanditaire, perimetre_niveau, perimetre_code, "
    "date_commande, nb_carnets, pass_par_carnet, valeur_faciale, date_validite, cree_le, "
    "cree_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT DO NOTHING"
)
_REMISE = (
    "INSERT INTO pass_remises (commande_id, numero_debut, numero_fin, "
    "distributeur_structure_id, distributeur_nom, date_remise) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
)
_VERSION = "UPDATE pass_commandes SET version = greatest(version, $2) WHERE id = $1"
_CARNET = (
    "INSERT INTO pass_carnets (commande_id, numero, date_injection, distributeur_structure_id, "
    "distributeur_nom, beneficiaire_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
)
_SCAN = (
    "INSERT INTO pass_scans (commande_id, numero_carnet, numero_pass, lieu_id, date_scan, "
    "service) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
)

# Only inserts, keyed on the facts themselves: the order of the tables is enough.
_INSERTIONS: tuple[Insertion, ...] = (
    (
        _COMMANDE,
        CommandePassPassee,
        attrgetter(
            "originator_id",
            "originator_version",
            "commanditaire",
            "perimetre_niveau",
            "perimetre_code",
            "date_commande",
            "nb_carnets",
            "pass_par_carnet",
            "valeur_faciale",
            "date_validite",
            "timestamp",
            "auteur",
        ),
    ),
    (
        _REMISE,
        CarnetsRemis,
        attrgetter(
            "originator_id",
            "numero_debut",
            "numero_fin",
            "distributeur_structure_id",
            "distributeur_nom",
            "date_remise",
        ),
    ),
    (_VERSION, CarnetsRemis, attrgetter("originator_id", "originator_version")),
    (
        _CARNET,
        CarnetInjecte,
        attrgetter(
            "commande_id",
            "numero_carnet",
            "date_injection",
            "distributeur_structure_id",
            "distributeur_nom",
            "beneficiaire_id",
        ),
    ),
    (
        _SCAN,
        PassScanne,
        attrgetter(
            "commande_id", "numero_carnet", "numero_pass", "lieu_id", "date_scan", "service"
        ),
    ),
)


class PassNumeriqueProjection(Projection):
    name = "pass_numerique"
    event_types = EVENEMENTS_PASS
    tables = ("pass_scans", "pass_carnets", "pass_remises", "pass_commandes")

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await inserer_par_genre(conn, events, _INSERTIONS)


class CommandePassVue(msgspec.Struct, frozen=True, kw_only=True):
    """An order of pass as lists and the API show it (amounts in centimes)."""

    id: UUID
    version: int
    commanditaire: str
    perimetre_niveau: str
    perimetre_code: str
    perimetre_nom: str | None
    date_commande: date
    nb_carnets: int
    pass_par_carnet: int
    valeur_faciale: int
    date_validite: date
    cree_le: datetime
    cree_par: str
    carnets_injectes: int
    pass_scannes: int


class RemiseVue(msgspec.Struct, frozen=True, kw_only=True):
    numero_debut: int
    numero_fin: int
    distributeur_structure_id: UUID | None
    distributeur: str
    date_remise: date


_SELECT = """
SELECT c.id, c.version, c.commanditaire, c.perimetre_niveau, c.perimetre_code,
       coalesce(t.nom, m.nom) AS perimetre_nom, c.date_commande, c.nb_carnets,
       c.pass_par_carnet, c.valeur_faciale, c.date_validite, c.cree_le, c.cree_par,
       (SELECT count(*) FROM pass_carnets k WHERE k.commande_id = c.id) AS carnets_injectes,
       (SELECT count(*) FROM pass_scans p WHERE p.commande_id = c.id) AS pass_scannes
FROM pass_commandes c
LEFT JOIN territoires t ON t.niveau = c.perimetre_niveau AND t.code = c.perimetre_code
LEFT JOIN communes m ON c.perimetre_niveau = 'commune' AND m.code_insee = c.perimetre_code
"""


async def lister_commandes(
    conn: asyncpg.Connection, annee: int | None, *, limit: int, offset: int
) -> tuple[list[CommandePassVue], int]:
    """Orders, most recent first (of one year when given), and how many there are."""
    where = "WHERE $1::int IS NULL OR extract(year FROM c.date_commande)::int = $1 "
    records = await conn.fetch(
        _SELECT + where + "ORDER BY c.date_commande DESC, c.id LIMIT $2 OFFSET $3",
        annee,
        limit,
        offset,
    )
    total = await conn.fetchval("SELECT count(*) FROM pass_commandes c " + where, annee)
    return [msgspec.convert(dict(r), CommandePassVue) for r in records], int(total)


async def lire_commande(conn: asyncpg.Connection, commande_id: UUID) -> CommandePassVue | None:
    record = await conn.fetchrow(_SELECT + "WHERE c.id = $1", commande_id)
    return msgspec.convert(dict(record), CommandePassVue) if record else None


async def remises_de_commande(conn: asyncpg.Connection, commande_id: UUID) -> list[RemiseVue]:
    records = await conn.fetch(
        "SELECT r.numero_debut, r.numero_fin, r.distributeur_structure_id, "
        "coalesce(s.nom, r.distributeur_nom, '?') AS distributeur, r.date_remise "
        "FROM pass_remises r LEFT JOIN structures s ON s.id = r.distributeur_structure_id "
        "WHERE r.commande_id = $1 ORDER BY r.numero_debut",
        commande_id,
    )
    return [msgspec.convert(dict(r), RemiseVue) for r in records]


async def lieux_du_perimetre(
    conn: asyncpg.Connection, niveau: str, code: str
) -> list[tuple[UUID, str]]:
    """Open places in an order's perimeter, for the scan form: (id, « name (commune) »)."""
    records = await conn.fetch(
        "SELECT l.id, l.nom || ' (' || l.commune || ')' AS libelle FROM lieux l "
        "JOIN communes m ON m.code_insee = l.code_insee WHERE NOT l.ferme AND "
        "CASE $1 WHEN 'region' THEN m.region WHEN 'departement' THEN m.departement "
        "WHEN 'epci' THEN m.epci ELSE m.code_insee END = $2 ORDER BY l.nom LIMIT 2000",
        niveau,
        code,
    )
    return [(r["id"], r["libelle"]) for r in records]
