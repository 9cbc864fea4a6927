"""Figures of a territory read from the registry's read models (places, aidants, trainings,
referrals, population) rather than from the cubes; as raw as evaluation_requetes.py."""

from __future__ import annotations

import datetime as dt

import asyncpg
import msgspec

from projections.evaluation_requetes import SEUIL_FRAGILITE, filtre_communes
from projections.intervalles import fin_du_jour, valide_a


class Offre(msgspec.Struct, frozen=True, kw_only=True):
    lieux: int
    lieux_frais: int
    """Verified within the 12 months before the period's end."""
    population: int
    population_couverte: int
    """Living in a commune with at least one open place."""
    population_fragile: int
    lieux_fragiles: int
    communes_ifn: int


async def offre(conn: asyncpg.Connection, niveau: str, code: str, fin: dt.date) -> Offre:
    """The places open at the end of the period's last day (Paris time), as the events
    recorded by then made them: a place closed, moved or confirmed later changes nothing."""
    row = await conn.fetchrow(
        "WITH c AS (SELECT c.code_insee, c.population, i.score FROM communes c "
        f"LEFT JOIN ifn_communes i USING (code_insee) WHERE {filtre_communes(niveau)}), "
        "l AS (SELECT l.code_insee, l.verifie_le FROM lieux_intervalles l "
        f"JOIN c USING (code_insee) WHERE {valide_a('$3', 'l')} "
        "AND NOT l.ferme AND l.fusionne_dans IS NULL) "
        "SELECT (SELECT count(*) FROM l) AS lieux, "
        "(SELECT count(*) FROM l WHERE (l.verifie_le AT TIME ZONE 'Europe/Paris')::date "
        "  > ($2::date - interval '12 months')::date) AS frais, "
        "(SELECT coalesce(sum(population), 0) FROM c) AS population, "
        "(SELECT coalesce(sum(population), 0) FROM c WHERE code_insee IN "
        "  (SELECT code_insee FROM l)) AS couverte, "
        f"(SELECT coalesce(sum(population), 0) FROM c WHERE score >= {SEUIL_FRAGILITE}) "
        "  AS population_fragile, "
        f"(SELECT count(*) FROM l JOIN c USING (code_insee) WHERE c.score >= {SEUIL_FRAGILITE})"
        "  AS lieux_fragiles, "
        "(SELECT count(*) FROM c WHERE score IS NOT NULL) AS communes_ifn",
        code,
        fin,
        fin_du_jour(fin),
    )
    assert row is not None
    return Offre(
        lieux=row["lieux"],
        lieux_frais=row["frais"],
        population=int(row["population"]),
        population_couverte=int(row["couverte"]),
        population_fragile=int(row["population_fragile"]),
        lieux_fragiles=row["lieux_fragiles"],
        communes_ifn=row["communes_ifn"],
    )


async def aidants_par_type(
    conn: asyncpg.Connection, niveau: str, code: str, fin: dt.date
) -> dict[str, int]:
    """Aidants active at the end of the period's last day (Paris time) working in at least
    one place of the territory (its commune at that instant), by type; and those holding a
    valid Aidants Connect habilitation then (`habilites_ac`): all as the events recorded by
    then made them."""
    rows = await conn.fetch(
        "SELECT a.type_aidant, a.habilite AND coalesce(a.habilitation_expire_le >= $2, true) "
        f"AS habilite FROM aidants_intervalles a WHERE {valide_a('$3', 'a')} "
        "AND NOT a.desactive AND EXISTS (SELECT 1 FROM lieux_intervalles l "
        f"JOIN communes c USING (code_insee) WHERE l.id = any(a.lieux) AND {valide_a('$3', 'l')} "
        f"AND {filtre_communes(niveau)})",
        code,
        fin,
        fin_du_jour(fin),
    )
    compte: dict[str, int] = {}
    for r in rows:
        compte[r["type_aidant"]] = compte.get(r["type_aidant"], 0) + 1
        if r["habilite"]:
            compte["habilites_ac"] = compte.get("habilites_ac", 0) + 1
    return compte


class Formations(msgspec.Struct, frozen=True, kw_only=True):
    sessions: int
    participants: int
    aidants_formes: int
    heures: float
    """Σ training hours × people who completed the session."""


async def formations(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> Formations:
    """Sessions held in the period at a place of the territory (remote sessions count where
    their trainees' places are not known: they are left out, and the annex says so)."""
    row = await conn.fetchrow(
        "WITH s AS (SELECT s.id, p.duree_heures FROM formation_sessions s "
        "JOIN formation_parcours p ON p.id = s.parcours_id JOIN lieux l ON l.id = s.lieu_id "
        f"JOIN communes c ON c.code_insee = l.code_insee WHERE {filtre_communes(niveau)} "
        "AND NOT s.annulee AND s.fin BETWEEN $2 AND $3), "
        "i AS (SELECT i.aidant_id, s.duree_heures, i.terminee_le::date <= $3 AS terminee "
        "FROM formation_inscriptions i JOIN s ON s.id = i.session_id WHERE i.statut = 'inscrit') "
        "SELECT (SELECT count(*) FROM s) AS sessions, (SELECT count(*) FROM i) AS participants, "
        "(SELECT count(DISTINCT aidant_id) FROM i WHERE terminee) AS formes, "
        "(SELECT coalesce(sum(duree_heures), 0) FROM i WHERE terminee) AS heures",
        code,
        debut,
        fin,
    )
    assert row is not None
    return Formations(
        sessions=row["sessions"],
        participants=row["participants"],
        aidants_formes=row["formes"],
        heures=float(row["heures"]),
    )


async def orientations(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> dict[str, int]:
    """Referrals proposed in the period towards a place of the territory, by status."""
    rows = await conn.fetch(
        "SELECT o.statut, count(*) FROM orientations o JOIN lieux l "
        "ON l.id = coalesce(o.lieu_choisi, o.lieux_proposes[1]) "
        f"JOIN communes c ON c.code_insee = l.code_insee WHERE {filtre_communes(niveau)} "
        "AND o.propose_le::date BETWEEN $2 AND $3 GROUP BY o.statut",
        code,
        debut,
        fin,
    )
    return {r[0]: int(r[1]) for r in rows}


async def population_par_epci(
    conn: asyncpg.Connection, niveau: str, code: str
) -> list[tuple[str, str, int]]:
    """The EPCIs with a commune in the territory and the population of ALL their communes:
    the numerator counts the whole EPCI, so the denominator must too, or an EPCI astride two
    départements shows a different coverage in each département's report."""
    rows = await conn.fetch(
        "SELECT e.epci, coalesce(t.nom, e.epci), sum(e.population) FROM communes e "
        "LEFT JOIN territoires t ON t.niveau = 'epci' AND t.code = e.epci "
        "WHERE e.epci IN (SELECT c.epci FROM communes c WHERE c.epci IS NOT NULL AND "
        f"{filtre_communes(niveau)}) GROUP BY 1, 2 ORDER BY 2",
        code,
    )
    return [(r[0], r[1], int(r[2])) for r in rows]


async def carte(
    conn: asyncpg.Connection, niveau: str, code: str, fin: dt.date
) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    """Communes (with IFN and open places) and places' positions for the report's maps: the
    places open at the end of the period's last day, where they stood then (as `offre`)."""
    ouverts = f"{valide_a('$2', 'l')} AND NOT l.ferme AND l.fusionne_dans IS NULL"
    communes = await conn.fetch(
        "SELECT c.code_insee, c.nom, c.epci, i.score, "
        "(SELECT count(*) FROM lieux_intervalles l WHERE l.code_insee = c.code_insee "
        f"AND {ouverts}) AS lieux FROM communes c "
        f"LEFT JOIN ifn_communes i USING (code_insee) WHERE {filtre_communes(niveau)} "
        "ORDER BY c.code_insee",
        code,
        fin_du_jour(fin),
    )
    lieux = await conn.fetch(
        "SELECT round(l.latitude::numeric, 4)::float8 AS latitude, "
        "round(l.longitude::numeric, 4)::float8 AS longitude FROM lieux_intervalles l "
        f"JOIN communes c USING (code_insee) WHERE {filtre_communes(niveau)} AND {ouverts} "
        "ORDER BY 1, 2",
        code,
        fin_du_jour(fin),
    )
    return list(communes), list(lieux)
