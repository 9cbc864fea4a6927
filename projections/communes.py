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


async def communes_du_nom(
    conn: asyncpg.Connection, texte_normalise: str, regions: list[str], *, limit: int
) -> tuple[list[CommuneVue], list[CommuneVue], set[str]]:
    """Communes whose name starts with the text (those of `regions` first, then exact names,
    then the most populous), the communes of exactly that name, and the codes of those in
    `regions`. Only communes with a centre: a search needs one."""
    requete = (
        f"{_SELECT} WHERE nom_normalise {{}} AND latitude IS NOT NULL "
        "ORDER BY (region = any($2::text[])) DESC, (nom_normalise = $1) DESC, population DESC "
        "LIMIT $3"
    )
    debut = await conn.fetch(requete.format("LIKE $1 || '%'"), texte_normalise, regions, limit)
    exactes = await conn.fetch(requete.format("= $1"), texte_normalise, regions, limit)
    chez_nous = await conn.fetch(
        "SELECT code_insee FROM communes WHERE code_insee = any($1::text[]) "
        "AND region = any($2::text[])",
        [r["code_insee"] for r in (*debut, *exactes)],
        regions,
    )
    return (
        [msgspec.convert(dict(r), CommuneVue) for r in debut],
        [msgspec.convert(dict(r), CommuneVue) for r in exactes],
        {r["code_insee"] for r in chez_nous},
    )


async def regions_du_registre(db: asyncpg.Connection) -> set[str]:
    """The régions where the registry has open places: the hub's own territory."""
    lignes = await db.fetch(
        "SELECT DISTINCT region FROM communes WHERE departement IN "
        "(SELECT DISTINCT departement FROM lieux WHERE NOT ferme AND fusionne_dans IS NULL)"
    )
    return {r["region"] for r in lignes}


async def regions_du_registre_hors_de(db: asyncpg.Connection, departement: str) -> str | None:
    """The names of the registry's régions when `departement` is in none of them."""
    noms = await db.fetch(
        "SELECT nom FROM territoires WHERE niveau = 'region' AND code = any($1::text[]) "
        "AND NOT EXISTS (SELECT 1 FROM communes WHERE departement = $2 "
        "AND region = any($1::text[])) ORDER BY nom",
        sorted(await regions_du_registre(db)),
        departement,
    )
    return ", ".join(r["nom"] for r in noms) or None
