"""A mediator's figures for a period, as La Coop defines them (coop_aidants.md §1.4), with
the previous period of the same length beside them (La Coop has no such comparison).

- Accompagnements: 1 per individual session, 1 per workshop participant.
- Bénéficiaires: followed people (distinct) plus anonymous accompaniments (each counts as one
  person); new ones are anonymous people not marked « déjà accompagné » plus followed people
  whose first activity falls in the period.
- Hours: the activities' durations (a workshop's hour counts once).
- Thématiques: activities per thématique; autonomy: individual sessions per level; canals
  (type of place) and duration buckets: accompaniments, as La Coop's statistics page counts.
- Genre, age band, status: accompaniments, by the followed person's record, the anonymous
  person's answers, or a workshop's counts; what nobody said (La Coop's « non communiqué »,
  stored when a field is left untouched) is « Non renseigné ».
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import asyncpg
import msgspec

from domain.activites.referentiel import AUTONOMIES, TRANCHES_DUREE, TYPES_LIEU
from domain.activites.regles import THEMATIQUES
from domain.beneficiaires.referentiel import GENRES, NON_COMMUNIQUE, STATUTS_SOCIAUX, TRANCHES_AGE

NON_RENSEIGNE = "non_renseigne"


class Repartition(msgspec.Struct, frozen=True, kw_only=True):
    valeur: str
    libelle: str
    nombre: int


class Chiffres(msgspec.Struct, frozen=True, kw_only=True):
    du: dt.date
    au: dt.date
    activites: int
    individuels: int
    ateliers: int
    participants_ateliers: int
    accompagnements: int
    beneficiaires: int
    beneficiaires_nouveaux: int
    beneficiaires_suivis: int
    beneficiaires_anonymes: int
    minutes: int
    thematiques: list[Repartition]
    autonomie: list[Repartition]
    canaux: list[Repartition]
    durees: list[Repartition]
    genres: list[Repartition]
    tranches_age: list[Repartition]
    statuts_sociaux: list[Repartition]

    @property
    def heures(self) -> float:
        return round(self.minutes / 60, 1)


Reference = Literal["annee", "precedente"]
REFERENCES: dict[str, str] = {
    "annee": "même période l'année précédente (N-1)",
    "precedente": "période précédente de même durée",
}


class Comparaison(msgspec.Struct, frozen=True, kw_only=True):
    periode: Chiffres
    precedente: Chiffres
    """The reference period's figures: see `reference`."""
    reference: Reference = "precedente"


def periode_precedente(du: dt.date, au: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length that ends the day before `du`."""
    longueur = (au - du).days + 1
    return du - dt.timedelta(days=longueur), du - dt.timedelta(days=1)


def un_an_avant(jour: dt.date) -> dt.date:
    """The same day a year earlier; 29 February becomes the 28th."""
    return jour.replace(year=jour.year - 1, day=min(jour.day, 28 if jour.month == 2 else 31))


def periode_reference(du: dt.date, au: dt.date, reference: Reference) -> tuple[dt.date, dt.date]:
    if reference == "annee":
        return un_an_avant(du), un_an_avant(au)
    return periode_precedente(du, au)


_FILTRE = "date BETWEEN $1 AND $2 AND ($3::text IS NULL OR mediateur = $3)"
_CAS_DUREE = (
    "CASE "
    + " ".join(
        f"WHEN duree < {fin} THEN '{cle}'" for cle, _libelle, _debut, fin in TRANCHES_DUREE if fin
    )
    + f" ELSE '{TRANCHES_DUREE[-1][0]}' END"
)


# Profile dimensions: the column of `accompagnements` and `beneficiaires`, the workshop's
# counts on `activites`, the referential.
PROFILS = {
    "genres": ("genre", "genres", GENRES),
    "tranches_age": ("tranche_age", "tranches_age", TRANCHES_AGE),
    "statuts_sociaux": ("statut_social", "statuts_sociaux", STATUTS_SOCIAUX),
}


def _sans_reponse(referentiel: dict[str, str]) -> dict[str, str]:
    """La Coop's « Non communiqué (ou hétérogène) » read as what it is: nobody said."""
    return {v: "Non renseigné" if v == NON_COMMUNIQUE else lib for v, lib in referentiel.items()}


def _requete_profil(colonne: str, comptes: str) -> str:
    """Accompaniments per value of one profile field over [$1, $2] for $3 (or everyone): a
    followed person's record, an anonymous person's answer, a workshop's anonymous counts and
    the rest of its anonymous participants as « non communiqué »."""
    filtre = "{t}.date BETWEEN $1 AND $2 AND ($3::text IS NULL OR {t}.mediateur = $3)"
    ateliers = f"NOT w.supprimee AND w.type = 'collectif' AND {filtre.format(t='w')}"
    dits = f"(SELECT coalesce(sum(n::int), 0) FROM jsonb_each_text(w.{comptes}) d(v, n))"
    return (
        "SELECT valeur, sum(nombre) AS nombre FROM ("
        f"SELECT coalesce(b.{colonne}, a.{colonne}, '{NON_COMMUNIQUE}') AS valeur, 1 AS nombre "
        "FROM accompagnements a LEFT JOIN beneficiaires b ON b.id = a.beneficiaire_id "
        f"WHERE {filtre.format(t='a')} "
        "AND (a.beneficiaire_id IS NOT NULL OR a.type = 'individuel') "
        f"UNION ALL SELECT d.v, d.n::int FROM activites w, jsonb_each_text(w.{comptes}) d(v, n) "
        f"WHERE {ateliers} "
        f"UNION ALL SELECT '{NON_COMMUNIQUE}', greatest(0, w.anonymes - {dits}) "
        f"FROM activites w WHERE {ateliers}) x GROUP BY valeur"
    )


def _repartition(
    records: list[asyncpg.Record], libelles: dict[str, str], tout: bool = True
) -> list[Repartition]:
    """In the referential's order; every value shown when `tout` (zeros included)."""
    comptes = {r["valeur"]: int(r["nombre"]) for r in records}
    lignes = [
        Repartition(valeur=v, libelle=libelle, nombre=comptes.get(v, 0))
        for v, libelle in libelles.items()
        if tout or comptes.get(v)
    ]
    return lignes


async def chiffres(
    conn: asyncpg.Connection, du: dt.date, au: dt.date, mediateur: str | None
) -> Chiffres:
    args: tuple[Any, ...] = (du, au, mediateur)
    actives = f"FROM activites WHERE NOT supprimee AND {_FILTRE}"
    totaux = await conn.fetchrow(
        "SELECT count(*) AS activites, "
        "count(*) FILTER (WHERE type = 'individuel') AS individuels, "
        "count(*) FILTER (WHERE type = 'collectif') AS ateliers, "
        "coalesce(sum(participants) FILTER (WHERE type = 'collectif'), 0) "
        "AS participants_ateliers, "
        "coalesce(sum(participants), 0) AS accompagnements, "
        f"coalesce(sum(duree), 0) AS minutes {actives}",
        *args,
    )
    personnes = await conn.fetchrow(
        "SELECT count(*) FILTER (WHERE beneficiaire_id IS NULL) AS anonymes, "
        "count(DISTINCT beneficiaire_id) AS suivis, "
        "count(*) FILTER (WHERE beneficiaire_id IS NULL AND premier_accompagnement) "
        f"AS nouveaux_anonymes FROM accompagnements WHERE {_FILTRE}",
        *args,
    )
    nouveaux_suivis = await conn.fetchval(
        "SELECT count(*) FROM (SELECT beneficiaire_id, min(date) AS premier "
        "FROM accompagnements WHERE beneficiaire_id IS NOT NULL "
        "AND ($3::text IS NULL OR mediateur = $3) GROUP BY beneficiaire_id) f "
        "WHERE f.premier BETWEEN $1 AND $2",
        *args,
    )
    thematiques = await conn.fetch(
        f"SELECT t AS valeur, count(*) AS nombre FROM (SELECT unnest(thematiques) AS t {actives}) "
        "x GROUP BY t",
        *args,
    )
    autonomie = await conn.fetch(
        f"SELECT coalesce(autonomie, '{NON_RENSEIGNE}') AS valeur, count(*) AS nombre {actives} "
        "AND type = 'individuel' GROUP BY 1",
        *args,
    )
    canaux = await conn.fetch(
        f"SELECT type_lieu AS valeur, sum(participants) AS nombre {actives} GROUP BY 1", *args
    )
    durees = await conn.fetch(
        f"SELECT {_CAS_DUREE} AS valeur, sum(participants) AS nombre {actives} GROUP BY 1", *args
    )
    profils = {
        cle: _repartition(
            await conn.fetch(_requete_profil(colonne, comptes), *args), _sans_reponse(ref)
        )
        for cle, (colonne, comptes, ref) in PROFILS.items()
    }
    assert totaux is not None and personnes is not None
    return Chiffres(
        du=du,
        au=au,
        activites=totaux["activites"],
        individuels=totaux["individuels"],
        ateliers=totaux["ateliers"],
        participants_ateliers=int(totaux["participants_ateliers"]),
        accompagnements=int(totaux["accompagnements"]),
        beneficiaires=personnes["suivis"] + personnes["anonymes"],
        beneficiaires_nouveaux=personnes["nouveaux_anonymes"] + nouveaux_suivis,
        beneficiaires_suivis=personnes["suivis"],
        beneficiaires_anonymes=personnes["anonymes"],
        minutes=int(totaux["minutes"]),
        thematiques=_repartition(thematiques, THEMATIQUES, tout=False),
        autonomie=_repartition(autonomie, {**AUTONOMIES, NON_RENSEIGNE: "Non renseigné"}),
        canaux=_repartition(canaux, TYPES_LIEU),
        durees=_repartition(durees, {cle: libelle for cle, libelle, _d, _f in TRANCHES_DUREE}),
        **profils,
    )


async def comparer(
    conn: asyncpg.Connection,
    du: dt.date,
    au: dt.date,
    mediateur: str | None,
    reference: Reference = "precedente",
) -> Comparaison:
    avant_du, avant_au = periode_reference(du, au, reference)
    return Comparaison(
        periode=await chiffres(conn, du, au, mediateur),
        precedente=await chiffres(conn, avant_du, avant_au, mediateur),
        reference=reference,
    )


class Mois(msgspec.Struct, frozen=True, kw_only=True):
    """One calendar month of a period, cut to the period's bounds."""

    mois: dt.date  # its first day
    du: dt.date
    au: dt.date
    activites: int
    accompagnements: int
    minutes: int


def mois_de(du: dt.date, au: dt.date) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(first day of the month, start, end) of every month [du, au] touches, cut to it."""
    mois = []
    debut = du.replace(day=1)
    while debut <= au:
        suivant = (debut + dt.timedelta(days=32)).replace(day=1)
        mois.append((debut, max(du, debut), min(au, suivant - dt.timedelta(days=1))))
        debut = suivant
    return mois


async def mensuel(
    conn: asyncpg.Connection, du: dt.date, au: dt.date, mediateur: str | None
) -> list[Mois]:
    """Month by month over [du, au], months without activity included (as zeros)."""
    records = await conn.fetch(
        "SELECT date_trunc('month', date)::date AS mois, count(*) AS activites, "
        "coalesce(sum(participants), 0) AS accompagnements, "
        "coalesce(sum(duree), 0) AS minutes "
        f"FROM activites WHERE NOT supprimee AND {_FILTRE} GROUP BY 1",
        du,
        au,
        mediateur,
    )
    par_mois = {r["mois"]: r for r in records}
    resultat = []
    for premier, debut, fin in mois_de(du, au):
        r = par_mois.get(premier)
        resultat.append(
            Mois(
                mois=premier,
                du=debut,
                au=fin,
                activites=int(r["activites"]) if r else 0,
                accompagnements=int(r["accompagnements"]) if r else 0,
                minutes=int(r["minutes"]) if r else 0,
            )
        )
    return resultat
