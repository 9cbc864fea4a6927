"""The trainings' read models: training paths, sessions with their counts, enrolments with
attendance and completion. Queries are in projections/formations_requetes.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.base import Modification, champs_propres
from domain.formations.events import (
    EVENEMENTS_PARCOURS,
    EVENEMENTS_SESSION,
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    ParcoursArchive,
    ParcoursCree,
    ParcoursModifie,
    PresenceEnregistree,
    SessionAnnulee,
    SessionModifiee,
    SessionProgrammee,
)
from projections.base import Projection, creation, executer_en_lots

_INSCRIPTIONS = (
    InscriptionEnregistree,
    InscriptionPromue,
    InscriptionAnnulee,
    PresenceEnregistree,
    FormationTerminee,
)

_json = msgspec.json.Encoder()


def _doc(value: Any) -> str:
    return _json.encode(value).decode()


# The jsonb columns of the rows a record's first event inserts.
_MODULES = frozenset({"modules"})
_CRENEAUX = frozenset({"creneaux"})


def _par_document(table: str, modification: type[Modification]) -> str:
    """A change sets only the fields it carries: the row, overlaid with the change's document
    (its changed fields, which name the columns)."""
    colonnes = champs_propres(modification)
    return (
        f"UPDATE {table} t SET ({', '.join(colonnes)}) = (SELECT "
        f"{', '.join('r.' + nom for nom in colonnes)} FROM jsonb_populate_record(t, $2::jsonb) r), "
        "version = $3, modifie_le = $4, modifie_par = $5 WHERE t.id = $1"
    )


_MODIFIER_PARCOURS = _par_document("formation_parcours", ParcoursModifie)
_ARCHIVER_PARCOURS = (
    "UPDATE formation_parcours SET archive = true, version = $2, modifie_le = $3, "
    "modifie_par = $4 WHERE id = $1"
)
_MODIFIER_SESSION = _par_document("formation_sessions", SessionModifiee)
_ANNULER_SESSION = (
    "UPDATE formation_sessions SET annulee = true, motif_annulation = $2, version = $3, "
    "modifie_le = $4, modifie_par = $5 WHERE id = $1"
)
# Every other session event moves the session's version too.
_VERSION_SESSION = (
    "UPDATE formation_sessions SET version = $2, modifie_le = $3, modifie_par = $4 "
    "WHERE id = $1 AND version < $2"
)
_INSCRIRE = (
    "INSERT INTO formation_inscriptions (session_id, aidant_id, statut, rang, inscrite_le, "
    "modifie_le) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (session_id, aidant_id) DO UPDATE "
    "SET statut = excluded.statut, rang = excluded.rang, inscrite_le = excluded.inscrite_le, "
    "presences = '{}', terminee_le = NULL, qualification_delivree = NULL, "
    "modifie_le = excluded.modifie_le"
)
_STATUT = (
    "UPDATE formation_inscriptions SET statut = $3, modifie_le = $4 "
    "WHERE session_id = $1 AND aidant_id = $2"
)
_PRESENCE = (
    "UPDATE formation_inscriptions SET presences = presences || jsonb_build_object($3::text, "
    "$4::boolean), modifie_le = $5 WHERE session_id = $1 AND aidant_id = $2"
)
_TERMINER = (
    "UPDATE formation_inscriptions SET terminee_le = $3, qualification_delivree = $4, "
    "modifie_le = $3 WHERE session_id = $1 AND aidant_id = $2"
)
_COMPTER = (
    "UPDATE formation_sessions s SET inscrits = c.inscrits, en_attente = c.en_attente, "
    "terminees = c.terminees FROM ("
    "SELECT i.session_id, count(*) FILTER (WHERE i.statut = 'inscrit') AS inscrits, "
    "count(*) FILTER (WHERE i.statut = 'en_attente') AS en_attente, "
    "count(*) FILTER (WHERE i.terminee_le IS NOT NULL) AS terminees "
    "FROM unnest($1::uuid[]) AS touchee (id) "
    "JOIN formation_inscriptions i ON i.session_id = touchee.id GROUP BY i.session_id"
    ") c WHERE s.id = c.session_id"
)


def _statement(event: Any) -> tuple[str, tuple[Any, ...]]:
    """The statement that applies one event, with its arguments."""
    kind = type(event)
    qui = (event.timestamp, event.auteur)
    if kind is ParcoursCree:
        return creation("formation_parcours", event, _MODULES)
    if kind is ParcoursModifie:
        changes = _doc(event.champs_modifies())
        return _MODIFIER_PARCOURS, (event.originator_id, changes, event.originator_version, *qui)
    if kind is ParcoursArchive:
        return _ARCHIVER_PARCOURS, (event.originator_id, event.originator_version, *qui)
    if kind is SessionProgrammee:
        return creation("formation_sessions", event, _CRENEAUX)
    if kind is SessionModifiee:
        changes = _doc(event.champs_modifies())
        return _MODIFIER_SESSION, (event.originator_id, changes, event.originator_version, *qui)
    if kind is SessionAnnulee:
        return _ANNULER_SESSION, (
            event.originator_id,
            event.motif,
            event.originator_version,
            *qui,
        )
    session, aidant = event.originator_id, event.aidant_id
    if kind is InscriptionEnregistree:
        statut = "en_attente" if event.en_attente else "inscrit"
        return _INSCRIRE, (session, aidant, statut, event.originator_version, event.timestamp)
    if kind is InscriptionPromue:
        return _STATUT, (session, aidant, "inscrit", event.timestamp)
    if kind is InscriptionAnnulee:
        return _STATUT, (session, aidant, "annulee", event.timestamp)
    if kind is PresenceEnregistree:
        return _PRESENCE, (session, aidant, event.creneau, event.present, event.timestamp)
    if kind is FormationTerminee:
        return _TERMINER, (session, aidant, event.timestamp, event.qualification_delivree)
    raise TypeError(f"not a training event: {kind.__name__}")


class FormationsProjection(Projection):
    name = "formations"
    event_types = EVENEMENTS_PARCOURS + EVENEMENTS_SESSION
    tables = ("formation_inscriptions", "formation_sessions", "formation_parcours")

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await executer_en_lots(conn, (_statement(event) for event in events))
        inscriptions = EVENEMENTS_SESSION[3:]
        versions: dict[UUID, tuple[Any, ...]] = {
            e.originator_id: (e.originator_id, e.originator_version, e.timestamp, e.auteur)
            for e in events
            if isinstance(e, inscriptions)
        }
        if versions:
            await conn.executemany(_VERSION_SESSION, list(versions.values()))
            await conn.execute(_COMPTER, list(versions))
