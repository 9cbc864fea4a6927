"""Queries on the structures and aidants read models (tables of projections/acteurs.py).

An aidant is **active** when they are not deactivated, have an affiliation open today, and
their last activity — the last session recorded with their MedNum account (`compte`) in the
activities read model — is less than two months old, once they have any. It is computed at read
time, so that it changes with the calendar without any event. An aidant with no affiliation
open today is "sans structure".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from domain.acteurs.referentiel import TYPES_AIDANT, TYPES_QUALIFICATION
from projections.listes import Conditions, Liste, lecteur

_AUJOURDHUI = "(now() AT TIME ZONE 'Europe/Paris')::date"
_OUVERTE = f"(f.debut <= {_AUJOURDHUI} AND (f.fin IS NULL OR f.fin >= {_AUJOURDHUI}))"
_SANS_STRUCTURE = (
    f"NOT EXISTS (SELECT 1 FROM affiliations f WHERE f.aidant_id = a.id AND {_OUVERTE})"
)
_DERNIERE_ACTIVITE = (
    "(SELECT max(x.date) FROM activites x WHERE x.mediateur = a.compte AND NOT x.supprimee)"
)
_ACTIF = (
    f"(NOT a.desactive AND NOT {_SANS_STRUCTURE} AND ({_DERNIERE_ACTIVITE} IS NULL "
    f"OR {_DERNIERE_ACTIVITE} >= {_AUJOURDHUI} - interval '2 months'))"
)
INACTIVITE_MAX = "2 mois"


class StructureVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    siret: str
    nom: str
    type_structure: str
    adresse: str
    code_postal: str
    code_insee: str
    commune: str
    departement: str
    numero_france_services: str | None
    site_web: str | None
    lieux: list[UUID]
    fermee: bool
    motif_fermeture: str | None
    aidants_en_poste: int
    date_maj: datetime
    modifie_par: str


class FiltresStructures(msgspec.Struct, frozen=True, kw_only=True):
    q: str | None = None  # name, commune or SIRET
    type_structure: str | None = None
    departement: str | None = None
    inclure_fermees: bool = False


_SELECT_STRUCTURE = (
    "SELECT s.id, s.version, s.siret, s.nom, s.type_structure, s.adresse, s.code_postal, "
    "s.code_insee, s.commune, s.departement, s.numero_france_services, s.site_web, s.lieux, "
    "s.fermee, s.motif_fermeture, s.modifie_le AS date_maj, s.modifie_par, "
    "(SELECT count(DISTINCT f.aidant_id) FROM affiliations f "
    f"WHERE f.structure_id = s.id AND {_OUVERTE}) AS aidants_en_poste "
    "FROM structures s"
)


def _where_structures(filtres: FiltresStructures) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_fermees:
        c.ajouter("NOT s.fermee")
    c.si(filtres.type_structure, "s.type_structure = $?")
    c.si(filtres.departement, "s.departement = $?")
    c.recherche(filtres.q, "lower(s.nom)", "lower(s.commune)", "s.siret")
    return c.where()


_STRUCTURES = Liste(_SELECT_STRUCTURE, "structures s", "s.nom, s.id", "s.id", lecteur(StructureVue))


async def lister_structures(
    conn: asyncpg.Connection, filtres: FiltresStructures, *, limit: int, offset: int
) -> tuple[list[StructureVue], int]:
    return await _STRUCTURES.page(conn, _where_structures(filtres), limit, offset)


async def lire_structure(conn: asyncpg.Connection, structure_id: UUID) -> StructureVue | None:
    return await _STRUCTURES.lire(conn, structure_id)


async def structure_avec_siret(
    conn: asyncpg.Connection, siret: str, sauf: UUID | None = None
) -> tuple[UUID, str] | None:
    """Another open structure with this SIRET, as (id, name)."""
    record = await conn.fetchrow(
        "SELECT id, nom FROM structures WHERE siret = $1 AND NOT fermee "
        "AND ($2::uuid IS NULL OR id <> $2) ORDER BY nom LIMIT 1",
        siret,
        sauf,
    )
    return (record["id"], record["nom"]) if record else None


async def noms_structures(conn: asyncpg.Connection) -> list[tuple[UUID, str, str]]:
    """Open structures as (id, name, commune), for the forms' choice lists."""
    records = await conn.fetch(
        "SELECT id, nom, commune FROM structures WHERE NOT fermee ORDER BY nom, id"
    )
    return [(r["id"], r["nom"], r["commune"]) for r in records]


class LieuResume(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    commune: str
    ferme: bool


async def lieux_resumes(conn: asyncpg.Connection, lieu_ids: list[UUID]) -> list[LieuResume]:
    records = await conn.fetch(
        "SELECT id, nom, commune, ferme FROM lieux WHERE id = any($1::uuid[]) ORDER BY nom",
        lieu_ids,
    )
    return [msgspec.convert(dict(r), LieuResume) for r in records]


# --- aidants ---------------------------------------------------------------------------------


class StructureCourante(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str


class AidantVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    prenom: str
    nom: str
    type_aidant: str
    type_aidant_libelle: str
    email: str | None
    telephone: str | None
    compte: str | None
    lieux: list[UUID]
    desactive: bool
    motif_desactivation: str | None
    actif: bool
    sans_structure: bool
    structures: list[StructureCourante]
    habilite_aidants_connect: bool
    habilitation_le: date | None
    habilitation_expire_le: date | None
    habilitation_expiree: bool
    motif_retrait_habilitation: str | None
    derniere_activite: date | None
    date_maj: datetime
    modifie_par: str
    efface: bool = False  # identity erased: the name reads « Aidant effacé »


class AffiliationVue(msgspec.Struct, frozen=True, kw_only=True):
    structure_id: UUID
    structure_nom: str
    debut: date
    fin: date | None
    en_cours: bool


class QualificationVue(msgspec.Struct, frozen=True, kw_only=True):
    type: str
    type_libelle: str
    obtenue_le: date
    expire_le: date | None
    libelle: str | None
    score: int | None
    expiree: bool
    numero: int | None = None  # what a correction or a cancellation names it by


class AidantDetail(AidantVue, frozen=True, kw_only=True):
    affiliations: list[AffiliationVue]
    qualifications: list[QualificationVue]


class FiltresAidants(msgspec.Struct, frozen=True, kw_only=True):
    q: str | None = None  # first name, name or e-mail
    type_aidant: str | None = None
    departement: str | None = None  # of a structure they work for today
    structure_id: UUID | None = None  # working there today
    actif: bool | None = None
    habilite: bool | None = None
    inclure_desactives: bool = False


_SELECT_AIDANT = (
    "SELECT a.id, a.version, a.prenom, a.nom, a.type_aidant, a.email, a.telephone, a.compte, "
    "a.lieux, a.desactive, a.motif_desactivation, a.habilite_aidants_connect, a.efface, "
    "a.habilitation_le, a.habilitation_expire_le, a.motif_retrait_habilitation, "
    f"{_DERNIERE_ACTIVITE} AS derniere_activite, a.modifie_le AS date_maj, a.modifie_par, "
    f"{_ACTIF} AS actif, {_SANS_STRUCTURE} AS sans_structure, "
    f"coalesce(a.habilitation_expire_le < {_AUJOURDHUI}, false) AS habilitation_expiree, "
    "coalesce((SELECT json_agg(json_build_object('id', s.id, 'nom', s.nom) ORDER BY s.nom) "
    "FROM affiliations f JOIN structures s ON s.id = f.structure_id "
    f"WHERE f.aidant_id = a.id AND {_OUVERTE}), '[]') AS structures "
    "FROM aidants a"
)


def _where_aidants(filtres: FiltresAidants) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_desactives:
        c.ajouter("NOT a.desactive")
    c.si(filtres.type_aidant, "a.type_aidant = $?")
    c.si(
        filtres.departement,
        "EXISTS (SELECT 1 FROM affiliations f JOIN structures s ON s.id = f.structure_id "
        f"WHERE f.aidant_id = a.id AND {_OUVERTE} AND s.departement = $?)",
    )
    c.si(
        filtres.structure_id,
        "EXISTS (SELECT 1 FROM affiliations f WHERE f.aidant_id = a.id "
        f"AND {_OUVERTE} AND f.structure_id = $?)",
    )
    if filtres.actif is not None:
        c.ajouter(_ACTIF if filtres.actif else f"NOT {_ACTIF}")
    if filtres.habilite is not None:
        habilite = (
            f"(a.habilite_aidants_connect AND coalesce(a.habilitation_expire_le >= "
            f"{_AUJOURDHUI}, true))"
        )
        c.ajouter(habilite if filtres.habilite else f"NOT {habilite}")
    c.recherche(
        filtres.q,
        "lower(a.prenom || ' ' || a.nom)",
        "lower(a.nom || ' ' || a.prenom)",
        "lower(coalesce(a.email, ''))",
    )
    return c.where()


def _aidant(record: asyncpg.Record, **extra: Any) -> dict[str, Any]:
    row = dict(record)
    row["structures"] = msgspec.json.decode(row["structures"])
    row["type_aidant_libelle"] = TYPES_AIDANT.get(row["type_aidant"], row["type_aidant"])
    return row | extra


_AIDANTS = Liste(
    _SELECT_AIDANT,
    "aidants a",
    "a.nom, a.prenom, a.id",
    "a.id",
    lambda record: msgspec.convert(_aidant(record), AidantVue),
)


async def lister_aidants(
    conn: asyncpg.Connection, filtres: FiltresAidants, *, limit: int, offset: int
) -> tuple[list[AidantVue], int]:
    return await _AIDANTS.page(conn, _where_aidants(filtres), limit, offset)


async def lire_aidant(conn: asyncpg.Connection, aidant_id: UUID) -> AidantDetail | None:
    record = await conn.fetchrow(f"{_SELECT_AIDANT} WHERE a.id = $1", aidant_id)
    if record is None:
        return None
    affiliations = await conn.fetch(
        "SELECT f.structure_id, coalesce(s.nom, '(structure inconnue)') AS structure_nom, "
        f"f.debut, f.fin, {_OUVERTE} AS en_cours "
        "FROM affiliations f LEFT JOIN structures s ON s.id = f.structure_id "
        "WHERE f.aidant_id = $1 ORDER BY f.debut DESC, structure_nom",
        aidant_id,
    )
    qualifications = await conn.fetch(
        "SELECT type, obtenue_le, expire_le, nullif(libelle, '') AS libelle, score, numero, "
        f"coalesce(expire_le < {_AUJOURDHUI}, false) AS expiree "
        "FROM qualifications WHERE aidant_id = $1 ORDER BY obtenue_le DESC, type",
        aidant_id,
    )
    return msgspec.convert(
        _aidant(
            record,
            affiliations=[dict(r) for r in affiliations],
            qualifications=[
                dict(r) | {"type_libelle": TYPES_QUALIFICATION.get(r["type"], r["type"])}
                for r in qualifications
            ],
        ),
        AidantDetail,
    )


class AidantDeStructure(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    prenom: str
    nom: str
    type_aidant_libelle: str
    debut: date
    fin: date | None
    en_cours: bool


async def aidants_de_structure(
    conn: asyncpg.Connection, structure_id: UUID
) -> list[AidantDeStructure]:
    """Everyone affiliated to the structure, current affiliations first."""
    records = await conn.fetch(
        f"SELECT a.id, a.prenom, a.nom, a.type_aidant, f.debut, f.fin, {_OUVERTE} AS en_cours "
        "FROM affiliations f JOIN aidants a ON a.id = f.aidant_id "
        "WHERE f.structure_id = $1 ORDER BY en_cours DESC, a.nom, a.prenom, f.debut DESC",
        structure_id,
    )
    return [
        msgspec.convert(
            dict(r) | {"type_aidant_libelle": TYPES_AIDANT.get(r["type_aidant"], r["type_aidant"])},
            AidantDeStructure,
        )
        for r in records
    ]


async def lieux_du_departement(conn: asyncpg.Connection, departement: str) -> list[LieuResume]:
    """Open places of a département, for choosing the places a structure runs."""
    records = await conn.fetch(
        "SELECT id, nom, commune, ferme FROM lieux WHERE departement = $1 AND NOT ferme "
        "ORDER BY nom, id",
        departement,
    )
    return [msgspec.convert(dict(r), LieuResume) for r in records]


async def lieux_des_structures(conn: asyncpg.Connection, structure_ids: list[UUID]) -> list[UUID]:
    """Places run by these structures (where their aidants may work)."""
    records = await conn.fetch(
        "SELECT DISTINCT unnest(lieux) AS id FROM structures WHERE id = any($1::uuid[])",
        structure_ids,
    )
    return [r["id"] for r in records]
