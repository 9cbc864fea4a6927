"""How many places each filter of the map would give: « Gratuit (12) ».

Counted like facets: a value's count applies every other filter the person chose (the
values of one field are alternatives, « l'une des valeurs suffit », so a field's own choice
does not narrow its own counts). One SQL scan counts every value with a `count(*) FILTER`,
by (hours, département); the opening-hours filters are then applied in Python to those
groups, each read once by projections.ouverture: whether a place is open now or on
Saturdays depends only on its hours and its département's public holidays.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

import asyncpg

from projections.lieux_requetes import FiltresLieux, where_lieux
from projections.ouverture import SAMEDI, ouvert, ouvert_le_jour

OUVERTURE = ("ouvert_maintenant", "ouvert_samedi")


async def compter_facettes(
    conn: asyncpg.Connection,
    zone: FiltresLieux,
    choix: Mapping[str, Collection[str]],
    vocabulaires: Mapping[str, Collection[str]],
    coches: Collection[str],
    maintenant: datetime,
) -> dict[tuple[str, str], int]:
    """Counts by (field, value) within `zone` (département, ids around a point…), for every
    value of `vocabulaires` and for `("ouverture", name)` of each of OUVERTURE (the places
    open now / on Saturdays); `coches` names the opening filters ticked."""
    where, params = where_lieux(zone)

    def param(valeur: Any, type_sql: str) -> str:
        params.append(valeur)
        return f"${len(params)}::{type_sql}"

    conditions = {c: f"{c} && {param(list(v), 'text[]')}" for c, v in choix.items() if v}

    def sauf(champ: str) -> list[str]:
        return [cond for c, cond in conditions.items() if c != champ]

    colonnes: list[tuple[tuple[str, str], str]] = []
    for champ, valeurs in vocabulaires.items():
        for valeur in valeurs:
            clauses = [f"{param(valeur, 'text')} = any({champ})", *sauf(champ)]
            colonnes.append(((champ, valeur), " AND ".join(clauses)))
    # The opening filters' own counts apply every list filter chosen.
    toutes = " AND ".join(conditions.values()) or "true"
    select = ", ".join(f"count(*) FILTER (WHERE {clause})" for _, clause in colonnes)
    groupes = await conn.fetch(
        f"SELECT horaires, departement, count(*) FILTER (WHERE {toutes}), {select} "
        f"FROM lieux{where} GROUP BY horaires, departement",
        *params,
    )
    comptes = dict.fromkeys([cle for cle, _ in colonnes], 0)
    comptes.update({("ouverture", nom): 0 for nom in OUVERTURE})
    for groupe in groupes:
        horaires, departement = groupe[0], groupe[1]
        ouverts = {
            "ouvert_maintenant": ouvert(horaires, maintenant, departement),
            "ouvert_samedi": ouvert_le_jour(horaires, SAMEDI),
        }
        if all(ouverts[nom] for nom in coches):
            for i, (cle, _) in enumerate(colonnes):
                comptes[cle] += groupe[3 + i]
        for nom in OUVERTURE:
            if ouverts[nom] and all(ouverts[n] for n in coches if n != nom):
                comptes[("ouverture", nom)] += groupe[2]
    return comptes
