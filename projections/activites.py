"""The activities read models: `activites` (one row per activity) and `accompagnements` (one
row per participant of a non-deleted activity). Queries are in projections/activites_requetes.py
and projections/activites_statistiques.py.

Each event becomes a few SQL statements; consecutive statements of the same text go to
PostgreSQL in one `executemany` (consecutive recordings are grouped: rows, then participants),
so a batch costs a few round trips while keeping each activity's events in order. A
correction carries the whole corrected record, so it rewrites the row and its participants.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import asyncpg
import msgspec

from domain.activites.events import (
    ActiviteCorrigee,
    ActiviteEnregistree,
    ActiviteSupprimee,
    CompteRendu,
    ParticipantsAnonymes,
)
from projections.base import Projection, Statement, executer_en_lots, mise_a_jour

_COLONNES = (
    "type, date, duree, type_lieu, lieu_id, commune, materiel, thematiques, "
    "precisions_demarche, autonomie, oriente_vers_structure, redirection, titre, niveau, "
    "beneficiaire_id, beneficiaires, participants, anonymes, anonymes_deja_accompagnes, "
    "genres, tranches_age, statuts_sociaux, motif_retard, tags"
)
_NB = 24
_INSERT = (
    f"INSERT INTO activites (id, version, mediateur, cree_le, cree_par, modifie_le, modifie_par, "
    f"{_COLONNES}) VALUES ($1, $2, $3, $4, $5, $4, $5, "
    + ", ".join(f"${i}" for i in range(6, 6 + _NB))
    + ") ON CONFLICT (id) DO NOTHING"
)
# A correction rewrites every column of the report.
_CORRECTION = ", ".join(
    f"{col.strip()} = ${i}" for i, col in enumerate(_COLONNES.split(","), start=5)
)
_EFFACER_PARTICIPANTS = "DELETE FROM accompagnements WHERE activite_id = $1"
# Date, type and mediator come from the activity's row, written just before in the batch.
_PARTICIPANT = (
    "INSERT INTO accompagnements (activite_id, rang, beneficiaire_id, genre, tranche_age, "
    "statut_social, commune_residence, premier_accompagnement, date, type, mediateur) "
    "SELECT $1, $2, $3, $4, $5, $6, $7, $8, a.date, a.type, a.mediateur "
    "FROM activites a WHERE a.id = $1 ON CONFLICT DO NOTHING"
)


def _valeurs(cr: CompteRendu) -> tuple[Any, ...]:
    anonymes = cr.participants or ParticipantsAnonymes()
    return (
        cr.type,
        cr.date,
        cr.duree,
        cr.type_lieu,
        cr.lieu_id,
        cr.commune,
        list(cr.materiel),
        list(cr.thematiques),
        cr.precisions_demarche,
        cr.autonomie,
        cr.oriente_vers_structure,
        cr.structure_de_redirection,
        cr.titre_atelier,
        cr.niveau,
        cr.beneficiaire_id,
        list(cr.beneficiaires),
        cr.nombre_participants,
        anonymes.total,
        anonymes.deja_accompagne,
        msgspec.json.encode(anonymes.genres).decode(),
        msgspec.json.encode(anonymes.tranches_age).decode(),
        msgspec.json.encode(anonymes.statuts_sociaux).decode(),
        cr.motif_retard,
        list(cr.tags),
    )


def participants(activite_id: Any, cr: CompteRendu) -> list[Statement]:
    """One row per person: the followed ones by id, the anonymous ones without attributes
    they did not give (a workshop's are counts: nobody gets a genre at random)."""
    lignes: list[tuple[Any, ...]] = []
    if cr.type == "individuel":
        if cr.beneficiaire_id is not None:
            lignes.append((cr.beneficiaire_id, None, None, None, None, None))
        else:
            p = cr.profil
            lignes.append(
                (
                    None,
                    p.genre if p else "non_communique",
                    p.tranche_age if p else "non_communique",
                    p.statut_social if p else "non_communique",
                    p.commune_residence if p else None,
                    not (p and p.deja_accompagne),
                )
            )
    else:
        lignes.extend((b, None, None, None, None, None) for b in cr.beneficiaires)
        anonymes = cr.participants or ParticipantsAnonymes()
        lignes.extend(
            (None, None, None, None, None, rang >= anonymes.deja_accompagne)
            for rang in range(anonymes.total)
        )
    return [(_PARTICIPANT, (activite_id, rang, *ligne)) for rang, ligne in enumerate(lignes)]


def statements(event: Any) -> list[Statement]:
    kind = type(event)
    if kind is ActiviteEnregistree:
        return [
            (
                _INSERT,
                (
                    event.originator_id,
                    event.originator_version,
                    event.mediateur,
                    event.timestamp,
                    event.auteur,
                    *_valeurs(event.compte_rendu),
                ),
            ),
            *participants(event.originator_id, event.compte_rendu),
        ]
    if kind is ActiviteCorrigee:
        return [
            mise_a_jour("activites", event, _CORRECTION, *_valeurs(event.compte_rendu)),
            (_EFFACER_PARTICIPANTS, (event.originator_id,)),
            *participants(event.originator_id, event.compte_rendu),
        ]
    if kind is ActiviteSupprimee:
        return [
            mise_a_jour(
                "activites", event, "supprimee = true, motif_suppression = $5", event.motif
            ),
            (_EFFACER_PARTICIPANTS, (event.originator_id,)),
        ]
    return []


class ActivitesProjection(Projection):
    name = "activites"
    event_types = (ActiviteEnregistree, ActiviteCorrigee, ActiviteSupprimee)
    tables = ("accompagnements", "activites")

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await executer_en_lots(conn, en_ordre(events))


def en_ordre(events: Sequence[Any]) -> Iterator[Statement]:
    """The batch's statements, each activity's in its events' order. Consecutive recordings
    are new activities, independent of one another: their rows go first, then all their
    participants, so that each statement text comes in one run (one `executemany`) instead of
    alternating with the other at every event (two round trips an event)."""
    enregistrements: list[list[Statement]] = []
    for event in events:
        if type(event) is ActiviteEnregistree:
            enregistrements.append(statements(event))
            continue
        yield from _lignes_puis_participants(enregistrements)
        enregistrements = []
        yield from statements(event)
    yield from _lignes_puis_participants(enregistrements)


def _lignes_puis_participants(enregistrements: list[list[Statement]]) -> Iterator[Statement]:
    yield from (enregistrement[0] for enregistrement in enregistrements)
    yield from (s for enregistrement in enregistrements for s in enregistrement[1:])
