"""Queries on the activities read models (tables of projections/activites.py): a mediator's
list with filters, one activity, what the entry form pre-selects, names of the people an
activity mentions, and the last activity date of each followed person (retention job)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.activites.preferences import Preferences, Recente, preferences
from projections.listes import Conditions, Liste, lecteur

RECENTES = 50


class ActiviteVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    mediateur: str
    type: str
    date: dt.date
    duree: int
    type_lieu: str
    lieu_id: UUID | None
    lieu_nom: str | None
    commune: str | None
    commune_nom: str | None
    materiel: list[str]
    thematiques: list[str]
    precisions_demarche: str | None
    autonomie: str | None
    oriente_vers_structure: bool
    structure_de_redirection: str | None
    titre_atelier: str | None
    niveau: str | None
    beneficiaire_id: UUID | None
    beneficiaires: list[UUID]
    participants: int
    anonymes: int
    anonymes_deja_accompagnes: int
    genres: dict[str, int]
    tranches_age: dict[str, int]
    statuts_sociaux: dict[str, int]
    motif_retard: str | None
    tags: list[str] = msgspec.field(default_factory=list)
    supprimee: bool
    motif_suppression: str | None
    cree_le: dt.datetime
    modifie_le: dt.datetime
    modifie_par: str


class FiltresActivites(msgspec.Struct, frozen=True, kw_only=True):
    mediateur: str | None = None  # None: everyone's (admins)
    du: dt.date | None = None
    au: dt.date | None = None
    type: str | None = None
    thematique: str | None = None
    lieu_id: UUID | None = None
    beneficiaire_id: UUID | None = None
    inclure_supprimees: bool = False


_SELECT = (
    "SELECT a.id, a.version, a.mediateur, a.type, a.date, a.duree, a.type_lieu, a.lieu_id, "
    "l.nom AS lieu_nom, a.commune, c.nom AS commune_nom, a.materiel, a.thematiques, "
    "a.precisions_demarche, a.autonomie, a.oriente_vers_structure, "
    "a.redirection AS structure_de_redirection, a.titre AS titre_atelier, a.niveau, "
    "a.beneficiaire_id, a.beneficiaires, a.participants, a.anonymes, "
    "a.anonymes_deja_accompagnes, a.genres::text AS genres, a.tranches_age::text AS tranches_age, "
    "a.statuts_sociaux::text AS statuts_sociaux, a.motif_retard, a.tags, a.supprimee, "
    "a.motif_suppression, a.cree_le, a.modifie_le, a.modifie_par "
    "FROM activites a LEFT JOIN lieux l ON l.id = a.lieu_id "
    "LEFT JOIN communes c ON c.code_insee = a.commune"
)


def _where(filtres: FiltresActivites) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_supprimees:
        c.ajouter("NOT a.supprimee")
    c.si_donne(filtres.mediateur, "a.mediateur = $?")
    c.si_donne(filtres.du, "a.date >= $?")
    c.si_donne(filtres.au, "a.date <= $?")
    c.si(filtres.type, "a.type = $?")
    c.si(filtres.thematique, "$? = any(a.thematiques)")
    c.si_donne(filtres.lieu_id, "a.lieu_id = $?")
    c.si_donne(filtres.beneficiaire_id, "(a.beneficiaire_id = $? OR $? = any(a.beneficiaires))")
    return c.where()


_ACTIVITES = Liste(
    _SELECT,
    "activites a",
    "a.date DESC, a.cree_le DESC, a.id",
    "a.id",
    lecteur(ActiviteVue, "genres", "tranches_age", "statuts_sociaux"),
)


async def lister_activites(
    conn: asyncpg.Connection, filtres: FiltresActivites, *, limit: int, offset: int
) -> tuple[list[ActiviteVue], int]:
    return await _ACTIVITES.page(conn, _where(filtres), limit, offset)


async def lire_activite(conn: asyncpg.Connection, activite_id: UUID) -> ActiviteVue | None:
    return await _ACTIVITES.lire(conn, activite_id)


async def preferences_de(conn: asyncpg.Connection, mediateur: str) -> Preferences:
    """What the entry form pre-selects, from the mediator's last activities."""
    records = await conn.fetch(
        "SELECT type_lieu, lieu_id, commune, materiel, thematiques, duree FROM activites "
        "WHERE mediateur = $1 AND NOT supprimee ORDER BY date DESC, cree_le DESC LIMIT $2",
        mediateur,
        RECENTES,
    )
    return preferences([msgspec.convert(dict(r), Recente) for r in records])


async def lieux_pour_saisie(
    conn: asyncpg.Connection, mediateur: str
) -> tuple[list[tuple[UUID, str]], list[tuple[UUID, str]]]:
    """Open places as (id, « name (commune) »): the mediator's recent ones, then all."""
    recents = await conn.fetch(
        "SELECT l.id, l.nom, l.commune FROM lieux l JOIN ("
        "  SELECT lieu_id, max(date) AS derniere FROM activites "
        "  WHERE mediateur = $1 AND lieu_id IS NOT NULL AND NOT supprimee GROUP BY lieu_id"
        ") r ON r.lieu_id = l.id WHERE NOT l.ferme ORDER BY r.derniere DESC, l.nom LIMIT 10",
        mediateur,
    )
    tous = await conn.fetch("SELECT id, nom, commune FROM lieux WHERE NOT ferme ORDER BY nom, id")
    return (
        [(r["id"], f"{r['nom']} ({r['commune']})") for r in recents],
        [(r["id"], f"{r['nom']} ({r['commune']})") for r in tous],
    )


async def noms_lieux(conn: asyncpg.Connection, lieu_ids: list[UUID]) -> dict[object, str]:
    records = await conn.fetch(
        "SELECT id, nom, commune FROM lieux WHERE id = any($1::uuid[])", lieu_ids
    )
    return {r["id"]: f"{r['nom']} ({r['commune']})" for r in records}


async def noms_beneficiaires(
    conn: asyncpg.Connection, beneficiaire_ids: list[UUID], mediateur: str | None
) -> dict[UUID, str]:
    """How pages name the people an activity mentions: their name when followed, else
    « Bénéficiaire anonymisé » or « Bénéficiaire anonyme ». Only the mediator's own people
    (`mediateur` None: an admin's view)."""
    records = await conn.fetch(
        "SELECT id, prenom, nom, anonymise FROM beneficiaires WHERE id = any($1::uuid[]) "
        "AND ($2::text IS NULL OR mediateur = $2)",
        beneficiaire_ids,
        mediateur,
    )
    noms = {}
    for r in records:
        if r["prenom"] or r["nom"]:
            noms[r["id"]] = " ".join(p for p in (r["prenom"], r["nom"]) if p)
        else:
            noms[r["id"]] = "Bénéficiaire anonymisé" if r["anonymise"] else "Bénéficiaire anonyme"
    return noms


async def beneficiaires_pour_saisie(
    conn: asyncpg.Connection, mediateur: str
) -> list[tuple[UUID, str]]:
    """The mediator's followed, not anonymised people, for the form's choice list."""
    records = await conn.fetch(
        "SELECT id, prenom, nom FROM beneficiaires WHERE mediateur = $1 AND NOT anonymise "
        "AND (prenom IS NOT NULL OR nom IS NOT NULL) ORDER BY nom, prenom, id",
        mediateur,
    )
    return [(r["id"], " ".join(p for p in (r["prenom"], r["nom"]) if p)) for r in records]


async def derniere_activite_par_beneficiaire(conn: asyncpg.Connection) -> dict[UUID, dt.date]:
    """Each followed person's last activity date (non-deleted activities): the retention job
    anonymises people a year after it."""
    records = await conn.fetch(
        "SELECT beneficiaire_id, max(date) AS derniere FROM accompagnements "
        "WHERE beneficiaire_id IS NOT NULL GROUP BY beneficiaire_id"
    )
    return {r["beneficiaire_id"]: r["derniere"] for r in records}


async def thematiques_frequentes(conn: asyncpg.Connection, mediateur: str, n: int) -> list[str]:
    """The mediator's `n` most used thématiques over their last activities."""
    records = await conn.fetch(
        "SELECT t, count(*) AS nombre FROM (SELECT unnest(thematiques) AS t FROM ("
        "  SELECT thematiques FROM activites WHERE mediateur = $1 AND NOT supprimee "
        "  ORDER BY date DESC, cree_le DESC LIMIT $2) r) x "
        "GROUP BY t ORDER BY nombre DESC, t LIMIT $3",
        mediateur,
        RECENTES,
        n,
    )
    return [r["t"] for r in records]
