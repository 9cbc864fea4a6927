"""The diagnostics read model (`diagnostics`) and its queries: a beneficiary's diagnostics and
their level history.

Each event becomes one SQL statement; consecutive statements of the same text go to
PostgreSQL in one `executemany`, so a batch costs a few round trips while keeping the
events' order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.beneficiaires.events import BeneficiaireAnonymise
from domain.diagnostics.events import (
    DiagnosticAnnule,
    DiagnosticCorrige,
    DiagnosticRealise,
    NiveauEvalue,
)
from domain.diagnostics.state import CHAMPS_CONSTAT
from projections.base import Projection, Statement, colonnes, executer_en_lots

_json = msgspec.json.Encoder()

_INSERT = (
    "INSERT INTO diagnostics (id, version, beneficiaire_id, date, source, scores, score_importe, "
    "drapeaux, thematiques, cible, competences_cibles, note, auteur, cree_le, modifie_le, "
    "modifie_par) VALUES ($1, $2, $12, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $13, $14, "
    "$14, $13) ON CONFLICT (id) DO NOTHING"
)
_CORRIGER = (
    "UPDATE diagnostics SET version = $2, date = $3, source = $4, scores = $5::jsonb, "
    "score_importe = $6, drapeaux = $7, thematiques = $8, cible = $9, competences_cibles = $10, "
    "note = $11, motif_annulation = $12, modifie_par = $13, modifie_le = $14 WHERE id = $1"
)
_EVALUER = (
    "UPDATE diagnostics SET version = $2, niveau = $3, grille_version = $4, detail = $5::jsonb, "
    "modifie_le = $6, modifie_par = $7 WHERE id = $1"
)
_ANNULER = (
    "UPDATE diagnostics SET version = $2, annule = true, motif_annulation = $3, "
    "modifie_le = $4, modifie_par = $5 WHERE id = $1"
)


_SCORES = frozenset({"scores"})


def _constat(event: DiagnosticRealise | DiagnosticCorrige, extra: Any) -> tuple[Any, ...]:
    """$3 to $11: what the diagnostic records (the fields of a Constat, in their order)."""
    return (
        event.originator_id,
        event.originator_version,
        *colonnes(event, CHAMPS_CONSTAT, _SCORES),
        extra,
        event.auteur,
        event.timestamp,
    )


_OUBLIER_NOTES = (
    "UPDATE diagnostics SET note = NULL WHERE beneficiaire_id = $1 AND note IS NOT NULL"
)


def statement(event: Any) -> Statement | None:
    kind = type(event)
    if kind is DiagnosticRealise:
        return _INSERT, _constat(event, event.beneficiaire_id)
    if kind is DiagnosticCorrige:
        # $12 is the creation's beneficiary; a correction passes NULL there (its reason is
        # in the history) and an open diagnostic has no cancellation reason anyway.
        return _CORRIGER, _constat(event, None)
    if kind is NiveauEvalue:
        return _EVALUER, (
            event.originator_id,
            event.originator_version,
            event.niveau,
            event.grille_version,
            _json.encode(event.detail).decode(),
            event.timestamp,
            event.auteur,
        )
    if kind is BeneficiaireAnonymise:
        # The notes' key is destroyed with the person's: their copies here go too.
        return _OUBLIER_NOTES, (event.originator_id,)
    if kind is DiagnosticAnnule:
        return _ANNULER, (
            event.originator_id,
            event.originator_version,
            event.motif,
            event.timestamp,
            event.auteur,
        )
    return None


class DiagnosticsProjection(Projection):
    name = "diagnostics"
    event_types = (
        DiagnosticRealise,
        DiagnosticCorrige,
        NiveauEvalue,
        DiagnosticAnnule,
        BeneficiaireAnonymise,
    )
    tables = ("diagnostics",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await executer_en_lots(conn, map(statement, events))


# --- queries ---------------------------------------------------------------------------------


class DiagnosticVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    beneficiaire_id: UUID
    date: date
    source: str
    scores: dict[str, int]
    score_importe: int | None
    drapeaux: list[str]
    thematiques: list[str]
    cible: int | None
    competences_cibles: list[str]
    note: str | None
    niveau: int | None
    grille_version: str | None
    detail: dict[str, Any] | None
    auteur: str
    annule: bool
    motif_annulation: str | None
    cree_le: datetime
    modifie_le: datetime


class PointNiveau(msgspec.Struct, frozen=True, kw_only=True):
    """One point of a beneficiary's level history."""

    date: date
    niveau: int
    grille_version: str
    source: str
    diagnostic_id: UUID


_COLONNES = (
    "id, version, beneficiaire_id, date, source, scores::text AS scores, score_importe, "
    "drapeaux, thematiques, cible, competences_cibles, note, niveau, grille_version, "
    "detail::text AS detail, auteur, annule, motif_annulation, cree_le, modifie_le"
)


def _vue(row: asyncpg.Record) -> DiagnosticVue:
    valeurs = dict(row)
    valeurs["scores"] = msgspec.json.decode(valeurs["scores"])
    valeurs["detail"] = msgspec.json.decode(valeurs["detail"]) if valeurs["detail"] else None
    return msgspec.convert(valeurs, DiagnosticVue)


async def lire_diagnostic(conn: asyncpg.Connection, diagnostic_id: UUID) -> DiagnosticVue | None:
    row = await conn.fetchrow(f"SELECT {_COLONNES} FROM diagnostics WHERE id = $1", diagnostic_id)
    return _vue(row) if row else None


async def diagnostics_du_beneficiaire(
    conn: asyncpg.Connection, beneficiaire_id: UUID, *, inclure_annules: bool = False
) -> list[DiagnosticVue]:
    """Most recent first."""
    rows = await conn.fetch(
        f"SELECT {_COLONNES} FROM diagnostics WHERE beneficiaire_id = $1 "
        "AND ($2 OR NOT annule) ORDER BY date DESC, cree_le DESC",
        beneficiaire_id,
        inclure_annules,
    )
    return [_vue(row) for row in rows]


async def historique_niveaux(conn: asyncpg.Connection, beneficiaire_id: UUID) -> list[PointNiveau]:
    """The level of each diagnostic still standing, oldest first, with the grid version that
    computed it."""
    rows = await conn.fetch(
        "SELECT date, niveau, grille_version, source, id AS diagnostic_id FROM diagnostics "
        "WHERE beneficiaire_id = $1 AND NOT annule AND niveau IS NOT NULL "
        "ORDER BY date, cree_le",
        beneficiaire_id,
    )
    return [msgspec.convert(dict(row), PointNiveau) for row in rows]
