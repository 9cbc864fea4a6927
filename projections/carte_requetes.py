"""The markers of a map, joined from the fragments the lieux projection stored
(projections.carte_marqueurs): one query, whatever the number of places.

PostgreSQL groups the places shown by commune and (hours, département) and joins each
group's fragments, every one followed by a marker byte that cannot occur in them (JSON
escapes control characters); Python numbers the groups' communes and hours and puts the
two indexes in place of that byte with one `str.replace` per group. No line of Python per
place: today's hours are computed once per distinct (hours, département), a few hundred at
most, and the commune line once per commune.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
import msgspec

from projections.carte_marqueurs import ligne_commune, texte_html
from projections.lieux_requetes import FiltresLieux, where_lieux
from projections.ouverture import aujourdhui


class MarqueursCarte(msgspec.Struct, frozen=True, kw_only=True):
    """A map's markers, ready for web.carte_map (every text already escaped)."""

    lignes: str
    """The rows, comma-separated, without the enclosing brackets."""
    communes: list[str]
    """The commune lines the rows index."""
    jours: list[str]
    """Today's hours the rows index ("" when unknown)."""
    nombre: int
    bornes: tuple[float, float, float, float] | None = None
    """South, west, north, east of the places."""
    centre: tuple[float, float] | None = None
    """The places' mean position."""
    codes_postaux: tuple[str, ...] = ()


VIDE = MarqueursCarte(lignes="", communes=[], jours=[], nombre=0)


# Closes each fragment until Python knows its indexes (see above).
_FIN = "\x01"


def _requete(where: str) -> str:
    # Grouped by hashing, not sorted: sorting would move 3 MB of fragments around (a tenth
    # of the query's time for the groups alone). Within a group the rows come in the
    # table's order (no parallel plan: see marqueurs_carte), and the groups in the order of
    # the hash table those rows fill: the same rows give the same script in every process.
    # (Were it not so, a process would serve the script it draws without `immutable`:
    # web.pages.carte_script.)
    return (
        "SELECT code_postal, commune, coalesce(horaires, '') AS horaires, departement, "
        "count(*) AS nombre, min(latitude) AS sud, min(longitude) AS ouest, "
        "max(latitude) AS nord, max(longitude) AS est, "
        "sum(latitude) AS latitudes, sum(longitude) AS longitudes, "
        f"string_agg(marqueur || chr(1), ',') AS lignes FROM lieux{where} "
        "GROUP BY code_postal, commune, horaires, departement"
    )


async def marqueurs_carte(
    conn: asyncpg.Connection, filtres: FiltresLieux, maintenant: datetime
) -> MarqueursCarte:
    """The markers of the places `filtres` selects, today's hours as of `maintenant`."""
    where, params = where_lieux(filtres)
    async with conn.transaction():
        # One process, in memory: a parallel plan would join a group's rows in any order.
        await conn.execute(
            "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '64MB'"
        )
        groupes = await conn.fetch(_requete(where), *params)
    if not groupes:
        return VIDE
    communes: dict[tuple[str, str], int] = {}
    heures: dict[tuple[str, str], int] = {}
    morceaux = []
    nombre = 0
    sud = ouest = float("inf")
    nord = est = float("-inf")
    latitudes = longitudes = 0.0
    for cp, commune, horaires, departement, n, s, o, no, e, lat, lon, lignes in groupes:
        ci = communes.setdefault((cp, commune), len(communes))
        hi = heures.setdefault((horaires, departement), len(heures))
        if lignes is not None:  # None: no marker stored (the projection always writes one)
            morceaux.append(lignes.replace(_FIN, f",{ci},{hi}]"))
        nombre += n
        sud, ouest, nord, est = min(sud, s), min(ouest, o), max(nord, no), max(est, e)
        latitudes += lat
        longitudes += lon
    return MarqueursCarte(
        lignes=",".join(morceaux),
        communes=[ligne_commune(cp, c) for cp, c in communes],
        jours=[texte_html(aujourdhui(h or None, maintenant, d)) for h, d in heures],
        nombre=nombre,
        bornes=(sud, ouest, nord, est),
        centre=(latitudes / nombre, longitudes / nombre),
        codes_postaux=tuple(dict.fromkeys(cp for cp, _ in communes)),
    )
