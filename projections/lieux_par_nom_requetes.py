"""Finding a registry place from a name and a commune, as files from other tools name them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

import asyncpg

from domain.lieux.doublons import normaliser


async def trouveur_de_lieux(
    conn: asyncpg.Connection, codes_insee: Iterable[str]
) -> Callable[[str, str], UUID | None]:
    """A lookup of open places of these communes by their name (compared without accents,
    case, punctuation or filler words)."""
    records = await conn.fetch(
        "SELECT id, nom, code_insee FROM lieux WHERE code_insee = any($1::text[]) "
        "AND NOT ferme AND fusionne_dans IS NULL",
        sorted({c for c in codes_insee if c}),
    )
    index = {(normaliser(r["nom"]), r["code_insee"]): r["id"] for r in records}

    def trouver(nom: str, code_insee: str) -> UUID | None:
        return index.get((normaliser(nom), code_insee))

    return trouver
