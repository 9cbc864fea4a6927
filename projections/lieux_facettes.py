"""How many places each filter of the map would give: « Gratuit (12) ».

Counted like facets: a value's count applies every other filter the person chose (the
values of one field are alternatives, « l'une des valeurs suffit », so a field's own choice
does not narrow its own counts). Opening-hours filters come as id sets computed in Python by
projections.ouverture; everything else is one SQL scan with a `count(*) FILTER` per value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from projections.lieux_requetes import FiltresLieux, where_lieux
from projections.ouverture import SAMEDI, ouvert, ouvert_le_jour

OUVERTURE = ("ouvert_maintenant", "ouvert_samedi")


async def compter_facettes(
    conn: asyncpg.Connection,
    zone: FiltresLieux,
    choix: Mapping[str, Collection[str]],
    vocabulaires: Mapping[str, Collection[str]],
    ouverts: Mapping[str, Collection[UUID]],
    coches: Collection[str],
) -> dict[tuple[str, str], int]:
    """Counts by (field, value) within `zone` (département, ids around a point…), for every
    value of `vocabulaires` and for `("ouverture", name)` of each of `ouverts` (ids of the
    places open now / on Saturdays in the zone); `coches` names the opening filters ticked."""
    where, params = where_lieux(zone)

    def param(valeur: Any, type_sql: str) -> str:
        params.append(valeur)
        return f"${len(params)}::{type_sql}"

    conditions = {c: f"{c} && {param(list(v), 'text[]')}" for c, v in choix.items() if v}
    for nom in coches:
        conditions[nom] = f"id = any({param(list(ouverts[nom]), 'uuid[]')})"

    def sauf(champ: str) -> list[str]:
        return [cond for c, cond in conditions.items() if c != champ]

    colonnes: list[tuple[tuple[str, str], str]] = []
    for champ, valeurs in vocabulaires.items():
        for valeur in valeurs:
            clauses = [f"{param(valeur, 'text')} = any({champ})", *sauf(champ)]
            colonnes.append(((champ, valeur), " AND ".join(clauses)))
    for nom, ids in ouverts.items():
        clauses = [f"id = any({param(list(ids), 'uuid[]')})", *sauf(nom)]
        colonnes.append((("ouverture", nom), " AND ".join(clauses)))
    if not colonnes:
        return {}
    select = ", ".join(f"count(*) FILTER (WHERE {clause})" for _, clause in colonnes)
    ligne = await conn.fetchrow(f"SELECT {select} FROM lieux{where}", *params)
    assert ligne is not None
    return {cle: ligne[i] for i, (cle, _) in enumerate(colonnes)}


async def ouverts_dans(
    conn: asyncpg.Connection, zone: FiltresLieux, maintenant: datetime
) -> dict[str, set[UUID]]:
    """Ids of the zone's places open now, and open on Saturdays (hours read by the domain)."""
    where, params = where_lieux(zone)
    lignes = await conn.fetch(
        f"SELECT id, horaires, departement FROM lieux{where}{' AND' if where else ' WHERE'} "
        "horaires IS NOT NULL",
        *params,
    )
    return {
        "ouvert_maintenant": {
            r["id"] for r in lignes if ouvert(r["horaires"], maintenant, r["departement"])
        },
        "ouvert_samedi": {r["id"] for r in lignes if ouvert_le_jour(r["horaires"], SAMEDI)},
    }
