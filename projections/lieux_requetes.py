"""Queries of the `lieux` read model (projections.lieux): the views of a place for the API
and the pages, the filters of the lists and the map, the national standard's export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec

from domain.lieux.completude import CHAMPS_COMPLETUDE
from domain.lieux.events import CHAMPS_STANDARD
from domain.lieux.historique import VALIDITE_MOIS, libelle_source
from domain.lieux.position import coordonnees_a_verifier, distance_km
from domain.lieux.standard import COLONNES, PIVOT_INCONNU, SEPARATEUR
from projections.lieux import LISTES
from projections.listes import Conditions, Liste


class LieuVue(msgspec.Struct, frozen=True, kw_only=True):
    """A place as the API and the pages show it (national standard field names)."""

    id: UUID
    version: int
    nom: str
    adresse: str
    complement_adresse: str | None
    code_postal: str
    code_insee: str
    commune: str
    departement: str
    latitude: float
    longitude: float
    services: list[str]
    horaires: str | None
    ferme: bool
    date_maj: datetime
    verifie_le: datetime
    source_verification: Annotated[
        str, msgspec.Meta(description="Qui a vérifié la fiche en dernier : import ou équipe")
    ]
    a_verifier: Annotated[
        bool, msgspec.Meta(description=f"Non vérifiée depuis {VALIDITE_MOIS} mois ou plus")
    ]
    fusionne_dans: UUID | None = None
    # From the commune's centre in the reference; beyond domain.lieux.position's threshold,
    # the coordinates are to be checked.
    distance_commune_km: float | None = None
    coordonnees_a_verifier: bool = False
    # Placed at the commune's centre (the form's default when no position is typed): the
    # point on the map is the commune's, not the door's.
    position_au_centre: bool = False
    pivot: str | None = None
    typologie: list[str] = msgspec.field(default_factory=list)
    telephone: str | None = None
    courriels: list[str] = msgspec.field(default_factory=list)
    site_web: list[str] = msgspec.field(default_factory=list)
    presentation_resume: str | None = None
    presentation_detail: str | None = None
    source: str | None = None
    itinerance: list[str] = msgspec.field(default_factory=list)
    structure_parente: str | None = None
    publics_specifiquement_adresses: list[str] = msgspec.field(default_factory=list)
    prise_en_charge_specifique: list[str] = msgspec.field(default_factory=list)
    frais_a_charge: list[str] = msgspec.field(default_factory=list)
    dispositif_programmes_nationaux: list[str] = msgspec.field(default_factory=list)
    formations_labels: list[str] = msgspec.field(default_factory=list)
    autres_formations_labels: list[str] = msgspec.field(default_factory=list)
    modalites_acces: list[str] = msgspec.field(default_factory=list)
    modalites_accompagnement: list[str] = msgspec.field(default_factory=list)
    fiche_acces_libre: str | None = None
    prise_rdv: str | None = None


class FiltresLieux(msgspec.Struct, frozen=True, kw_only=True):
    commune: str | None = None  # INSEE code or postcode
    codes_insee: list[str] | None = None
    departement: str | None = None
    service: str | None = None
    q: str | None = None
    a_verifier: bool = False
    inclure_fermes: bool = False
    inclure_fusionnes: bool = False
    # Multi-valued filters of the national standard: a place matches when it has any of the
    # values asked for in that field (a person ticking « Surdité » and « Déficience visuelle »
    # wants places for either), and every field asked for must match.
    services: tuple[str, ...] = ()
    publics_specifiquement_adresses: tuple[str, ...] = ()
    prise_en_charge_specifique: tuple[str, ...] = ()
    frais_a_charge: tuple[str, ...] = ()
    modalites_accompagnement: tuple[str, ...] = ()
    itinerance: tuple[str, ...] = ()
    # Set by projections.ouverture from the opening hours (« ouvert maintenant », « ouvert le
    # samedi »): only these places. None means no such restriction.
    ids: tuple[UUID, ...] | None = None


# Field name → column, for the standard's list filters above (same names on purpose).
FILTRES_LISTES = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_accompagnement",
    "itinerance",
)


_PERIME = f"(verifie_le < now() - interval '{VALIDITE_MOIS} months')"
_SELECT_VUE = (
    "SELECT id, version, nom, adresse, complement_adresse, code_postal, code_insee, commune, "
    "departement, latitude, longitude, services, horaires, ferme, "
    "modifie_le AS date_maj, verifie_le, verifie_par, fusionne_dans, "
    f"{_PERIME} AS a_verifier, "
    + "".join(
        f"(SELECT c.{c} FROM communes c WHERE c.code_insee = lieux.code_insee) AS centre_{c}, "
        for c in ("latitude", "longitude")
    )
    + ", ".join(CHAMPS_STANDARD)
    + " FROM lieux"
)


def where_lieux(filtres: FiltresLieux) -> tuple[str, list[Any]]:
    c = Conditions()
    if not filtres.inclure_fermes:
        c.ajouter("NOT ferme")
    if not filtres.inclure_fusionnes:
        c.ajouter("fusionne_dans IS NULL")
    if filtres.a_verifier:
        c.ajouter(_PERIME)
    c.si(filtres.commune, "(code_insee = $? OR code_postal = $?)")
    if filtres.codes_insee is not None:
        c.ajouter(f"code_insee = any({c.param(filtres.codes_insee)}::text[])")
    c.si(filtres.departement, "departement = $?")
    c.si(filtres.service, "$? = any(services)")
    c.recherche(filtres.q, "lower(nom)", "lower(commune)")
    for colonne in FILTRES_LISTES:
        valeurs = getattr(filtres, colonne)
        if valeurs:
            c.ajouter(f"{colonne} && {c.param(list(valeurs))}::text[]")
    if filtres.ids is not None:
        c.ajouter(f"id = any({c.param(list(filtres.ids))}::uuid[])")
    return c.where()


# The number of CHAMPS_COMPLETUDE a row fills, in SQL, so that a list sorts on it: the same
# test as `est_rempli`, per column type.
COMPLETUDE_SQL = " + ".join(
    f"(CASE WHEN cardinality({c}) > 0 THEN 1 ELSE 0 END)"
    if c in LISTES or c == "services"
    else f"(CASE WHEN btrim(coalesce({c}, '')) <> '' THEN 1 ELSE 0 END)"
    for c in CHAMPS_COMPLETUDE
)


async def lister_lieux(
    conn: asyncpg.Connection,
    filtres: FiltresLieux,
    *,
    limit: int,
    offset: int,
    par_completude: bool = False,
    total: int | None = None,
) -> tuple[list[LieuVue], int]:
    """A page of places: by name; the places to verify oldest first (the most urgent); or,
    `par_completude`, the least complete records first. `total`: the number of places the
    filters give, when the caller has counted them already."""
    if par_completude:
        tri = f"{COMPLETUDE_SQL}, nom, id"
    elif filtres.a_verifier:
        tri = "verifie_le, id"
    else:
        tri = "nom, id"
    liste = Liste(_SELECT_VUE, "lieux", tri, "id", _vue)
    return await liste.page(conn, where_lieux(filtres), limit, offset, total)


async def lire_lieu(conn: asyncpg.Connection, lieu_id: UUID) -> LieuVue | None:
    record = await conn.fetchrow(f"{_SELECT_VUE} WHERE id = $1", lieu_id)
    return _vue(record) if record else None


async def lire_lieux(conn: asyncpg.Connection, ids: list[UUID]) -> dict[UUID, LieuVue]:
    records = await conn.fetch(f"{_SELECT_VUE} WHERE id = any($1::uuid[])", ids)
    return {r["id"]: _vue(r) for r in records}


def _vue(record: asyncpg.Record) -> LieuVue:
    valeurs = dict(record)
    valeurs["source_verification"] = libelle_source(valeurs.pop("verifie_par"))
    centre = valeurs.pop("centre_latitude"), valeurs.pop("centre_longitude")
    if centre[0] is not None and centre[1] is not None:
        distance = distance_km(valeurs["latitude"], valeurs["longitude"], *centre)
        valeurs["distance_commune_km"] = round(distance, 1)
        valeurs["position_au_centre"] = distance < 0.05
        valeurs["coordonnees_a_verifier"] = coordonnees_a_verifier(distance, valeurs["departement"])
    return msgspec.convert(valeurs, LieuVue)


_SELECT_STANDARD = (
    "SELECT "
    + ", ".join(c for c in COLONNES if c != "date_maj")
    + ", (verifie_le AT TIME ZONE 'Europe/Paris')::date AS jour"
    " FROM lieux WHERE NOT ferme AND fusionne_dans IS NULL ORDER BY nom, id"
)


async def lieux_au_standard(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    """Every open place as a row of the national standard v1.0.2 (its columns, its order,
    multi-valued fields joined by "|", `date_maj` as the Paris date of the last verification)."""
    records = await conn.fetch(_SELECT_STANDARD)
    lignes = []
    for record in records:
        ligne: dict[str, Any] = {}
        for colonne in COLONNES:
            if colonne == "id":
                valeur: Any = str(record["id"])
            elif colonne == "pivot":
                valeur = record["pivot"] or PIVOT_INCONNU
            elif colonne == "date_maj":
                valeur = record["jour"].isoformat()
            else:
                valeur = record[colonne]
            if isinstance(valeur, list):
                valeur = SEPARATEUR.join(valeur) or None
            ligne[colonne] = valeur
        lignes.append(ligne)
    return lignes
