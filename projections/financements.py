"""The `financements` read model (funding applications) and the queries of its pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.financements.events import (
    EVENEMENTS_FINANCEMENT,
    FinancementAccorde,
    FinancementDepose,
    FinancementModifie,
    FinancementRefuse,
)
from projections.base import Projection, Statement, creation, executer_en_lots, modification

_ACCORDE = (
    "UPDATE financements SET version = $2, statut = 'accorde', montant_accorde = $3, "
    "date_decision = $4, motif_refus = NULL, modifie_le = $5, modifie_par = $6 WHERE id = $1"
)
_REFUSE = (
    "UPDATE financements SET version = $2, statut = 'refuse', montant_accorde = NULL, "
    "date_decision = $3, motif_refus = $4, modifie_le = $5, modifie_par = $6 WHERE id = $1"
)


class FinancementsProjection(Projection):
    name = "financements"
    event_types = EVENEMENTS_FINANCEMENT
    tables = ("financements",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        # In order: a batch may hold an application's filing, corrections and decision.
        await executer_en_lots(conn, map(statement, events))


_accord = attrgetter(
    "originator_id", "originator_version", "montant_accorde", "date_decision", "timestamp", "auteur"
)
_refus = attrgetter(
    "originator_id", "originator_version", "date_decision", "motif", "timestamp", "auteur"
)


def statement(e: Any) -> Statement | None:
    if isinstance(e, FinancementDepose):
        return creation("financements", e)
    if isinstance(e, FinancementModifie):
        return modification("financements", e, e.champs_modifies())
    if isinstance(e, FinancementAccorde):
        return _ACCORDE, _accord(e)
    if isinstance(e, FinancementRefuse):
        return _REFUSE, _refus(e)
    return None


class FinancementVue(msgspec.Struct, frozen=True, kw_only=True):
    """A funding application as lists and the API show it (amounts in centimes)."""

    id: UUID
    version: int
    source: str
    financeur: str
    objet: str
    montant_demande: int
    structure_id: UUID
    structure_nom: str | None
    code_insee: str | None
    date_depot: date
    periode_debut: date
    periode_fin: date
    fonctionnement_hub: bool
    fleche_accompagnement: bool
    statut: str
    montant_accorde: int | None
    date_decision: date | None
    motif_refus: str | None
    cree_le: datetime
    cree_par: str
    modifie_le: datetime
    modifie_par: str


class FiltresFinancements(msgspec.Struct, frozen=True, kw_only=True):
    source: str | None = None
    statut: str | None = None
    structure_id: UUID | None = None
    annee: int | None = None
    """Year of the decision, or of the filing for applications awaiting one."""


_SELECT = (
    "SELECT f.id, f.version, f.source, f.financeur, f.objet, f.montant_demande, "
    "f.structure_id, s.nom AS structure_nom, s.code_insee, f.date_depot, f.periode_debut, "
    "f.periode_fin, f.fonctionnement_hub, f.fleche_accompagnement, f.statut, "
    "f.montant_accorde, f.date_decision, f.motif_refus, f.cree_le, f.cree_par, f.modifie_le, "
    "f.modifie_par FROM financements f LEFT JOIN structures s ON s.id = f.structure_id "
)


async def lister_financements(
    conn: asyncpg.Connection, filtres: FiltresFinancements, *, limit: int, offset: int
) -> tuple[list[FinancementVue], int]:
    """Applications, most recent filing first, and how many match."""
    where = (
        "WHERE ($1::text IS NULL OR f.source = $1) AND ($2::text IS NULL OR f.statut = $2) "
        "AND ($3::uuid IS NULL OR f.structure_id = $3) AND ($4::int IS NULL OR "
        "extract(year FROM coalesce(f.date_decision, f.date_depot))::int = $4) "
    )
    args = (filtres.source, filtres.statut, filtres.structure_id, filtres.annee)
    records = await conn.fetch(
        _SELECT + where + "ORDER BY f.date_depot DESC, f.id LIMIT $5 OFFSET $6",
        *args,
        limit,
        offset,
    )
    total = await conn.fetchval("SELECT count(*) FROM financements f " + where, *args)
    return [msgspec.convert(dict(r), FinancementVue) for r in records], int(total)


async def lire_financement(conn: asyncpg.Connection, financement_id: UUID) -> FinancementVue | None:
    record = await conn.fetchrow(_SELECT + "WHERE f.id = $1", financement_id)
    return msgspec.convert(dict(record), FinancementVue) if record else None
