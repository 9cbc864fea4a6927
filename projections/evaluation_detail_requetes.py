"""Raw figures of a report's trend and drill-down: month by month, place by place, structure
by structure. No secrecy here (domain/evaluation/detail.py protects them).

A place's figures are its cubes under niveau 'lieu' (migration 0065); a structure's are those
of the places it runs (the `structures.lieux` of the registry), its distinct people counted
once across its places. Only activities held at a registry place have a place: sessions at
home or remote count for the territory, not for any place or structure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import asyncpg
import msgspec

from domain.evaluation.periodes import mois_de
from domain.evaluation.rapport import Periode
from projections.evaluation_requetes import (
    beneficiaires_uniques,
    filtre_communes,
    grain_de,
)


class ParLieu(msgspec.Struct, frozen=True, kw_only=True):
    activites: int = 0
    accompagnements: int = 0
    beneficiaires: int = 0
    """Distinct followed people plus anonymous people (as M4.3)."""
    individuels: int = 0
    """Individual sessions (activities), not people."""
    ateliers: int = 0
    """Workshops (activities), not people."""
    anonymes: int = 0
    """Anonymous people (counted once per activity), within `beneficiaires`."""

    def en_liste(self) -> list[int]:
        return [
            self.activites,
            self.accompagnements,
            self.beneficiaires,
            self.individuels,
            self.ateliers,
        ]


def _fin_du_mois(premier: dt.date) -> dt.date:
    suivant = dt.date(premier.year + premier.month // 12, premier.month % 12 + 1, 1)
    return suivant - dt.timedelta(days=1)


async def par_mois(
    conn: asyncpg.Connection,
    niveau: str,
    code: str,
    periode: Periode,
    coupes: dict[dt.date, int] | None = None,
) -> dict[str, list[int]]:
    """Month rank in the period ('0', '1'…) → [accompaniments, unique beneficiaries], each
    month cut to the period (a custom range's first and last months are partial): a whole
    month's followed people are its cell's count, a cut month's are counted one by one, or
    given in `coupes` (first day → followed people within the period) when already counted."""
    par_jour = await conn.fetch(
        "SELECT date_trunc('month', jour)::date, dimension, sum(accompagnements) "
        "FROM cube_activites WHERE niveau = $1 AND code = $2 AND jour BETWEEN $3 AND $4 "
        "AND ((dimension = 'total' AND modalite = 'total') "
        "OR (dimension = 'anonymes' AND modalite = 'total')) GROUP BY 1, 2",
        niveau,
        code,
        periode.debut,
        periode.fin,
    )
    accompagnements = {r[0]: int(r[2]) for r in par_jour if r[1] == "total"}
    anonymes = {r[0]: int(r[2]) for r in par_jour if r[1] == "anonymes"}
    entiers, _ = mois_entiers(periode.debut, periode.fin)
    suivis = {
        r[0]: int(r[1])
        for r in await conn.fetch(
            "SELECT debut, personnes FROM cube_personnes_profils WHERE niveau = $1 "
            "AND code = $2 AND grain = 'mois' AND debut = any($3::date[]) "
            "AND dimension = 'suivis' AND modalite = 'total'",
            niveau,
            code,
            entiers,
        )
    }
    resultat: dict[str, list[int]] = {}
    for rang, premier in enumerate(mois_de(periode)):
        if premier in entiers:
            personnes = suivis.get(premier, 0) + anonymes.get(premier, 0)
        elif coupes is not None:
            personnes = coupes.get(premier, 0) + anonymes.get(premier, 0)
        else:
            debut = max(premier, periode.debut)
            fin = min(_fin_du_mois(premier), periode.fin)
            uniques = await beneficiaires_uniques(conn, niveau, [code], debut, fin)
            personnes = uniques.get(code, 0)
        resultat[str(rang)] = [accompagnements.get(premier, 0), personnes]
    return resultat


async def lieux_du_territoire(conn: asyncpg.Connection, niveau: str, code: str) -> dict[str, str]:
    """Place id → name, for the registry places whose commune lies in the territory."""
    rows = await conn.fetch(
        "SELECT e.lieu_id::text AS id, coalesce(l.nom, 'Lieu ' || e.lieu_id::text) AS nom "
        "FROM evaluation_lieux e JOIN communes c ON c.code_insee = e.code_insee "
        "LEFT JOIN lieux l ON l.id = e.lieu_id "
        f"WHERE {filtre_communes(niveau)} ORDER BY nom, id",
        code,
    )
    return {r["id"]: r["nom"] for r in rows}


async def structures_des_lieux(
    conn: asyncpg.Connection, lieux: Sequence[str]
) -> dict[str, tuple[str, list[str]]]:
    """Structure id → (name, its places among `lieux`), for structures running one of them."""
    rows = await conn.fetch(
        "SELECT s.id::text AS id, s.nom, array_agg(l::text ORDER BY l) AS lieux "
        "FROM structures s CROSS JOIN LATERAL unnest(s.lieux) AS l "
        "WHERE l::text = any($1::text[]) GROUP BY s.id, s.nom ORDER BY s.nom, s.id",
        list(lieux),
    )
    return {r["id"]: (r["nom"], list(r["lieux"])) for r in rows}


def mois_coupes(periode: Periode) -> list[dt.date]:
    """The first days of the months the period cuts (its ragged first and last months)."""
    entiers = set(mois_entiers(periode.debut, periode.fin)[0])
    return [m for m in mois_de(periode) if m not in entiers]


def mois_entiers(
    debut: dt.date, fin: dt.date
) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """The months wholly inside the period, and the day ranges left at its edges."""
    entiers = [
        m
        for m in mois_de(Periode(debut=debut, fin=fin, libelle=""))
        if m >= debut and _fin_du_mois(m) <= fin
    ]
    if not entiers:
        return [], [(debut, fin)]
    bords = [
        (debut, entiers[0] - dt.timedelta(days=1)),
        (_fin_du_mois(entiers[-1]) + dt.timedelta(days=1), fin),
    ]
    return entiers, [(a, b) for a, b in bords if a <= b]


_LIGNES_LIEUX = (
    "SELECT code, dimension, modalite, activites, accompagnements FROM cube_activites "
    "WHERE niveau = '{niveau}' AND code = any($1::text[]) "
    "AND dimension IN ('total', 'type', 'anonymes') AND {jours}"
)
_SOMMES_LIEUX = (
    "SELECT code, dimension, modalite, sum(activites), sum(accompagnements) FROM ("
    + _LIGNES_LIEUX.format(niveau="lieu_mois", jours="jour = any($2::date[])")
    + " UNION ALL "
    + _LIGNES_LIEUX.format(
        niveau="lieu", jours="(jour BETWEEN $3 AND $4 OR jour BETWEEN $5 AND $6)"
    )
    + ") x GROUP BY code, dimension, modalite"
)


async def par_lieu(
    conn: asyncpg.Connection, lieux: Sequence[str], debut: dt.date, fin: dt.date
) -> dict[str, ParLieu]:
    """The figures of each place with any activity over the period: whole months from the
    monthly rows, the days at the edges from the daily ones."""
    if not lieux:
        return {}
    entiers, bords = mois_entiers(debut, fin)
    vide = (dt.date(1, 1, 2), dt.date(1, 1, 1))  # an empty range
    bords += [vide] * (2 - len(bords))
    rows = await conn.fetch(_SOMMES_LIEUX, list(lieux), entiers, *bords[0], *bords[1])
    champs: dict[str, dict[str, int]] = {}
    for code, dimension, modalite, activites, accompagnements in rows:
        f = champs.setdefault(code, {})
        if dimension == "total":
            f["activites"] = int(activites)
            f["accompagnements"] = int(accompagnements)
        elif dimension == "anonymes":
            if modalite == "total":
                f["anonymes"] = int(accompagnements)
        elif modalite == "individuel":
            f["individuels"] = int(activites)
        else:
            f["ateliers"] = f.get("ateliers", 0) + int(activites)
    suivis = await suivis_par_code(conn, "lieu", list(champs), debut, fin)
    return {
        code: ParLieu(**f, beneficiaires=suivis.get(code, 0) + f.get("anonymes", 0))
        for code, f in champs.items()
        if f.get("activites")
    }


async def suivis_par_code(
    conn: asyncpg.Connection, niveau: str, codes: Sequence[str], debut: dt.date, fin: dt.date
) -> dict[str, int]:
    """Distinct followed people per territory (or place) of one level over the period."""
    exact = grain_de(debut, fin)
    if exact is None:
        rows = await conn.fetch(
            # Day rows over the range, read from the covering index alone (migration 0068).
            "SELECT code, count(DISTINCT beneficiaire_id) FROM cube_personnes "
            "WHERE niveau = $2 AND code = any($1::text[]) AND grain = 'jour' "
            "AND debut BETWEEN $3 AND $4 AND accompagnements > 0 GROUP BY code",
            list(codes),
            niveau,
            debut,
            fin,
        )
    else:
        rows = await conn.fetch(
            "SELECT code, personnes FROM cube_personnes_profils WHERE niveau = $2 "
            "AND code = any($1::text[]) AND grain = $3 AND debut = $4 "
            "AND dimension = 'suivis' AND modalite = 'total'",
            list(codes),
            niveau,
            *exact,
        )
    return {r[0]: int(r[1]) for r in rows}


async def par_structure(
    conn: asyncpg.Connection,
    structures: dict[str, tuple[str, list[str]]],
    lieux: dict[str, ParLieu],
    debut: dt.date,
    fin: dt.date,
) -> dict[str, ParLieu]:
    """A structure's additive figures are the sum of its places'; its followed people are
    counted once across its places."""
    paires = [(s, lieu) for s, (_, ls) in structures.items() for lieu in ls if lieu in lieux]
    if not paires:
        return {}
    exact = grain_de(debut, fin)
    # A cell's rows, or a custom range's day rows (one range scan of the covering index).
    rangees, valeurs = (
        ("p.grain = $3 AND p.debut = $4", list(exact))
        if exact is not None
        else ("p.grain = 'jour' AND p.debut BETWEEN $3 AND $4", [debut, fin])
    )
    suivis = {
        r[0]: int(r[1])
        for r in await conn.fetch(
            "WITH s AS (SELECT * FROM unnest($1::text[], $2::text[]) AS s (structure, lieu)) "
            "SELECT s.structure, count(DISTINCT p.beneficiaire_id) FROM s "
            "JOIN cube_personnes p ON p.niveau = 'lieu' AND p.code = s.lieu "
            f"WHERE {rangees} AND p.accompagnements > 0 GROUP BY s.structure",
            [s for s, _ in paires],
            [lieu for _, lieu in paires],
            *valeurs,
        )
    }
    resultat: dict[str, ParLieu] = {}
    for structure in dict.fromkeys(s for s, _ in paires):
        siens = [lieux[lieu] for s, lieu in paires if s == structure]
        noms = [lieu for s, lieu in paires if s == structure]
        resultat[structure] = ParLieu(
            activites=sum(x.activites for x in siens),
            accompagnements=sum(x.accompagnements for x in siens),
            beneficiaires=suivis.get(structure, 0) + sum(lieux[n].anonymes for n in noms),
            individuels=sum(x.individuels for x in siens),
            ateliers=sum(x.ateliers for x in siens),
        )
    return resultat
