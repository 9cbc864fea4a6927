"""Queries on the trainings' read models (projections/formations.py), for the API and pages.

Names of aidants come from the `aidants` read model at query time: enrolments store only ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from projections.listes import Conditions, Liste, lecteur


class ModuleVue(msgspec.Struct, frozen=True, kw_only=True):
    titre: str
    heures: float


class ParcoursVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    titre: str
    duree_heures: float
    modules: list[ModuleVue]
    types_aidant: list[str]
    qualification_delivree: str | None
    description: str | None
    archive: bool
    sessions_a_venir: int
    date_maj: datetime


class CreneauVue(msgspec.Struct, frozen=True, kw_only=True):
    jour: date
    moment: str

    @property
    def cle(self) -> str:
        jour = self.jour.isoformat()
        return jour if self.moment == "journee" else f"{jour}/{self.moment}"


class SessionVue(msgspec.Struct, frozen=True, kw_only=True):
    """A session with its counts; no names of people (it may be read by anyone)."""

    id: UUID
    version: int
    parcours_id: UUID
    parcours_titre: str
    duree_heures: float
    debut: date
    fin: date
    creneaux: list[CreneauVue]
    mode: str
    lieu_id: UUID | None
    lieu_nom: str | None
    lieu_commune: str | None
    departement: str | None
    modalites_distance: str | None
    formateur: str
    organisme: str | None
    capacite: int
    inscrits: int
    en_attente: int
    places_restantes: int
    terminees: int
    annulee: bool
    motif_annulation: str | None
    date_maj: datetime


class InscriptionVue(msgspec.Struct, frozen=True, kw_only=True):
    """An enrolment as coordinators see it: the aidant, attendance per slot, completion."""

    aidant_id: UUID
    prenom: str | None
    nom: str | None
    type_aidant: str | None
    statut: str
    rang: int
    inscrite_le: datetime
    presences: dict[str, bool]
    terminee_le: datetime | None
    qualification_delivree: str | None


class FiltresParcours(msgspec.Struct, frozen=True, kw_only=True):
    q: str | None = None
    type_aidant: str | None = None
    inclure_archives: bool = False


class FiltresSessions(msgspec.Struct, frozen=True, kw_only=True):
    parcours_id: UUID | None = None
    a_partir_du: date | None = None  # sessions ending on or after this day
    jusqu_au: date | None = None  # sessions that started before or on this day
    mode: str | None = None
    departement: str | None = None
    q: str | None = None
    inclure_annulees: bool = False


# --- training paths --------------------------------------------------------------------------

_SELECT_PARCOURS = (
    "SELECT p.id, p.version, p.titre, p.duree_heures, p.modules, p.types_aidant, "
    "p.qualification_delivree, p.description, p.archive, p.modifie_le AS date_maj, "
    "(SELECT count(*) FROM formation_sessions s WHERE s.parcours_id = p.id AND NOT s.annulee "
    "AND s.fin >= current_date) AS sessions_a_venir FROM formation_parcours p"
)


def _where_parcours(filtres: FiltresParcours) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_archives:
        c.ajouter("NOT p.archive")
    c.si(filtres.type_aidant, "$? = any(p.types_aidant)")
    c.recherche(filtres.q, "lower(p.titre)", "lower(coalesce(p.description, ''))")
    return c.where()


_PARCOURS = Liste(
    _SELECT_PARCOURS,
    "formation_parcours p",
    "p.archive, lower(p.titre), p.id",
    "p.id",
    lecteur(ParcoursVue, "modules"),
)


async def lister_parcours(
    conn: asyncpg.Connection, filtres: FiltresParcours, *, limit: int, offset: int
) -> tuple[list[ParcoursVue], int]:
    return await _PARCOURS.page(conn, _where_parcours(filtres), limit, offset)


async def lire_parcours(conn: asyncpg.Connection, parcours_id: UUID) -> ParcoursVue | None:
    return await _PARCOURS.lire(conn, parcours_id)


# --- sessions --------------------------------------------------------------------------------

_SELECT_SESSION = (
    "SELECT s.id, s.version, s.parcours_id, p.titre AS parcours_titre, p.duree_heures, "
    "s.debut, s.fin, s.creneaux, s.mode, s.lieu_id, l.nom AS lieu_nom, l.commune AS "
    "lieu_commune, l.departement, s.modalites_distance, s.formateur, s.organisme, s.capacite, "
    "s.inscrits, s.en_attente, greatest(0, s.capacite - s.inscrits) AS places_restantes, "
    "s.terminees, s.annulee, s.motif_annulation, s.modifie_le AS date_maj "
    "FROM formation_sessions s JOIN formation_parcours p ON p.id = s.parcours_id "
    "LEFT JOIN lieux l ON l.id = s.lieu_id"
)


def _where_sessions(filtres: FiltresSessions) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_annulees:
        c.ajouter("NOT s.annulee")
    c.si(filtres.parcours_id, "s.parcours_id = $?")
    c.si(filtres.a_partir_du, "s.fin >= $?")
    c.si(filtres.jusqu_au, "s.debut <= $?")
    c.si(filtres.mode, "s.mode = $?")
    c.si(filtres.departement, "l.departement = $?")
    c.recherche(filtres.q, "lower(p.titre)", "lower(coalesce(l.commune, ''))", "lower(s.formateur)")
    return c.where()


_SESSIONS = Liste(
    _SELECT_SESSION,
    "formation_sessions s JOIN formation_parcours p ON p.id = s.parcours_id "
    "LEFT JOIN lieux l ON l.id = s.lieu_id",
    "s.debut, s.fin, s.id",
    "s.id",
    lecteur(SessionVue, "creneaux"),
)


async def lister_sessions(
    conn: asyncpg.Connection, filtres: FiltresSessions, *, limit: int, offset: int
) -> tuple[list[SessionVue], int]:
    return await _SESSIONS.page(conn, _where_sessions(filtres), limit, offset)


async def lire_session(conn: asyncpg.Connection, session_id: UUID) -> SessionVue | None:
    return await _SESSIONS.lire(conn, session_id)


# --- enrolments ------------------------------------------------------------------------------


async def inscriptions_de_session(
    conn: asyncpg.Connection, session_id: UUID
) -> list[InscriptionVue]:
    """Enrolled first (by name), then the waiting list in its order, then the cancelled."""
    records = await conn.fetch(
        "SELECT i.aidant_id, a.prenom, a.nom, a.type_aidant, i.statut, i.rang, i.inscrite_le, "
        "i.presences, i.terminee_le, i.qualification_delivree "
        "FROM formation_inscriptions i LEFT JOIN aidants a ON a.id = i.aidant_id "
        "WHERE i.session_id = $1 ORDER BY CASE i.statut WHEN 'inscrit' THEN 0 "
        "WHEN 'en_attente' THEN 1 ELSE 2 END, "
        "CASE WHEN i.statut = 'inscrit' THEN lower(a.nom || ' ' || a.prenom) END, i.rang",
        session_id,
    )
    return [_inscription(r) for r in records]


_inscription = lecteur(InscriptionVue, "presences")


class AidantChoix(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    prenom: str
    nom: str
    type_aidant: str


async def aidants_inscriptibles(
    conn: asyncpg.Connection, types_aidant: list[str], session_id: UUID
) -> list[AidantChoix]:
    """Active aidants of the path's target types not already enrolled in the session."""
    records = await conn.fetch(
        "SELECT a.id, a.prenom, a.nom, a.type_aidant FROM aidants a "
        "WHERE NOT a.desactive AND a.type_aidant = any($1::text[]) AND NOT EXISTS ("
        "SELECT 1 FROM formation_inscriptions i WHERE i.session_id = $2 "
        "AND i.aidant_id = a.id AND i.statut <> 'annulee') "
        "ORDER BY lower(a.nom), lower(a.prenom), a.id LIMIT 2000",
        types_aidant,
        session_id,
    )
    return [msgspec.convert(dict(r), AidantChoix) for r in records]


class LieuChoix(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    commune: str


async def lieux_ouverts(conn: asyncpg.Connection) -> list[LieuChoix]:
    """The open places a session in person may take place in, for the form's list."""
    records = await conn.fetch(
        "SELECT id, nom, commune FROM lieux WHERE NOT ferme ORDER BY commune, nom, id LIMIT 5000"
    )
    return [msgspec.convert(dict(r), LieuChoix) for r in records]


async def noms_aidants(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, str]:
    records = await conn.fetch(
        "SELECT a.id, a.prenom || ' ' || a.nom AS nom FROM unnest($1::uuid[]) AS wanted (id) "
        "JOIN aidants a ON a.id = wanted.id",
        ids,
    )
    return {r["id"]: r["nom"] for r in records}
