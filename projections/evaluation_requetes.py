"""Raw figures of a territory over a period, read from the cubes and the registry's read
models. No secrecy here: mednum/rapports/calcul.py protects every figure before anyone sees it.

A territory is (niveau, code) as in the cubes; its communes come from the `communes` table.
Additive figures are summed over the days of the period. Distinct people are read from the
one cell that is the period when there is one (a month, a quarter, a year), else from the
fewest cells that cover it exactly (`cellules_de`: whole months, single days at the edges)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import asyncpg
import msgspec

from domain.evaluation.indicateurs import SEUIL_IFN_FRAGILE
from domain.evaluation.periodes import cellules_de, douze_mois_jusqu_au
from projections import evaluation_douze_mois as douze_mois

ENFANTS = {"region": "departement", "departement": "epci", "epci": "commune", "pays": "region"}
SEUIL_FRAGILITE = float(SEUIL_IFN_FRAGILE)


class Sommes(msgspec.Struct, frozen=True, array_like=True):
    activites: int = 0
    accompagnements: int = 0
    minutes: int = 0
    minutes_personnes: int = 0


class Personnes(msgspec.Struct, frozen=True, kw_only=True):
    suivis: int
    nouveaux: int
    mediane_minutes: float | None
    p90_minutes: float | None
    parcours_longs: int
    """Followed people with at least 10 hours-person in the period."""


GRAINS_ENTIERS = ("mois", "trimestre", "annee")


def cellules(debut: dt.date, fin: dt.date) -> list[Any]:
    """The cells covering the period as seven parameters for `dans_les_cellules`: its days
    as two ranges (the ragged edges; an empty range where there is none), then the first
    days of its whole months, quarters and years. Each is a plain index condition, so that
    PostgreSQL reads a territory's or a place's days in one index search, not one per day."""
    plages: list[list[dt.date]] = []
    entiers: dict[str, list[dt.date]] = {grain: [] for grain in GRAINS_ENTIERS}
    for grain, jour in cellules_de(debut, fin):
        if grain != "jour":
            entiers[grain].append(jour)
        elif plages and plages[-1][1] == jour - dt.timedelta(days=1):
            plages[-1][1] = jour
        else:
            plages.append([jour, jour])
    assert len(plages) <= 2, plages  # days only at the edges (periodes.cellules_de)
    plages += [[dt.date(1, 1, 2), dt.date(1, 1, 1)]] * (2 - len(plages))
    return [*plages[0], *plages[1], *entiers.values()]


def dans_les_cellules(premier: int, alias: str = "") -> str:
    """SQL selecting the rows of `cellules`' cells, its seven parameters from `$premier`."""
    a = premier
    g, d = f"{alias}grain", f"{alias}debut"
    return (
        f"(({g} = 'jour' AND {d} BETWEEN ${a} AND ${a + 1}) "
        f"OR ({g} = 'jour' AND {d} BETWEEN ${a + 2} AND ${a + 3}) "
        + "".join(
            f"OR ({g} = '{grain}' AND {d} = any(${a + 4 + i}::date[])) "
            for i, grain in enumerate(GRAINS_ENTIERS)
        )
        + ")"
    )


_DANS_LES_CELLULES = dans_les_cellules(3)


def filtre_communes(niveau: str, alias: str = "c") -> str:
    """SQL condition on `communes` (aliased) selecting the territory's communes, code in $1."""
    colonne = {"commune": "code_insee", "epci": "epci", "departement": "departement"}.get(
        niveau, "region"
    )
    if niveau == "pays":
        return "$1::text IS NOT NULL"
    return f"{alias}.{colonne} = $1"


async def communes_du_territoire(conn: asyncpg.Connection, niveau: str, code: str) -> list[str]:
    rows = await conn.fetch(
        f"SELECT code_insee FROM communes c WHERE {filtre_communes(niveau)} ORDER BY 1", code
    )
    return [r["code_insee"] for r in rows]


async def sommes(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> dict[tuple[str, str], Sommes]:
    rows = await conn.fetch(
        "SELECT dimension, modalite, sum(activites), sum(accompagnements), sum(minutes), "
        "sum(minutes_personnes) FROM cube_activites WHERE niveau = $1 AND code = $2 "
        "AND jour BETWEEN $3 AND $4 AND dimension <> 'residence' GROUP BY dimension, modalite",
        niveau,
        code,
        debut,
        fin,
    )
    return {(r[0], r[1]): Sommes(*(int(v) for v in r[2:])) for r in rows}


async def totaux_par_enfant(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> dict[str, Sommes]:
    """The 'total' line for each sub-territory (départements of a région…)."""
    enfant = ENFANTS.get(niveau)
    if enfant is None:
        return {}
    colonne = {"departement": "departement", "epci": "epci", "commune": "code_insee"}.get(
        enfant, "region"
    )
    rows = await conn.fetch(
        "SELECT k.code, sum(k.activites), sum(k.accompagnements), sum(k.minutes), "
        "sum(k.minutes_personnes) FROM cube_activites k WHERE k.niveau = $2 "
        "AND k.dimension = 'total' AND k.jour BETWEEN $3 AND $4 AND k.code IN "
        f"(SELECT DISTINCT c.{colonne} FROM communes c WHERE {filtre_communes(niveau)}) "
        "GROUP BY k.code",
        code,
        enfant,
        debut,
        fin,
    )
    return {r[0]: Sommes(*(int(v) for v in r[1:])) for r in rows}


def grain_de(debut: dt.date, fin: dt.date) -> tuple[str, dt.date] | None:
    """The cell (grain, first day) that holds exactly this period, if any (a day, a month, a
    quarter, a year): then its people are counted already, with no DISTINCT."""
    couverture = cellules_de(debut, fin)
    return couverture[0] if len(couverture) == 1 else None


async def personnes(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> Personnes:
    exact = grain_de(debut, fin)
    if exact is None:
        return await personnes_une_a_une(conn, niveau, code, debut, fin)
    grain, periode = exact
    histogramme = await conn.fetch(
        "SELECT minutes, personnes FROM cube_personnes_minutes WHERE niveau = $1 AND code = $2 "
        "AND grain = $3 AND debut = $4 AND personnes > 0 ORDER BY minutes",
        niveau,
        code,
        grain,
        periode,
    )
    nouveaux = await conn.fetchval(
        "SELECT personnes FROM cube_personnes_profils WHERE niveau = $1 AND code = $2 "
        "AND grain = $3 AND debut = $4 AND dimension = 'nouveaux' AND modalite = 'total'",
        niveau,
        code,
        grain,
        periode,
    )
    valeurs = [(int(r["minutes"]), int(r["personnes"])) for r in histogramme]
    return Personnes(
        suivis=sum(n for _, n in valeurs),
        nouveaux=nouveaux or 0,
        mediane_minutes=percentile_continu(valeurs, 0.5),
        p90_minutes=percentile_continu(valeurs, 0.9),
        parcours_longs=sum(n for minutes, n in valeurs if minutes >= 600),
    )


def percentile_continu(histogramme: Sequence[tuple[int, int]], fraction: float) -> float | None:
    """PostgreSQL's `percentile_cont` over values given as (value, count) in ascending order,
    with its very arithmetic, so that both give the same float."""
    total = sum(n for _, n in histogramme)
    if total == 0:
        return None
    position = fraction * (total - 1)
    premier, second = math.floor(position), math.ceil(position)
    bas = haut = None
    vus = 0
    for valeur, n in histogramme:
        if bas is None and premier < vus + n:
            bas = valeur
        if second < vus + n:
            haut = valeur
            break
        vus += n
    assert bas is not None and haut is not None
    if premier == second:
        return float(bas)
    return float(bas) + (position - premier) * (float(haut) - float(bas))


async def personnes_une_a_une(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> Personnes:
    """The same figures from each person's rows over the cells that cover a custom period
    (disjoint, so a person's minutes add up)."""
    row = await conn.fetchrow(
        "WITH p AS (SELECT beneficiaire_id, sum(minutes_personnes) AS minutes_personnes "
        f"FROM cube_personnes WHERE niveau = $1 AND code = $2 AND {_DANS_LES_CELLULES} "
        "AND accompagnements > 0 GROUP BY beneficiaire_id) "
        "SELECT count(*) AS suivis, "
        "count(*) FILTER (WHERE m.jour BETWEEN $10 AND $11) AS nouveaux, "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY p.minutes_personnes) AS mediane, "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY p.minutes_personnes) AS p90, "
        "count(*) FILTER (WHERE p.minutes_personnes >= 600) AS longs "
        "FROM p LEFT JOIN cube_premiers_mois m USING (beneficiaire_id)",
        niveau,
        code,
        *cellules(debut, fin),
        debut,
        fin,
    )
    assert row is not None
    return Personnes(
        suivis=row["suivis"],
        nouveaux=row["nouveaux"],
        mediane_minutes=row["mediane"],
        p90_minutes=row["p90"],
        parcours_longs=row["longs"],
    )


async def profils_suivis(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> dict[tuple[str, str], int]:
    """Followed people of the period by genre, tranche d'âge, statut and fragile residence."""
    exact = grain_de(debut, fin)
    if exact is None:
        return await profils_un_a_un(conn, niveau, code, debut, fin)
    grain, periode = exact
    rows = await conn.fetch(
        "SELECT f.dimension, f.modalite, f.personnes, "
        f"coalesce(i.score >= {SEUIL_FRAGILITE}, false) AS fragile "
        "FROM cube_personnes_profils f "
        "LEFT JOIN ifn_communes i ON f.dimension = 'residence' AND i.code_insee = f.modalite "
        "WHERE f.niveau = $1 AND f.code = $2 AND f.grain = $3 AND f.debut = $4 "
        "AND f.dimension IN ('genre', 'tranche_age', 'statut_social', 'residence') "
        "AND f.personnes > 0",
        niveau,
        code,
        grain,
        periode,
    )
    compte: dict[tuple[str, str], int] = {}
    for r in rows:
        cle = (r["dimension"], r["modalite"])
        if r["dimension"] == "residence":
            if not r["modalite"]:
                continue  # residence unknown
            cle = ("residence", "fragile" if r["fragile"] else "autre")
        compte[cle] = compte.get(cle, 0) + r["personnes"]
    return compte


async def profils_un_a_un(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> dict[tuple[str, str], int]:
    """The same counts from each person's rows, for a custom period."""
    rows = await conn.fetch(
        "WITH p AS (SELECT DISTINCT beneficiaire_id FROM cube_personnes WHERE niveau = $1 "
        f"AND code = $2 AND {_DANS_LES_CELLULES} AND accompagnements > 0) "
        "SELECT f.genre, f.tranche_age, f.statut_social, "
        f"coalesce(i.score >= {SEUIL_FRAGILITE}, false) AS fragile, "
        "f.commune_residence IS NOT NULL AS residence_connue "
        "FROM p JOIN evaluation_profils f USING (beneficiaire_id) "
        "LEFT JOIN ifn_communes i ON i.code_insee = f.commune_residence",
        niveau,
        code,
        *cellules(debut, fin),
    )
    compte: dict[tuple[str, str], int] = {}
    for r in rows:
        for dimension in ("genre", "tranche_age", "statut_social"):
            cle = (dimension, r[dimension])
            compte[cle] = compte.get(cle, 0) + 1
        if r["residence_connue"]:
            cle = ("residence", "fragile" if r["fragile"] else "autre")
            compte[cle] = compte.get(cle, 0) + 1
    return compte


async def residences_anonymes_fragiles(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> tuple[int, int]:
    """(in fragile communes, known) among anonymous accompaniments with a residence. Summed
    here rather than in `sommes`: there is a row per commune of residence and day."""
    row = await conn.fetchrow(
        "SELECT coalesce(sum(k.accompagnements) FILTER (WHERE i.score >= "
        f"{SEUIL_FRAGILITE}), 0) AS fragiles, coalesce(sum(k.accompagnements), 0) AS connues "
        "FROM cube_activites k LEFT JOIN ifn_communes i ON i.code_insee = k.modalite "
        "WHERE k.niveau = $1 AND k.code = $2 AND k.dimension = 'residence' "
        "AND k.jour BETWEEN $3 AND $4",
        niveau,
        code,
        debut,
        fin,
    )
    assert row is not None
    return int(row["fragiles"]), int(row["connues"])


async def beneficiaires_uniques(
    conn: asyncpg.Connection, niveau: str, codes: Sequence[str], debut: dt.date, fin: dt.date
) -> dict[str, int]:
    """Followed people (distinct) plus anonymous accompaniments, per territory of one level,
    over the period: M4.12's numerator, for the headline and the EPCI table alike."""
    exact = grain_de(debut, fin)
    if exact is None:
        # A distinct of (code, person) lets PostgreSQL hash instead of sorting, and an index
        # alone answers it: rows are deleted once empty (evaluation_personnes.retirer), so
        # every row is a person with accompaniments in the cell.
        suivis = await conn.fetch(
            "SELECT code, count(*) FROM (SELECT DISTINCT code, beneficiaire_id "
            "FROM cube_personnes WHERE niveau = $2 AND code = any($1::text[]) AND "
            f"{_DANS_LES_CELLULES}) x GROUP BY code",
            list(codes),
            niveau,
            *cellules(debut, fin),
        )
    else:
        suivis = await conn.fetch(
            "SELECT code, personnes FROM cube_personnes_profils WHERE niveau = $2 "
            "AND code = any($1::text[]) AND grain = $3 AND debut = $4 "
            "AND dimension = 'suivis' AND modalite = 'total'",
            list(codes),
            niveau,
            *exact,
        )
    total: dict[str, int] = {r[0]: int(r[1]) for r in suivis}
    return _plus(total, await _anonymes(conn, niveau, codes, debut, fin))


async def beneficiaires_douze_mois(
    conn: asyncpg.Connection, niveau: str, codes: Sequence[str], fin: dt.date
) -> dict[str, int]:
    """M4.12's numerator over the 12 months ending on `fin` (douze_mois_jusqu_au), per
    territory: the same figure as `beneficiaires_uniques` over that window, read from the
    rolling counts (projections/evaluation_douze_mois.py) instead of a DISTINCT."""
    suivis = await douze_mois.beneficiaires_douze_mois(conn, niveau, codes, fin)
    return _plus(suivis, await _anonymes(conn, niveau, codes, douze_mois_jusqu_au(fin), fin))


async def _anonymes(
    conn: asyncpg.Connection, niveau: str, codes: Sequence[str], debut: dt.date, fin: dt.date
) -> dict[str, int]:
    rows = await conn.fetch(
        "SELECT code, sum(accompagnements) FROM cube_activites WHERE niveau = $2 "
        "AND code = any($1::text[]) AND dimension = 'anonymes' AND modalite = 'total' "
        "AND jour BETWEEN $3 AND $4 GROUP BY code",
        list(codes),
        niveau,
        debut,
        fin,
    )
    return {r[0]: int(r[1]) for r in rows}


def _plus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in a.keys() | b.keys()}
