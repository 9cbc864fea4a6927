"""The evaluation projection's rolling 12-month counts of followed people (migration 0068).

For a territory, a person counts in the window ending on day E when one of their days of
accompaniment d lies in it, i.e. E ∈ [d, fin(d)] with fin(d) = d + 1 year − 1 day (the last
end day whose window, periodes.douze_mois_jusqu_au, still starts on or before d). A person's
days give a union of such intervals; `cube_douze_mois` stores, per territory and day, the sum
of +1 where an interval of the union starts and -1 the day after it ends.

A batch changes some (territory, person, day) cells. For each (territory, person) it touched,
the union is recomputed before and after the batch over the days from a year before its
first changed day (earlier days cannot reach past it), and the difference is added: days
outside the changed ones keep their own interval unless their predecessor changed, so
everything else cancels out. Before = after minus the batch's own deltas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import asyncpg

# The window of one day of accompaniment: the end days whose 12 months hold it.
FIN_DES_FENETRES = "((jour + interval '1 year')::date - 1)"

_VARIATIONS = f"""
WITH t AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::date[], $5::int[])
        AS t (niveau, code, beneficiaire_id, jour, delta)
),
paires AS (
    SELECT niveau, code, beneficiaire_id, min(jour) - 367 AS depuis FROM t
    GROUP BY niveau, code, beneficiaire_id
),
jours AS (
    -- Each changed or neighbouring day with its count after the batch and before it (after
    -- minus the batch's delta), summed rather than joined: no row-by-row lookup.
    SELECT niveau, code, beneficiaire_id, jour, sum(n) > 0 AS apres,
        sum(n) - sum(delta) > 0 AS avant
    FROM (
        SELECT c.niveau, c.code, c.beneficiaire_id, c.debut AS jour, c.accompagnements AS n,
            0 AS delta
        FROM paires p
        JOIN cube_personnes c ON c.niveau = p.niveau AND c.code = p.code
            AND c.beneficiaire_id = p.beneficiaire_id AND c.grain = 'jour'
            AND c.debut >= p.depuis
        UNION ALL
        SELECT niveau, code, beneficiaire_id, jour, 0, delta FROM t
    ) x
    GROUP BY niveau, code, beneficiaire_id, jour
),
intervalles AS (
    SELECT niveau, code, signe, jour, {FIN_DES_FENETRES} AS fin,
        lag({FIN_DES_FENETRES}) OVER (PARTITION BY niveau, code, beneficiaire_id, signe
            ORDER BY jour) AS fin_precedente
    FROM (
        SELECT *, 1 AS signe FROM jours WHERE apres
        UNION ALL
        SELECT *, -1 FROM jours WHERE avant
    ) x
),
propres AS (
    SELECT niveau, code, signe, greatest(jour, fin_precedente + 1) AS debut, fin
    FROM intervalles WHERE fin_precedente IS NULL OR fin_precedente < fin
),
variations AS (
    SELECT niveau, code, debut AS jour, signe AS variation FROM propres
    UNION ALL
    SELECT niveau, code, fin + 1, -signe FROM propres
)
INSERT INTO cube_douze_mois AS k (niveau, code, jour, variation)
SELECT niveau, code, jour, sum(variation) FROM variations
GROUP BY niveau, code, jour HAVING sum(variation) <> 0
ON CONFLICT (niveau, code, jour) DO UPDATE SET variation = k.variation + EXCLUDED.variation
"""


async def mettre_a_jour(
    conn: asyncpg.Connection, personnes: dict[tuple[Any, ...], list[int]]
) -> None:
    """Add what the batch's day cells (`Deltas.personnes`, already written) change to the
    rolling counts. Places (niveau 'lieu') have no M4.12 and are left out."""
    lignes = [
        (niveau, code, beneficiaire_id, debut, delta[0])
        for (niveau, code, grain, debut, beneficiaire_id), delta in personnes.items()
        if grain == "jour" and niveau != "lieu" and delta[0] != 0
    ]
    if lignes:
        await conn.execute(_VARIATIONS, *(list(c) for c in zip(*lignes, strict=True)))


async def beneficiaires_douze_mois(
    conn: asyncpg.Connection, niveau: str, codes: Iterable[str], fin: dt.date
) -> dict[str, int]:
    """Followed people accompanied within the 12 months ending on `fin`, per territory."""
    rows = await conn.fetch(
        "SELECT code, sum(variation) FROM cube_douze_mois WHERE niveau = $1 "
        "AND code = any($2::text[]) AND jour <= $3 GROUP BY code",
        niveau,
        list(codes),
        fin,
    )
    return {r[0]: int(r[1]) for r in rows if r[1]}


__all__ = ["beneficiaires_douze_mois", "mettre_a_jour"]
