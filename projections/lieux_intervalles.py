"""The registry as it stood at any instant: `lieux_intervalles` (migration 0058), one row per
interval of a place's history during which what the reports read of it did not change.

Each event is folded with the `lieux` projection's own fold (`row_from_recense`, `plier`);
when the result differs from the place's current interval in a column kept here, that
interval is closed at the event's time and a new one opened. The state at instant T is then
the fold of the place's events before T, read with `valide_a(T)` and no replay.

Replays are harmless: an event whose version is not after the current interval's, or a
creation for a place already known, is skipped; rows are keyed by (place, version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from domain.base import FUSEAU_DU_HUB
from domain.lieux.events import EVENEMENTS_LIEU, LieuRecense
from projections.base import Projection
from projections.lieux import plier, row_from_recense

SUIVIS = ("code_insee", "departement", "ferme", "fusionne_dans", "verifie_le")
"""What the reports read of a place at a past instant (M1.1, M1.2, M1.3, M1.6, M1.7)."""
_COLONNES = ("id", "version", "valide_de", "valide_jusqua", *SUIVIS)
_TYPES = (
    "uuid",
    "int",
    "timestamptz",
    "timestamptz",
    "text",
    "text",
    "bool",
    "uuid",
    "timestamptz",
)

_COURANTS = (
    f"SELECT {', '.join('i.' + c for c in _COLONNES)} FROM unnest($1::uuid[]) AS w (id) "
    "JOIN lieux_intervalles i ON i.id = w.id AND i.valide_jusqua IS NULL"
)
_INSERT = (
    f"INSERT INTO lieux_intervalles ({', '.join(_COLONNES)}) SELECT * FROM unnest("
    + ", ".join(f"${i}::{t}[]" for i, t in enumerate(_TYPES, start=1))
    + ") ON CONFLICT (id, version) DO NOTHING"
)
_CLORE = (
    "UPDATE lieux_intervalles i SET valide_jusqua = f.jusqua "
    "FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS f (id, version, jusqua) "
    "WHERE i.id = f.id AND i.version = f.version AND i.valide_jusqua IS NULL"
)


class LieuxIntervallesProjection(Projection):
    name = "lieux_intervalles"
    event_types = EVENEMENTS_LIEU
    tables = ("lieux_intervalles",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        ids = list({e.originator_id for e in events})
        # The current interval of each place, as stored or as opened earlier in this batch.
        courants: dict[UUID, dict[str, Any]] = {
            r["id"]: {**dict(r), "stocke": True} for r in await conn.fetch(_COURANTS, ids)
        }
        nouveaux: list[dict[str, Any]] = []
        clos: list[tuple[UUID, int, dt.datetime]] = []
        for event in events:
            courant = courants.get(event.originator_id)
            if type(event) is LieuRecense:
                if courant is not None:
                    continue  # replayed
                etat = row_from_recense(event)
            elif courant is None or event.originator_version <= courant["version"]:
                continue  # creation projected by nobody, or replayed
            else:
                etat = dict(courant)
                plier(etat, event)
                if all(etat[c] == courant[c] for c in SUIVIS):
                    continue
            # Never before the interval it closes: a place's events are in version order,
            # whatever clock stamped them.
            debut = (
                event.timestamp if courant is None else max(event.timestamp, courant["valide_de"])
            )
            if courant is not None:
                if courant.get("stocke"):
                    clos.append((courant["id"], courant["version"], debut))
                else:
                    courant["valide_jusqua"] = debut
            ouvert = {c: etat.get(c) for c in SUIVIS}  # a creation has no `fusionne_dans`
            ouvert.update(
                id=event.originator_id,
                version=event.originator_version,
                valide_de=debut,
                valide_jusqua=None,
            )
            nouveaux.append(ouvert)
            courants[event.originator_id] = ouvert
        if clos:
            await conn.execute(_CLORE, *(list(colonne) for colonne in zip(*clos, strict=True)))
        if nouveaux:
            await conn.execute(_INSERT, *([n[c] for n in nouveaux] for c in _COLONNES))


# --- queries ---------------------------------------------------------------------------------


def fin_du_jour(jour: dt.date) -> dt.datetime:
    """The instant a day ends in the hub's time zone: the next day's midnight in Paris."""
    return dt.datetime.combine(jour + dt.timedelta(days=1), dt.time(), tzinfo=FUSEAU_DU_HUB)


def valide_a(parametre: str, alias: str = "i") -> str:
    """SQL condition: the interval `alias` holds the state at the instant `parametre` (the
    fold of the events strictly before it)."""
    return (
        f"{alias}.valide_de < {parametre} AND "
        f"({alias}.valide_jusqua IS NULL OR {alias}.valide_jusqua >= {parametre})"
    )
