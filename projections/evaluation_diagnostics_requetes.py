"""The diagnostics (NAN levels, 0-4) of the people accompanied in a period, as of its end:
entry levels, people with two or more, progress (M4.8, M4.9). A whole cell probes its people
per diagnosed person; a custom range takes them from the cells that cover it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg
import msgspec

from projections.evaluation_requetes import cellules, dans_les_cellules, grain_de


class Diagnostics(msgspec.Struct, frozen=True, kw_only=True):
    niveaux_entree: dict[str, int]
    """NAN (0-4) at each person's first diagnostic, for the people accompanied in the period."""
    avec_deux: int
    progresses: int
    delta_moyen: float | None


async def diagnostics(
    conn: asyncpg.Connection, niveau: str, code: str, debut: dt.date, fin: dt.date
) -> Diagnostics:
    exact = grain_de(debut, fin)
    if exact is None:
        # A custom period: the people accompanied in any of the cells that cover it.
        accompagnes = (
            "d.beneficiaire_id IN (SELECT beneficiaire_id FROM cube_personnes WHERE "
            f"niveau = $2 AND code = $3 AND {dans_les_cellules(4)} AND accompagnements > 0)"
        )
        cellule: list[Any] = [niveau, code, *cellules(debut, fin)]
    else:
        # A cell: one probe of its key per diagnosed person, whatever the people of the cell.
        accompagnes = (
            "EXISTS (SELECT 1 FROM cube_personnes p WHERE p.niveau = $2 AND p.code = $3 "
            "AND p.grain = $4 AND p.debut = $5 AND p.beneficiaire_id = d.beneficiaire_id "
            "AND p.accompagnements > 0)"
        )
        cellule = [niveau, code, *exact]
    rows = await conn.fetch(
        "WITH d AS (SELECT d.beneficiaire_id, d.niveau, row_number() OVER w AS rang, "
        "count(*) OVER (PARTITION BY d.beneficiaire_id) AS nombre, "
        "last_value(d.niveau) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
        f" AS dernier FROM diagnostics d WHERE {accompagnes} "
        "AND NOT d.annule AND d.niveau IS NOT NULL AND d.date <= $1 "
        "WINDOW w AS (PARTITION BY d.beneficiaire_id ORDER BY d.date, d.cree_le)) "
        "SELECT niveau, nombre, dernier FROM d WHERE rang = 1",
        fin,
        *cellule,
    )
    niveaux: dict[str, int] = {}
    deltas: list[int] = []
    for r in rows:
        niveaux[str(r["niveau"])] = niveaux.get(str(r["niveau"]), 0) + 1
        if r["nombre"] >= 2:
            deltas.append(r["dernier"] - r["niveau"])
    return Diagnostics(
        niveaux_entree=niveaux,
        avec_deux=len(deltas),
        progresses=sum(1 for d in deltas if d >= 1),
        delta_moyen=sum(deltas) / len(deltas) if deltas else None,
    )
