"""The fragility layer of the map: the imported IFN per commune, in 7 classes.

Drawn as circles at commune centres, sized by population, rather than as commune shapes:
the region's shapes (communes-bfc.geojson) weigh 4 MB, more than the whole page's budget,
and simplifying them well needs a topology tool we do not have; a commune's centre and
population are already in the `communes` reference table. Classes are the 7-quantiles of the
imported index, so each colour holds as many communes and the ramp shows contrasts anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg
import msgspec

CLASSES = 7


class CommuneFragile(msgspec.Struct, frozen=True, array_like=True):
    latitude: float
    longitude: float
    classe: int
    population: int
    nom: str
    score: float


class CoucheFragilite(msgspec.Struct, frozen=True, kw_only=True):
    seuils: list[float]
    """The 8 bounds of the 7 classes, lowest first."""
    communes: list[CommuneFragile]


async def couche_fragilite(
    conn: asyncpg.Connection, codes_postaux: Iterable[str]
) -> CoucheFragilite | None:
    """The layer for the départements the map shows, or None when no IFN was imported."""
    seuils = await conn.fetchval(
        "SELECT percentile_cont($1::float8[]) WITHIN GROUP (ORDER BY score) FROM ifn_communes",
        [i / CLASSES for i in range(CLASSES + 1)],
    )
    if seuils is None or seuils[0] is None:
        return None
    # Departements from the postcodes shown (first two digits; 2A/2B and overseas are
    # matched through the communes table's own department code below).
    codes = sorted({cp[:2] for cp in codes_postaux if len(cp) == 5})
    records = await conn.fetch(
        "SELECT c.latitude, c.longitude, c.population, c.nom, i.score FROM ifn_communes i "
        "JOIN communes c ON c.code_insee = i.code_insee WHERE c.latitude IS NOT NULL "
        "AND left(c.departement, 2) = any($1::text[]) ORDER BY c.population DESC",
        codes,
    )
    bornes = list(seuils)
    communes = [
        CommuneFragile(
            latitude=round(r["latitude"], 4),
            longitude=round(r["longitude"], 4),
            classe=_classe(r["score"], bornes),
            population=r["population"],
            nom=r["nom"],
            score=r["score"],
        )
        for r in records
    ]
    return CoucheFragilite(seuils=[round(s, 1) for s in bornes], communes=communes)


def _classe(score: float, bornes: list[float]) -> int:
    for i in range(1, CLASSES):
        if score < bornes[i]:
            return i - 1
    return CLASSES - 1


async def legende_fragilite(conn: asyncpg.Connection) -> bool:
    """Whether an IFN was imported (the page then says the layer exists)."""
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM ifn_communes)"))
