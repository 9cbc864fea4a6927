"""A custom period's figures about followed people, in one statement.

A month, a quarter or a year is one cell whose counts are kept (evaluation_requetes.py); a
custom range of days is folded person by person from its day rows, which the covering index
of migration 0068 serves in one range scan without visiting the table (the month, quarter
and year rows only sum the same days). The people are gathered once, and everything that
needs them is derived from that one set: distinct people, « nouveaux », the median and P90 of their
minutes, long journeys, their profiles, the people of each month cut by the range (the trend
chart's first and last months) and their diagnostics as of the period's end. Each figure is
the one the per-cell path gives for a whole cell (tests/integration/test_cubes_personnes.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from projections.evaluation_diagnostics_requetes import Diagnostics
from projections.evaluation_requetes import (
    SEUIL_FRAGILITE,
    Personnes,
)

# One row per figure: (sorte, cle, n, a, b, x, y); the columns a figure does not use are NULL.
_PERSONNES = f"""
WITH p AS MATERIALIZED (
    SELECT beneficiaire_id, sum(minutes_personnes) AS minutes,
        bool_or(date_trunc('month', debut) = $5) AS premier_mois,
        bool_or(date_trunc('month', debut) = $6) AS dernier_mois
    FROM cube_personnes WHERE niveau = $1 AND code = $2 AND grain = 'jour'
        AND debut BETWEEN $3 AND $4 AND accompagnements > 0
    GROUP BY beneficiaire_id
),
x AS (
    SELECT p.minutes, pm.jour BETWEEN $3 AND $4 AS nouveau, f.beneficiaire_id IS NOT NULL
        AS a_profil, f.genre, f.tranche_age, f.statut_social,
        CASE WHEN f.commune_residence IS NULL THEN NULL
            WHEN coalesce(i.score >= {SEUIL_FRAGILITE}, false) THEN 'fragile' ELSE 'autre' END
            AS residence
    FROM p LEFT JOIN cube_premiers_mois pm USING (beneficiaire_id)
    LEFT JOIN evaluation_profils f USING (beneficiaire_id)
    LEFT JOIN ifn_communes i ON i.code_insee = f.commune_residence
),
d AS (
    SELECT d.beneficiaire_id, d.niveau, row_number() OVER w AS rang,
        count(*) OVER (PARTITION BY d.beneficiaire_id) AS nombre,
        last_value(d.niveau) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            AS dernier
    FROM diagnostics d JOIN p USING (beneficiaire_id)
    WHERE NOT d.annule AND d.niveau IS NOT NULL AND d.date <= $4
    WINDOW w AS (PARTITION BY d.beneficiaire_id ORDER BY d.date, d.cree_le)
),
entrees AS (SELECT niveau, nombre, dernier - niveau AS delta FROM d WHERE rang = 1)
SELECT 'personnes' AS sorte, NULL AS cle, count(*) AS n, count(*) FILTER (WHERE nouveau) AS a,
    count(*) FILTER (WHERE minutes >= 600) AS b,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS x,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS y
FROM x
UNION ALL SELECT 'genre', genre, count(*), NULL, NULL, NULL, NULL FROM x WHERE a_profil
    GROUP BY genre
UNION ALL SELECT 'tranche_age', tranche_age, count(*), NULL, NULL, NULL, NULL FROM x
    WHERE a_profil GROUP BY tranche_age
UNION ALL SELECT 'statut_social', statut_social, count(*), NULL, NULL, NULL, NULL FROM x
    WHERE a_profil GROUP BY statut_social
UNION ALL SELECT 'residence', residence, count(*), NULL, NULL, NULL, NULL FROM x
    WHERE residence IS NOT NULL GROUP BY residence
UNION ALL SELECT 'mois', $5::date::text, count(*), NULL, NULL, NULL, NULL FROM p
    WHERE premier_mois
UNION ALL SELECT 'mois', $6::date::text, count(*), NULL, NULL, NULL, NULL FROM p
    WHERE dernier_mois
UNION ALL SELECT 'entree', niveau::text, count(*), NULL, NULL, NULL, NULL FROM entrees
    GROUP BY niveau
UNION ALL SELECT 'diagnostics', NULL, count(*), count(*) FILTER (WHERE delta >= 1),
    sum(delta), NULL, NULL FROM entrees WHERE nombre >= 2
"""


class PeriodeLibre(msgspec.Struct, frozen=True, kw_only=True):
    personnes: Personnes
    profils: dict[tuple[str, str], int]
    """As evaluation_requetes.profils_suivis: (dimension, modalité) → people."""
    par_mois: dict[dt.date, int]
    """Followed people of each month asked for (first day → people), within the period."""
    diagnostics: Diagnostics


async def periode_libre(
    conn: asyncpg.Connection,
    niveau: str,
    code: str,
    debut: dt.date,
    fin: dt.date,
    mois: list[dt.date],
) -> PeriodeLibre:
    assert len(mois) <= 2, mois  # a period cuts at most its first and last months
    premier, dernier = [*mois, None, None][:2]
    rows = await conn.fetch(_PERSONNES, niveau, code, debut, fin, premier, dernier)
    par_sorte: dict[str, list[Any]] = {}
    for r in rows:
        par_sorte.setdefault(r["sorte"], []).append(r)
    (stats,) = par_sorte["personnes"]
    profils = {
        (r["sorte"], r["cle"]): int(r["n"])
        for sorte in ("genre", "tranche_age", "statut_social", "residence")
        for r in par_sorte.get(sorte, [])
    }
    (diag,) = par_sorte["diagnostics"]
    avec_deux = int(diag["n"])
    return PeriodeLibre(
        personnes=Personnes(
            suivis=int(stats["n"]),
            nouveaux=int(stats["a"]),
            mediane_minutes=stats["x"],
            p90_minutes=stats["y"],
            parcours_longs=int(stats["b"]),
        ),
        profils=profils,
        par_mois={
            dt.date.fromisoformat(r["cle"]): int(r["n"])
            for r in par_sorte.get("mois", [])
            if r["cle"] is not None and r["n"]
        },
        diagnostics=Diagnostics(
            niveaux_entree={r["cle"]: int(r["n"]) for r in par_sorte.get("entree", [])},
            avec_deux=avec_deux,
            progresses=int(diag["a"]),
            delta_moyen=int(diag["b"]) / avec_deux if avec_deux else None,
        ),
    )
