"""Read models of validity intervals: a record's state at any past instant, without replay.

One row per interval of a record's history during which the columns a subclass keeps
(`suivis`) did not change. Each event is folded onto the record's current state with the
subclass's fold; when a kept column changes, the current interval is closed at the event's
time and a new one opened. The state at instant T is the fold of the record's events before
T: the row where `valide_a(T)` holds.

Replays are harmless: an event whose version is not after the current interval's, or a
creation for a record already known, is skipped; rows are keyed by (record, version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar
from uuid import UUID

import asyncpg
import msgspec

from domain.base import FUSEAU_DU_HUB
from projections.base import Projection

_encode = msgspec.json.Encoder().encode


class IntervallesProjection(Projection):
    table: ClassVar[str]
    creation: ClassVar[type]
    """The event that makes a new record."""
    suivis: ClassVar[tuple[str, ...]]
    """The columns kept: a change of any of them opens a new interval."""

    def etat_initial(self, event: Any) -> dict[str, Any]:
        """The state a creation makes (a dict holding at least the kept columns)."""
        raise NotImplementedError

    def plier(self, etat: dict[str, Any], event: Any) -> None:
        """Fold a later event into the state, in place."""
        raise NotImplementedError

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        colonnes = ("id", "version", "valide_de", "valide_jusqua", *self.suivis)
        # The current interval of each record, as stored or as opened earlier in this batch.
        courants: dict[UUID, dict[str, Any]] = {
            r["id"]: {**dict(r), "stocke": True}
            for r in await conn.fetch(
                f"SELECT {', '.join('i.' + c for c in colonnes)} "
                "FROM unnest($1::uuid[]) AS w (id) "
                f"JOIN {self.table} i ON i.id = w.id AND i.valide_jusqua IS NULL",
                list({e.originator_id for e in events}),
            )
        }
        nouveaux: list[dict[str, Any]] = []
        clos: list[dict[str, Any]] = []
        for event in events:
            courant = courants.get(event.originator_id)
            if type(event) is self.creation:
                if courant is not None:
                    continue  # replayed
                etat = self.etat_initial(event)
            elif courant is None or event.originator_version <= courant["version"]:
                continue  # creation projected by nobody, or replayed
            else:
                etat = dict(courant)
                self.plier(etat, event)
                if all(etat[c] == courant[c] for c in self.suivis):
                    continue
            # Never before the interval it closes: a record's events are in version order,
            # whatever clock stamped them.
            debut = (
                event.timestamp if courant is None else max(event.timestamp, courant["valide_de"])
            )
            if courant is not None:
                if courant.get("stocke"):
                    clos.append(
                        {"id": courant["id"], "version": courant["version"], "jusqua": debut}
                    )
                else:
                    courant["valide_jusqua"] = debut
            ouvert = {c: etat.get(c) for c in self.suivis}
            ouvert.update(
                id=event.originator_id,
                version=event.originator_version,
                valide_de=debut,
                valide_jusqua=None,
            )
            nouveaux.append(ouvert)
            courants[event.originator_id] = ouvert
        if clos:
            await conn.execute(
                f"UPDATE {self.table} i SET valide_jusqua = f.jusqua "
                "FROM json_to_recordset($1::json) AS f (id uuid, version int, jusqua timestamptz) "
                "WHERE i.id = f.id AND i.version = f.version AND i.valide_jusqua IS NULL",
                _encode(clos).decode(),
            )
        if nouveaux:
            await conn.execute(
                f"INSERT INTO {self.table} ({', '.join(colonnes)}) "
                f"SELECT {', '.join(colonnes)} "
                f"FROM json_populate_recordset(NULL::{self.table}, $1::json) "
                "ON CONFLICT (id, version) DO NOTHING",
                _encode(nouveaux).decode(),
            )


# --- queries ---------------------------------------------------------------------------------


def fin_du_jour(jour: dt.date) -> dt.datetime:
    """The instant a day ends in the hub's time zone: the next day's midnight in Paris."""
    return dt.datetime.combine(jour + dt.timedelta(days=1), dt.time(), tzinfo=FUSEAU_DU_HUB)


def valide_a(parametre: str, alias: str) -> str:
    """SQL condition: the interval `alias` holds the state at the instant `parametre` (the
    fold of the events strictly before it)."""
    return (
        f"{alias}.valide_de < {parametre} AND "
        f"({alias}.valide_jusqua IS NULL OR {alias}.valide_jusqua >= {parametre})"
    )
