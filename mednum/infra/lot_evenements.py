"""A projector's batch of stored events, decoded: what each projection is handed."""

from __future__ import annotations

from typing import Any

import asyncpg

from mednum.infra.chiffrement import champs_personnels, evenement_dechiffre, personne_stockee
from mednum.infra.eventstore import decoder_for


async def evenements_du_lot(conn: asyncpg.Connection, records: list[asyncpg.Record]) -> list[Any]:
    """The batch's events; those with personal fields decrypted with their person's key,
    fetched in one query (a key erased since reads as None). Activities' notes are left
    encrypted (they read as None here): no read model may hold a copy of them."""
    personnes = {
        i: personne_stockee(r["topic"], r["state"], r["originator_id"])
        for i, r in enumerate(records)
        if champs_personnels(r["topic"])
    }
    if not personnes:
        return [decoder_for(r["topic"]).decode(r["state"]) for r in records]
    cles = {
        row["personne_id"]: bytes(row["cle"])
        for row in await conn.fetch(
            "SELECT personne_id, cle FROM cles_personnes WHERE personne_id = any($1::uuid[])",
            list(set(personnes.values())),
        )
    }
    return [
        evenement_dechiffre(r["topic"], r["state"], personnes[i], cles.get(personnes[i]))
        if i in personnes
        else decoder_for(r["topic"]).decode(r["state"])
        for i, r in enumerate(records)
    ]
