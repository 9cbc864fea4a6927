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
# « Nouveaux » are counted apart (the people whose first day falls in the range, among p) and
# the profiles in one grouping pass: both cost a pass over the people less (at 1M sessions,
# 47,402 people in 45 days: 104 ms before, 73-83 ms after).
_PERSONNES = f"""
WITH p AS MATERIALIZED (
    SELECT beneficiaire_id, sum(minutes_personnes) AS minutes,
        bool_or(debut >= $5 AND debut < $6) AS premier_mois,
        bool_or(debut >= $7 AND debut < $8) AS dernier_mois
    FROM cube_personnes WHERE niveau = $1 AND code = $2 AND grain = 'jour'
        AND debut BETWEEN $3 AND $4 AND accompagnements > 0
    GROUP BY beneficiaire_id
),
x AS (
    SELECT p.minutes, f.beneficiaire_id IS NOT NULL AS a_profil, f.genre, f.tranche_age,
        f.statut_social,
        CASE WHEN f.commune_residence IS NULL THEN NULL
            WHEN coalesce(i.score >= {SEUIL_FRAGILITE}, false) THEN 'fragile' ELSE 'autre' END
            AS residence
    FROM p LEFT JOIN evaluation_profils f USING (beneficiaire_id)
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
SELECT 'personnes' AS sorte, NULL AS cle, count(*) AS n,
    (SELECT count(*) FROM cube_premiers_mois pm JOIN p USING (beneficiaire_id)
        WHERE pm.jour BETWEEN $3 AND $4) AS a,
    count(*) FILTER (WHERE minutes >= 600) AS b,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS x,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS y
FROM x
UNION ALL SELECT
    CASE WHEN grouping(genre) = 0 THEN 'genre' WHEN grouping(tranche_age) = 0 THEN 'tranche_age'
        WHEN grouping(statut_social) = 0 THEN 'statut_social' ELSE 'residence' END,
    coalesce(genre, tranche_age, statut_social, residence), count(*), NULL, NULL, NULL, NULL
    FROM x WHERE a_profil
    GROUP BY GROUPING SETS ((genre), (tranche_age), (statut_social), (residence))
    HAVING grouping(residence) = 1 OR residence IS NOT NULL
UNION ALL SELECT 'mois', NULL, NULL, count(*) FILTER (WHERE premier_mois),
    count(*) FILTER (WHERE dernier_mois), NULL, NULL FROM p
UNION ALL SELECT 'entree', niveau::text, count(*), NULL, NULL, NULL, NULL FROM entrees
    GROUP BY niveau
UNION ALL SELECT 'diagnostics', NULL, count(*), count(*) FILTER (WHERE delta >= 1),
    sum(delta), NULL, NULL FROM entrees WHERE nombre >= 2
"""


def _bornes(mois: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """A month's first day and the next month's (a range compare costs less per row than
    date_trunc, which goes through a timestamp)."""
    if mois is None:
        return None, None
    return mois, (mois + dt.timedelta(days=31)).replace(day=1)


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
    rows = await conn.fetch(
        _PERSONNES, niveau, code, debut, fin, *_bornes(premier), *_bornes(dernier)
    )
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
    (par_mois,) = par_sorte["mois"]
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
            m: int(n)
            for m, n in ((premier, par_mois["a"]), (dernier, par_mois["b"]))
            if m is not None and n
        },
        diagnostics=Diagnostics(
            niveaux_entree={r["cle"]: int(r["n"]) for r in par_sorte.get("entree", [])},
            avec_deux=avec_deux,
            progresses=int(diag["a"]),
            delta_moyen=int(diag["b"]) / avec_deux if avec_deux else None,
        ),
    )
