"""The referrals read model (`orientations`) and its queries: lists with statuses, the ones
to chase up, the link's lookup, and what the scheduled job closes or expires."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.base import champs_propres
from domain.orientation.decide import DELAI_EXPIRATION, DELAI_RELANCE
from domain.orientation.events import (
    EVENEMENTS_ORIENTATION,
    LienPriseEnChargeEmis,
    OrientationAboutie,
    OrientationAcceptee,
    OrientationExpiree,
    OrientationProposee,
    OrientationRefusee,
    PriseEnCharge,
)
from domain.orientation.state import ACCEPTEE, EXPIREE, PRISE_EN_CHARGE
from projections.base import Projection, Statement, colonnes, executer_en_lots

_INSERT = (
    "INSERT INTO orientations (id, version, beneficiaire_id, mediateur, regles_version, regle, "
    "offre_type, regles, pourquoi, niveau, lieux_proposes, lieu_choisi, statut, propose_le, "
    "modifie_le, modifie_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
    "'proposee', $13, $13, $14) ON CONFLICT (id) DO NOTHING"
)
_STATUT = (
    "UPDATE orientations SET version = $2, statut = $3, modifie_le = $4, modifie_par = $5, "
    "lien_empreinte = CASE WHEN $3 = 'acceptee' THEN lien_empreinte END WHERE id = $1"
)
_ACCEPTER = (
    "UPDATE orientations SET version = $2, statut = 'acceptee', lieu_choisi = $3, "
    "modifie_le = $4, modifie_par = $5 WHERE id = $1"
)
_LIEN = (
    "UPDATE orientations SET version = $2, lien_empreinte = $3, lien_expire_le = $4, "
    "modifie_le = $5, modifie_par = $6 WHERE id = $1"
)
_REFUSER = (
    "UPDATE orientations SET version = $2, statut = 'refusee', motif_refus = $3, "
    "lien_empreinte = NULL, modifie_le = $4, modifie_par = $5 WHERE id = $1"
)
_ABOUTIR = (
    "UPDATE orientations SET version = $2, statut = 'aboutie', activite_id = $3, "
    "aboutie_le = $4, lien_empreinte = NULL, modifie_le = $5, modifie_par = $6 WHERE id = $1"
)


def statement(event: Any) -> Statement | None:
    kind = type(event)
    base = (event.originator_id, event.originator_version)
    if kind is OrientationProposee:
        # $3 to $12: the proposal's own fields, in their order.
        champs = colonnes(event, champs_propres(OrientationProposee))
        return _INSERT, (*base, *champs, event.timestamp, event.auteur)
    if kind is OrientationAcceptee:
        return _ACCEPTER, (*base, event.lieu_choisi, event.timestamp, event.auteur)
    if kind is LienPriseEnChargeEmis:
        return _LIEN, (*base, event.empreinte, event.expire_le, event.timestamp, event.auteur)
    if kind is OrientationRefusee:
        return _REFUSER, (*base, event.motif, event.timestamp, event.auteur)
    if kind is OrientationAboutie:
        return _ABOUTIR, (*base, event.activite_id, event.date, event.timestamp, event.auteur)
    statut = {PriseEnCharge: PRISE_EN_CHARGE, OrientationExpiree: EXPIREE}.get(kind)
    if statut is not None:
        return _STATUT, (*base, statut, event.timestamp, event.auteur)
    return None


class OrientationsProjection(Projection):
    name = "orientations"
    event_types = EVENEMENTS_ORIENTATION
    tables = ("orientations",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await executer_en_lots(conn, map(statement, events))


# --- queries ---------------------------------------------------------------------------------


class OrientationVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    beneficiaire_id: UUID | None
    mediateur: str | None
    regles_version: str
    regle: str
    offre_type: str
    regles: list[str]
    pourquoi: list[str]
    niveau: int | None
    lieux_proposes: list[UUID]
    lieu_choisi: UUID | None
    lieu_nom: str | None  # the place chosen, or the only one proposed
    statut: str
    lien_expire_le: datetime | None
    motif_refus: str | None
    aboutie_le: date | None
    propose_le: datetime
    modifie_le: datetime
    a_relancer: bool


_SELECT = (
    "SELECT o.id, o.version, o.beneficiaire_id, o.mediateur, o.regles_version, o.regle, "
    "o.offre_type, o.regles, o.pourquoi, o.niveau, o.lieux_proposes, o.lieu_choisi, "
    "l.nom AS lieu_nom, o.statut, o.lien_expire_le, o.motif_refus, o.aboutie_le, o.propose_le, "
    "o.modifie_le, (o.statut IN ('proposee', 'acceptee') AND o.modifie_le < $1) AS a_relancer "
    # the place chosen, or the only one proposed
    "FROM orientations o LEFT JOIN lieux l ON l.id = coalesce(o.lieu_choisi, "
    "CASE WHEN cardinality(o.lieux_proposes) = 1 THEN o.lieux_proposes[1] END)"
)


def _vue(record: asyncpg.Record) -> OrientationVue:
    return msgspec.convert(dict(record), OrientationVue)


async def lire_orientation(
    conn: asyncpg.Connection, orientation_id: UUID, maintenant: datetime
) -> OrientationVue | None:
    record = await conn.fetchrow(
        f"{_SELECT} WHERE o.id = $2", maintenant - DELAI_RELANCE, orientation_id
    )
    return _vue(record) if record else None


async def lister_orientations(
    conn: asyncpg.Connection,
    maintenant: datetime,
    *,
    mediateur: str | None,
    beneficiaire_id: UUID | None = None,
    statut: str | Sequence[str] | None = None,
    a_relancer: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[OrientationVue], int]:
    """`mediateur` None: everyone's (admins). Most recent first; those to chase up, oldest
    first."""
    # $1 (the reminder threshold) is used by the select list; name its type for the count.
    clauses = [
        "$1::timestamptz IS NOT NULL",
        "($2::text IS NULL OR o.mediateur = $2)",
        "($3::uuid IS NULL OR beneficiaire_id = $3)",
    ]
    clauses.append("($4::text[] IS NULL OR o.statut = any($4::text[]))")
    if a_relancer:
        clauses.append("o.statut IN ('proposee', 'acceptee') AND o.modifie_le < $1")
    where = " WHERE " + " AND ".join(clauses)
    statuts = None if not statut else [statut] if isinstance(statut, str) else list(statut)
    params = (maintenant - DELAI_RELANCE, mediateur, beneficiaire_id, statuts)
    total = await conn.fetchval(f"SELECT count(*) FROM orientations o{where}", *params)
    tri = "o.modifie_le, o.id" if a_relancer else "o.propose_le DESC, o.id"
    records = await conn.fetch(
        f"{_SELECT}{where} ORDER BY {tri} LIMIT $5 OFFSET $6", *params, limit, offset
    )
    return [_vue(r) for r in records], total


async def orientation_du_lien(conn: asyncpg.Connection, empreinte: str) -> UUID | None:
    found: UUID | None = await conn.fetchval(
        "SELECT id FROM orientations WHERE lien_empreinte = $1", empreinte
    )
    return found


class Aboutissement(msgspec.Struct, frozen=True, kw_only=True):
    orientation_id: UUID
    activite_id: UUID
    date: date


async def aboutissements(conn: asyncpg.Connection) -> list[Aboutissement]:
    """Accepted referrals whose person has an activity at the chosen place since the
    proposal: the first such activity for each (the activities read model's rows)."""
    records = await conn.fetch(
        "SELECT DISTINCT ON (o.id) o.id AS orientation_id, a.id AS activite_id, a.date "
        "FROM orientations o JOIN activites a ON a.lieu_id = o.lieu_choisi "
        "AND NOT a.supprimee AND o.beneficiaire_id = ANY(a.beneficiaires || a.beneficiaire_id) "
        "AND a.date >= (o.propose_le AT TIME ZONE 'Europe/Paris')::date "
        "WHERE o.statut IN ($1, $2) AND o.beneficiaire_id IS NOT NULL "
        "ORDER BY o.id, a.date, a.cree_le",
        ACCEPTEE,
        PRISE_EN_CHARGE,
    )
    return [msgspec.convert(dict(r), Aboutissement) for r in records]


async def a_expirer(conn: asyncpg.Connection, maintenant: datetime) -> list[UUID]:
    records = await conn.fetch(
        "SELECT id FROM orientations WHERE statut IN ('proposee', 'acceptee', "
        "'prise_en_charge') AND propose_le <= $1 ORDER BY propose_le, id",
        maintenant - DELAI_EXPIRATION,
    )
    return [r["id"] for r in records]
