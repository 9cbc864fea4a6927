"""What a mediator's browser keeps for offline entry, beyond the entry pages themselves: the
communes of the départements where they work (to read a commune typed with no network)."""

from __future__ import annotations

import asyncpg

DEPARTEMENTS_MAX = 3


async def departements_du_mediateur(conn: asyncpg.Connection, mediateur: str) -> list[str]:
    """The départements of the places and communes of the mediator's activities, the most
    used first (at most three)."""
    records = await conn.fetch(
        "SELECT d, count(*) AS n FROM ("
        "  SELECT l.departement AS d FROM activites a JOIN lieux l ON l.id = a.lieu_id"
        "  WHERE a.mediateur = $1 AND NOT a.supprimee"
        "  UNION ALL"
        "  SELECT c.departement FROM activites a JOIN communes c ON c.code_insee = a.commune"
        "  WHERE a.mediateur = $1 AND NOT a.supprimee"
        ") x GROUP BY d ORDER BY n DESC, d LIMIT $2",
        mediateur,
        DEPARTEMENTS_MAX,
    )
    return [r["d"] for r in records]


async def communes_hors_ligne(
    conn: asyncpg.Connection, departements: list[str], territoire: str
) -> list[tuple[str, str, list[str]]]:
    """(INSEE code, name, postcodes) of those départements; without any, of the hub's
    territory (`region:27` or `departement:21`)."""
    if departements:
        condition, valeur = "departement = any($1::text[])", departements
    else:
        niveau, _, code = territoire.partition(":")
        colonne = "region" if niveau == "region" else "departement"
        condition, valeur = f"{colonne} = any($1::text[])", [code]
    records = await conn.fetch(
        f"SELECT code_insee, nom, codes_postaux FROM communes WHERE {condition} "
        "ORDER BY nom, code_insee",
        valeur,
    )
    return [(r["code_insee"], r["nom"], list(r["codes_postaux"])) for r in records]
