"""What the home pages read: a mediator's week, the people they should get back to and their
referrals awaiting an answer; the registry's work queues for coordinators.

People are named only for the mediator who follows them (`beneficiaires.mediateur`), as
everywhere else; an erased person is « Personne effacée »."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import asyncpg
import msgspec

from domain.lieux.historique import VALIDITE_MOIS
from domain.orientation.decide import DELAI_RELANCE

SANS_SEANCE_JOURS = 60
"""A followed person without a session for this many days is « à recontacter »: two months
is longer than any usual path between two sessions, and short of the yearly retention."""

PERSONNE_EFFACEE = "Personne effacée"
PERSONNE_ANONYME = "Personne anonyme"
EN_ATTENTE = ("proposee", "acceptee")
"""A referral awaits an answer until the receiving place takes the person in charge."""


def nom_affiche(prenom: str | None, nom: str | None, anonymise: bool | None) -> str | None:
    """How a list names a person the viewer may see; None when the viewer may not."""
    if anonymise is None:
        return None
    if anonymise:
        return PERSONNE_EFFACEE
    if prenom or nom:
        return " ".join(p for p in (prenom, nom) if p)
    return PERSONNE_ANONYME


async def noms_visibles(
    conn: asyncpg.Connection, beneficiaire_ids: list[UUID], mediateur: str | None
) -> dict[UUID, str]:
    """Names of the people among these that `mediateur` follows (everyone's for None: an
    admin); the others are left out, so that a list shows no name it may not."""
    records = await conn.fetch(
        "SELECT id, prenom, nom, anonymise FROM beneficiaires WHERE id = any($1::uuid[]) "
        "AND ($2::text IS NULL OR mediateur = $2)",
        beneficiaire_ids,
        mediateur,
    )
    return {
        r["id"]: nom_affiche(r["prenom"], r["nom"], r["anonymise"]) or PERSONNE_ANONYME
        for r in records
    }


class Seance(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    date: date
    type: str
    duree: int
    titre: str | None
    thematiques: list[str]
    participants: int
    lieu: str | None
    personne: str | None


async def seances_du_mediateur(
    conn: asyncpg.Connection, mediateur: str, du: date, au: date
) -> list[Seance]:
    """The mediator's own activities dated within [du, au], most recent first."""
    records = await conn.fetch(
        "SELECT a.id, a.date, a.type, a.duree, a.titre, a.thematiques, a.participants, "
        "coalesce(l.nom, c.nom) AS lieu, b.prenom, b.nom, b.anonymise "
        "FROM activites a LEFT JOIN lieux l ON l.id = a.lieu_id "
        "LEFT JOIN communes c ON c.code_insee = a.commune "
        "LEFT JOIN beneficiaires b ON b.id = a.beneficiaire_id AND b.mediateur = a.mediateur "
        "WHERE a.mediateur = $1 AND NOT a.supprimee AND a.date BETWEEN $2 AND $3 "
        "ORDER BY a.date DESC, a.cree_le DESC LIMIT 200",
        mediateur,
        du,
        au,
    )
    return [
        Seance(
            id=r["id"],
            date=r["date"],
            type=r["type"],
            duree=r["duree"],
            titre=r["titre"],
            thematiques=list(r["thematiques"]),
            participants=r["participants"],
            lieu=r["lieu"],
            personne=nom_affiche(r["prenom"], r["nom"], r["anonymise"]),
        )
        for r in records
    ]


class PersonneASuivre(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    derniere_seance: date | None
    orientation_en_attente: bool


async def personnes_a_suivre(
    conn: asyncpg.Connection, mediateur: str, aujourdhui: date, maintenant: datetime
) -> tuple[list[PersonneASuivre], int]:
    """Followed people (by name, not erased) with a referral awaiting an answer for
    `DELAI_RELANCE`, or without a session for `SANS_SEANCE_JOURS` days (counted from their
    record's creation when they have none). Referrals first, then the longest forgotten."""
    requete = (
        "FROM beneficiaires b "
        "LEFT JOIN (SELECT beneficiaire_id, max(date) AS derniere FROM accompagnements "
        "  WHERE mediateur = $1 AND beneficiaire_id IS NOT NULL GROUP BY 1) s "
        "ON s.beneficiaire_id = b.id "
        "LEFT JOIN (SELECT DISTINCT beneficiaire_id FROM orientations "
        "  WHERE mediateur = $1 AND statut = any($4::text[]) AND modifie_le < $3) o "
        "ON o.beneficiaire_id = b.id "
        "WHERE b.mediateur = $1 AND b.nom IS NOT NULL AND NOT b.anonymise "
        "AND (o.beneficiaire_id IS NOT NULL "
        "  OR coalesce(s.derniere, (b.cree_le AT TIME ZONE 'Europe/Paris')::date) < $2)"
    )
    args = (
        mediateur,
        aujourdhui - timedelta(days=SANS_SEANCE_JOURS),
        maintenant - DELAI_RELANCE,
        list(EN_ATTENTE),
    )
    total = await conn.fetchval(f"SELECT count(*) {requete}", *args)
    records = await conn.fetch(
        "SELECT b.id, b.prenom, b.nom, s.derniere, o.beneficiaire_id IS NOT NULL AS oriente "
        f"{requete} ORDER BY oriente DESC, s.derniere NULLS FIRST, b.nom, b.id LIMIT 10",
        *args,
    )
    personnes = [
        PersonneASuivre(
            id=r["id"],
            nom=nom_affiche(r["prenom"], r["nom"], False) or PERSONNE_ANONYME,
            derniere_seance=r["derniere"],
            orientation_en_attente=r["oriente"],
        )
        for r in records
    ]
    return personnes, total


class OrientationEnAttente(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    personne: str | None
    lieu: str | None
    statut: str
    propose_le: datetime
    a_relancer: bool


async def orientations_en_attente(
    conn: asyncpg.Connection, mediateur: str, maintenant: datetime
) -> tuple[list[OrientationEnAttente], int]:
    """The mediator's referrals not answered yet by the receiving place, those to chase up
    first, then the oldest."""
    args = (mediateur, list(EN_ATTENTE), maintenant - DELAI_RELANCE)
    total = await conn.fetchval(
        "SELECT count(*) FROM orientations WHERE mediateur = $1 AND statut = any($2::text[]) "
        "AND $3::timestamptz IS NOT NULL",
        *args,
    )
    records = await conn.fetch(
        "SELECT o.id, o.statut, o.propose_le, l.nom AS lieu, b.prenom, b.nom, b.anonymise, "
        "o.modifie_le < $3 AS a_relancer FROM orientations o "
        "LEFT JOIN lieux l ON l.id = o.lieu_choisi "
        "LEFT JOIN beneficiaires b ON b.id = o.beneficiaire_id AND b.mediateur = $1 "
        "WHERE o.mediateur = $1 AND o.statut = any($2::text[]) "
        "ORDER BY a_relancer DESC, o.modifie_le, o.id LIMIT 10",
        *args,
    )
    return [
        OrientationEnAttente(
            id=r["id"],
            personne=nom_affiche(r["prenom"], r["nom"], r["anonymise"]),
            lieu=r["lieu"],
            statut=r["statut"],
            propose_le=r["propose_le"],
            a_relancer=r["a_relancer"],
        )
        for r in records
    ], total


class TravailRegistre(msgspec.Struct, frozen=True, kw_only=True):
    lieux_ouverts: int
    a_verifier: int
    signalements_a_traiter: int


async def travail_registre(conn: asyncpg.Connection) -> TravailRegistre:
    """The coordinators' queues over the registry (duplicates: `projections.doublons`)."""
    record = await conn.fetchrow(
        "SELECT count(*) AS ouverts, count(*) FILTER (WHERE verifie_le < now() - "
        f"interval '{VALIDITE_MOIS} months') AS a_verifier FROM lieux "
        "WHERE NOT ferme AND fusionne_dans IS NULL"
    )
    signalements = await conn.fetchval(
        "SELECT count(*) FROM signalements WHERE statut = 'a_traiter'"
    )
    assert record is not None
    return TravailRegistre(
        lieux_ouverts=record["ouverts"],
        a_verifier=record["a_verifier"],
        signalements_a_traiter=signalements,
    )
