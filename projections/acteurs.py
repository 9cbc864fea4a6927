"""The structures and aidants read models: `structures`, `aidants`, `affiliations`,
`qualifications`. Their queries are in projections/acteurs_requetes.py.

Each event becomes one SQL statement; consecutive statements of the same text go to
PostgreSQL in one `executemany`, so a batch costs a few round trips while keeping the
events' order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

import asyncpg

from domain.acteurs.events import (
    AIDANT_EFFACE,
    EVENEMENTS_AIDANT,
    EVENEMENTS_STRUCTURE,
    AffiliationTerminee,
    AidantAffilie,
    AidantDesactive,
    AidantEfface,
    AidantEnregistre,
    AidantHabiliteAidantsConnect,
    AidantModifie,
    HabilitationRetiree,
    LieuDetache,
    LieuRattache,
    QualificationAnnulee,
    QualificationCorrigee,
    QualificationEnregistree,
    StructureFermee,
    StructureModifiee,
    StructureRecensee,
)
from projections.base import (
    Projection,
    Statement,
    creation,
    executer_en_lots,
    mise_a_jour,
    modification,
)

_AFFILIATION_INSERT = (
    "INSERT INTO affiliations (aidant_id, structure_id, debut, fin) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
)
_AFFILIATION_FIN = (
    "UPDATE affiliations SET fin = $4 WHERE aidant_id = $1 AND structure_id = $2 AND debut = $3"
)
_QUALIFICATION_INSERT = (
    "INSERT INTO qualifications (aidant_id, type, obtenue_le, libelle, expire_le, "
    "score, enregistree_le, enregistree_par, numero) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING"
)
_QUALIFICATION_CORRECTION = (
    "UPDATE qualifications SET obtenue_le = $5, expire_le = $6, score = $7 "
    "WHERE aidant_id = $1 AND type = $2 AND obtenue_le = $3 AND libelle = $4"
)
_QUALIFICATION_ANNULATION = (
    "DELETE FROM qualifications "
    "WHERE aidant_id = $1 AND type = $2 AND obtenue_le = $3 AND libelle = $4"
)


# An affiliation's row, found again by its aidant, structure and start ($1 to $3).
_affiliation = attrgetter("originator_id", "structure_id", "debut", "fin")


def _qualification(event: Any, obtenue_le: date, *autres: Any) -> tuple[Any, ...]:
    """A qualification's key, $1 to $4, then `autres`. The key is the same in the statements
    that insert, correct and delete a row; a qualification without a label has an empty one."""
    return (event.originator_id, event.type, obtenue_le, event.libelle or "", *autres)


def statement(event: Any) -> list[Statement]:
    """The SQL an event makes (several for those touching two tables)."""
    kind = type(event)
    if kind is StructureRecensee:
        return [creation("structures", event)]
    if kind is StructureModifiee:
        return [modification("structures", event, event.champs_modifies())]
    if kind is StructureFermee:
        return [
            mise_a_jour("structures", event, "fermee = true, motif_fermeture = $5", event.motif)
        ]
    if kind is LieuRattache:
        sets = "lieux = CASE WHEN $5 = any(lieux) THEN lieux ELSE array_append(lieux, $5) END"
        return [mise_a_jour("structures", event, sets, event.lieu_id)]
    if kind is LieuDetache:
        return [mise_a_jour("structures", event, "lieux = array_remove(lieux, $5)", event.lieu_id)]
    if kind is AidantEnregistre:
        return [creation("aidants", event)]
    if kind is AidantModifie:
        return [modification("aidants", event, event.champs_modifies())]
    if kind is AidantDesactive:
        return [
            mise_a_jour("aidants", event, "desactive = true, motif_desactivation = $5", event.motif)
        ]
    if kind is AidantEfface:
        sets = (
            "prenom = $5, nom = $6, email = NULL, telephone = NULL, efface = true, efface_le = $3"
        )
        return [mise_a_jour("aidants", event, sets, AIDANT_EFFACE["prenom"], AIDANT_EFFACE["nom"])]
    if kind is AidantAffilie:
        return [mise_a_jour("aidants", event), (_AFFILIATION_INSERT, _affiliation(event))]
    if kind is AffiliationTerminee:
        return [mise_a_jour("aidants", event), (_AFFILIATION_FIN, _affiliation(event))]
    if kind is QualificationEnregistree:
        ligne = _qualification(
            event,
            event.obtenue_le,
            event.expire_le,
            event.score,
            event.timestamp,
            event.auteur,
            event.originator_version,
        )
        return [mise_a_jour("aidants", event), (_QUALIFICATION_INSERT, ligne)]
    if kind is QualificationCorrigee:
        ligne = _qualification(
            event, event.ancienne_obtention, event.obtenue_le, event.expire_le, event.score
        )
        return [mise_a_jour("aidants", event), (_QUALIFICATION_CORRECTION, ligne)]
    if kind is QualificationAnnulee:
        ligne = _qualification(event, event.obtenue_le)
        return [mise_a_jour("aidants", event), (_QUALIFICATION_ANNULATION, ligne)]
    if kind is AidantHabiliteAidantsConnect:
        sets = (
            "habilite_aidants_connect = true, habilitation_le = $5, habilitation_expire_le = $6, "
            "habilitation_retiree_le = NULL, motif_retrait_habilitation = NULL"
        )
        return [mise_a_jour("aidants", event, sets, event.le, event.expire_le)]
    if kind is HabilitationRetiree:
        sets = (
            "habilite_aidants_connect = false, habilitation_retiree_le = $3, "
            "motif_retrait_habilitation = $5"
        )
        return [mise_a_jour("aidants", event, sets, event.motif)]
    return []


class ActeursProjection(Projection):
    name = "acteurs"
    event_types = (*EVENEMENTS_STRUCTURE, *EVENEMENTS_AIDANT)
    tables = ("qualifications", "affiliations", "aidants", "structures")

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        await executer_en_lots(conn, (s for event in events for s in statement(event)))
