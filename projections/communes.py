"""Queries on the communes reference table (loaded by mednum.infra.communes, not projected)."""

from __future__ import annotations

import asyncpg
import msgspec


class CommuneVue(msgspec.Struct, frozen=True, kw_only=True):
    code_insee: str
    nom: str
    departement: str
    codes_postaux: list[str]
    population: int
    latitude: float | None
    longitude: float | None
    epci: str | None


_SELECT = (
    "SELECT code_insee, nom, departement, codes_postaux, population, latitude, longitude, epci "
    "FROM communes"
)


async def chercher_communes(
    conn: asyncpg.Connection, texte_normalise: str, *, limit: int = 10, territoire: str = ""
) -> list[CommuneVue]:
    """By postcode (digits) or by the start of the name, accents and case ignored; those of
    `territoire` (`region:27`, `departement:21`) first when it is given."""
    niveau, _, code = territoire.partition(":")
    colonne = {"region": "region", "departement": "departement"}.get(niveau)
    d_abord = f"({colonne} = $3) DESC, " if colonne else ""
    params = (code,) if colonne else ()
    if texte_normalise.isdigit():
        records = await conn.fetch(
            f"{_SELECT} WHERE EXISTS (SELECT 1 FROM unnest(codes_postaux) cp "
            f"WHERE cp LIKE $1 || '%') ORDER BY {d_abord}population DESC LIMIT $2",
            texte_normalise,
            limit,
            *params,
        )
    else:
        records = await conn.fetch(
            f"{_SELECT} WHERE nom_normalise LIKE $1 || '%' "
            f"ORDER BY (nom_normalise = $1) DESC, {d_abord}population DESC LIMIT $2",
            texte_normalise,
            limit,
            *params,
        )
    return [msgspec.convert(dict(r), CommuneVue) for r in records]


async def lire_commune(conn: asyncpg.Connection, code_insee: str) -> CommuneVue | None:
    record = await conn.fetchrow(f"{_SELECT} WHERE code_insee = $1", code_insee)
    return msgspec.convert(dict(record), CommuneVue) if record else None


async def departements(conn: asyncpg.Connection) -> list[tuple[str, str]]:
    records = await conn.fetch(
        "SELECT code, nom FROM territoires WHERE niveau = 'departement' ORDER BY code"
    )
    return [(r["code"], r["nom"]) for r in records]
