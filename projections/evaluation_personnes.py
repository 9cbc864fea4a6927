"""The evaluation projection's writes about followed people (migrations 0021, 0022, 0023).

`cube_personnes` holds one row per cell (territory × grain × period: day, month, quarter,
year) and person. Beside it, per cell, `cube_personnes_minutes` counts the people by their
total minutes and `cube_personnes_profils` counts them by profile and as « nouveaux » (first
day anywhere in the period), so that a report reads a few rows per cell whatever the number
of people; a custom range of days folds the cells that cover it exactly.

The invariant: each count equals what a scan of the cell's people (`accompagnements > 0`)
with their current profile and first month would give. Every change keeps it:
- a person enters or leaves a cell, or their minutes in it change: the upsert of their rows
  returns the new values, the old ones are the new minus the batch's deltas;
- a person's first day changes (a back-dated session, a correction): their current cells
  move in or out of « nouveaux »;
- a person's profile changes: their current cells move from the old profile to the new.
So each statement runs in this order within a batch: profiles, first days moved earlier,
the rows, then the people taken back (rows emptied, first days recomputed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

_PROFILS_UPSERT = """
INSERT INTO cube_personnes_profils AS f (niveau, code, grain, debut, dimension, modalite,
    personnes)
SELECT niveau, code, grain, debut, dimension, modalite, sum(n) FROM mouvements_profils
GROUP BY niveau, code, grain, debut, dimension, modalite HAVING sum(n) <> 0
ON CONFLICT (niveau, code, grain, debut, dimension, modalite) DO UPDATE SET
    personnes = f.personnes + EXCLUDED.personnes
"""
# `changes (beneficiaire_id, ancien, nouveau)`: first days that changed; a NULL day is in no
# period.
_NOUVEAUX = f"""
mouvements_profils AS (
    SELECT c.niveau, c.code, c.grain, c.debut, 'nouveaux' AS dimension, 'total' AS modalite,
        coalesce(periode_contient(c.grain, c.debut, x.nouveau), false)::int
        - coalesce(periode_contient(c.grain, c.debut, x.ancien), false)::int AS n
    FROM changes x JOIN cube_personnes c USING (beneficiaire_id)
    WHERE c.accompagnements > 0
)
{_PROFILS_UPSERT}"""

_PREMIERS_AVANCES = f"""
WITH b AS (SELECT * FROM unnest($1::uuid[], $2::date[]) AS b (beneficiaire_id, jour)),
changes AS (
    SELECT b.beneficiaire_id, m.jour AS ancien, b.jour AS nouveau
    FROM b JOIN cube_premiers_mois m USING (beneficiaire_id) WHERE b.jour < m.jour
),
ecrits AS (
    INSERT INTO cube_premiers_mois AS m (beneficiaire_id, jour) SELECT * FROM b
    ON CONFLICT (beneficiaire_id) DO UPDATE SET jour = least(m.jour, EXCLUDED.jour)
),
{_NOUVEAUX}"""

_PREMIERS_RECALCULES = f"""
WITH touches AS (SELECT DISTINCT unnest($1::uuid[]) AS beneficiaire_id),
premiers AS (
    SELECT t.beneficiaire_id, min(p.debut) AS jour FROM touches t
    LEFT JOIN cube_personnes p ON p.beneficiaire_id = t.beneficiaire_id
        AND p.niveau = 'pays' AND p.grain = 'jour' AND p.accompagnements > 0
    GROUP BY t.beneficiaire_id
),
changes AS (
    SELECT p.beneficiaire_id, m.jour AS ancien, p.jour AS nouveau
    FROM premiers p LEFT JOIN cube_premiers_mois m USING (beneficiaire_id)
    WHERE m.jour IS DISTINCT FROM p.jour
),
effaces AS (
    DELETE FROM cube_premiers_mois m USING premiers p
    WHERE m.beneficiaire_id = p.beneficiaire_id AND p.jour IS NULL
),
ecrits AS (
    INSERT INTO cube_premiers_mois (beneficiaire_id, jour)
    SELECT beneficiaire_id, jour FROM premiers WHERE jour IS NOT NULL
    ON CONFLICT (beneficiaire_id) DO UPDATE SET jour = EXCLUDED.jour
),
{_NOUVEAUX}"""

# A person's modalities in a cell `m`, given their profile `f` and first month `pm`.
_PROFIL = """VALUES
    ('suivis', 'total'),
    ('nouveaux', CASE WHEN periode_contient(m.grain, m.debut, pm.jour) THEN 'total' END),
    ('genre', f.genre),
    ('tranche_age', f.tranche_age),
    ('statut_social', f.statut_social),
    ('residence', CASE WHEN f.beneficiaire_id IS NOT NULL
        THEN coalesce(f.commune_residence, '') END)"""

_LIGNES = f"""
WITH d AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::uuid[], $6::int[],
        $7::bigint[]) AS d (niveau, code, grain, debut, beneficiaire_id, accompagnements,
        minutes_personnes)
),
ecrites AS (
    INSERT INTO cube_personnes AS p (niveau, code, grain, debut, beneficiaire_id,
        accompagnements, minutes_personnes)
    SELECT * FROM d
    ON CONFLICT (niveau, code, grain, debut, beneficiaire_id) DO UPDATE SET
        accompagnements = p.accompagnements + EXCLUDED.accompagnements,
        minutes_personnes = p.minutes_personnes + EXCLUDED.minutes_personnes
    RETURNING p.*
),
mouvements AS (
    SELECT e.niveau, e.code, e.grain, e.debut, e.beneficiaire_id,
        e.accompagnements - d.accompagnements > 0 AS avant, e.accompagnements > 0 AS apres,
        e.minutes_personnes - d.minutes_personnes AS minutes_avant,
        e.minutes_personnes AS minutes_apres
    FROM ecrites e JOIN d USING (niveau, code, grain, debut, beneficiaire_id)
),
minutes AS (
    INSERT INTO cube_personnes_minutes AS h (niveau, code, grain, debut, minutes, personnes)
    SELECT niveau, code, grain, debut, minutes, sum(n) FROM (
        SELECT niveau, code, grain, debut, minutes_apres AS minutes, 1 AS n
        FROM mouvements WHERE apres
        UNION ALL
        SELECT niveau, code, grain, debut, minutes_avant, -1 FROM mouvements WHERE avant
    ) x GROUP BY niveau, code, grain, debut, minutes HAVING sum(n) <> 0
    ON CONFLICT (niveau, code, grain, debut, minutes) DO UPDATE SET
        personnes = h.personnes + EXCLUDED.personnes
),
mouvements_profils AS (
    SELECT m.niveau, m.code, m.grain, m.debut, v.dimension, v.modalite,
        CASE WHEN m.apres THEN 1 ELSE -1 END AS n
    FROM mouvements m
    LEFT JOIN evaluation_profils f USING (beneficiaire_id)
    LEFT JOIN cube_premiers_mois pm USING (beneficiaire_id)
    CROSS JOIN LATERAL ({_PROFIL}) v (dimension, modalite)
    WHERE m.avant <> m.apres AND v.modalite IS NOT NULL
)
{_PROFILS_UPSERT}"""

_PROFILS_CHANGES = f"""
WITH n AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
        AS n (beneficiaire_id, genre, tranche_age, statut_social, commune_residence)
),
mouvements_profils AS (
    SELECT m.niveau, m.code, m.grain, m.debut, v.dimension, v.modalite, v.n
    FROM n
    LEFT JOIN evaluation_profils a USING (beneficiaire_id)
    JOIN cube_personnes m USING (beneficiaire_id)
    CROSS JOIN LATERAL (VALUES
        ('genre', n.genre, 1), ('genre', a.genre, -1),
        ('tranche_age', n.tranche_age, 1), ('tranche_age', a.tranche_age, -1),
        ('statut_social', n.statut_social, 1), ('statut_social', a.statut_social, -1),
        ('residence', coalesce(n.commune_residence, ''), 1),
        ('residence', CASE WHEN a.beneficiaire_id IS NOT NULL
            THEN coalesce(a.commune_residence, '') END, -1)
    ) v (dimension, modalite, n)
    WHERE m.accompagnements > 0 AND v.modalite IS NOT NULL
)
{_PROFILS_UPSERT}"""


async def changer_profils(conn: asyncpg.Connection, profils: dict[UUID, Any]) -> None:
    """Move the people's current cells to their new profile, then store it."""
    lignes = [
        (k, p.genre, p.tranche_age, p.statut_social, p.commune_residence)
        for k, p in profils.items()
    ]
    await conn.execute(_PROFILS_CHANGES, *(list(colonne) for colonne in zip(*lignes, strict=True)))
    await conn.executemany(
        "INSERT INTO evaluation_profils (beneficiaire_id, genre, tranche_age, "
        "statut_social, commune_residence) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (beneficiaire_id) DO UPDATE SET genre = EXCLUDED.genre, "
        "tranche_age = EXCLUDED.tranche_age, statut_social = EXCLUDED.statut_social, "
        "commune_residence = EXCLUDED.commune_residence",
        lignes,
    )


async def avancer_premiers(conn: asyncpg.Connection, premiers: dict[UUID, dt.date]) -> None:
    """Adding only moves a first day earlier."""
    await conn.execute(_PREMIERS_AVANCES, list(premiers), list(premiers.values()))


async def ecrire_lignes(conn: asyncpg.Connection, colonnes: Sequence[list[Any]]) -> None:
    """Add the batch's deltas to the people's rows, and what they change to the counts."""
    await conn.execute(_LIGNES, *colonnes)


async def retirer(conn: asyncpg.Connection, personnes: Sequence[UUID]) -> None:
    """Taking back may empty rows and move a first month later (the rare case: corrections
    and deletions), which needs the people's rows."""
    await conn.execute(
        "DELETE FROM cube_personnes WHERE beneficiaire_id = any($1::uuid[]) "
        "AND accompagnements <= 0",
        list(personnes),
    )
    await conn.execute(_PREMIERS_RECALCULES, list(personnes))
