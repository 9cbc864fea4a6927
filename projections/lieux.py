"""The `lieux` read model: one row per place, for the API, the map and the place pages.

Its queries are in projections.lieux_requetes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
import msgspec

from domain.lieux.events import (
    CHAMPS_STANDARD,
    EVENEMENTS_LIEU,
    AbsorptionAnnulee,
    ChampsStandard,
    FusionAnnulee,
    LieuAbsorbe,
    LieuFerme,
    LieuFusionne,
    LieuModifie,
    LieuRecense,
    LieuVerifie,
    instant_de_verification,
)
from projections.base import Projection

COLUMNS = (
    "id",
    "version",
    "nom",
    "adresse",
    "complement_adresse",
    "code_postal",
    "code_insee",
    "commune",
    "departement",
    "latitude",
    "longitude",
    "services",
    "horaires",
    "ferme",
    "cree_le",
    "cree_par",
    "modifie_le",
    "modifie_par",
    "verifie_le",
    "verifie_par",
    "fusionne_dans",
    *CHAMPS_STANDARD,
)
# The batch's rows go as two JSON documents (msgspec encodes them far faster than asyncpg
# encodes a thousand rows of parameters), sent as bytes (`bytea`: no copy into a Python
# string, none back into UTF-8): new places are inserted, known ones updated (an upsert would
# try an insert first for every update). Both in one statement, so that PostgreSQL works on
# the whole batch in one go while the projector prepares the next one. Empty fields of the
# standard are left out of the documents (most places fill few of them): a missing list reads
# as an empty one.
LISTES = {c for c in CHAMPS_STANDARD if isinstance(getattr(ChampsStandard(), c), tuple)}


def _valeur(colonne: str, source: str) -> str:
    return f"coalesce({source}.{colonne}, '{{}}')" if colonne in LISTES else f"{source}.{colonne}"


_WRITE = (
    "WITH new AS ("
    f"INSERT INTO lieux ({', '.join(COLUMNS)}) "
    f"SELECT {', '.join(_valeur(c, 'row') for c in COLUMNS)} "
    "FROM json_populate_recordset(NULL::lieux, convert_from($1::bytea, 'UTF8')::json) AS row"
    "), changed AS ("
    "UPDATE lieux SET "
    + ", ".join(f"{c} = {_valeur(c, 'row')}" for c in COLUMNS[1:])
    + " FROM json_populate_recordset(NULL::lieux, convert_from($2::bytea, 'UTF8')::json) AS row"
    " WHERE lieux.id = row.id"
    ") SELECT 1"
)
_encode = msgspec.json.Encoder().encode


class Lignes(NamedTuple):
    """What a batch (or several merged) writes: each place's row after its last event in it,
    the places created in it apart (inserted, not updated)."""

    nouvelles: dict[UUID, dict[str, Any]]
    modifiees: dict[UUID, dict[str, Any]]


class LieuxProjection(Projection):
    name = "lieux"
    event_types = EVENEMENTS_LIEU
    tables = ("lieux",)
    can_merge = True
    # Rows written by the last batches, so a long catch-up (a rebuild) need not read back
    # what it has just written. Dropped by `forget()` whenever a batch may not have committed.
    CACHE_LIMIT = 100_000

    def __init__(self) -> None:
        self._cache: dict[UUID, dict[str, Any]] = {}

    def forget(self) -> None:
        self._cache = {}

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Lignes:
        """The batch folded into whole rows: at most one read, and each place's row once,
        however many events touch it. A row is copied before its first change in a batch:
        the rows of a batch not yet written stay as that batch left them."""
        if len(self._cache) > self.CACHE_LIMIT:
            self._cache = {}
        cache = self._cache
        rows: dict[UUID, dict[str, Any]] = {}
        # `type(e) is` rather than isinstance: Struct classes check through ABCs, which shows
        # at a hundred thousand events.
        created = {e.originator_id for e in events if type(e) is LieuRecense}
        missing = set()
        for place_id in {e.originator_id for e in events} - created:
            if (row := cache.get(place_id)) is not None:
                rows[place_id] = row.copy()
            else:
                missing.add(place_id)
        if missing:
            # Joined on unnest rather than `= any($1)`: after a TRUNCATE, a cached generic
            # plan for `any` turned into a slow scan on a long-lived connection.
            for record in await reader.fetch(
                f"SELECT {', '.join('l.' + c for c in COLUMNS)} "
                "FROM unnest($1::uuid[]) AS wanted (id) JOIN lieux l ON l.id = wanted.id",
                list(missing),
            ):
                rows[record["id"]] = dict(record)
        for event in events:
            if type(event) is LieuRecense:
                rows[event.originator_id] = row_from_recense(event)
            elif (row := rows.get(event.originator_id)) is not None:
                plier(row, event)
            # else its creation was projected by nobody: nothing to update
        cache.update(rows)
        nouvelles = {place_id: rows.pop(place_id) for place_id in created}
        return Lignes(nouvelles, rows)

    def merge(self, earlier: Lignes, later: Lignes) -> Lignes:
        nouvelles, modifiees = earlier
        for place_id, row in later.modifiees.items():
            if place_id in nouvelles:
                nouvelles[place_id] = row  # created in the earlier batch: still an insert
            else:
                modifiees[place_id] = row
        nouvelles.update(later.nouvelles)
        return earlier

    async def write(self, conn: asyncpg.Connection, prepared: Lignes) -> None:
        nouvelles, modifiees = prepared
        await conn.execute(
            _WRITE,
            _encode(list(nouvelles.values())) if nouvelles else None,
            _encode(list(modifiees.values())) if modifiees else None,
        )


def plier(row: dict[str, Any], event: Any) -> None:
    """Fold an event other than the creation into the place's row, in place."""
    kind = type(event)
    if kind is LieuModifie:
        row.update(event.champs_modifies())
        if event.standard is not msgspec.UNSET:
            row.update(event.standard.valeurs())
        row["verifie_le"] = instant_de_verification(event)
        row["verifie_par"] = event.auteur
    elif kind is LieuVerifie:
        row["verifie_le"] = instant_de_verification(event)
        row["verifie_par"] = event.auteur
    elif kind is LieuFerme:
        row["ferme"] = True
    elif kind is LieuFusionne:
        row["fusionne_dans"] = event.dans
    elif kind is FusionAnnulee:
        row["fusionne_dans"] = None
    elif kind is LieuAbsorbe:
        row.update(event.apport.valeurs())
    elif kind is AbsorptionAnnulee:
        row.update(event.retabli.valeurs())
    row["version"] = event.originator_version
    row["modifie_le"] = event.timestamp
    row["modifie_par"] = event.auteur


def row_from_recense(event: LieuRecense) -> dict[str, Any]:
    return {
        "id": event.originator_id,
        "version": event.originator_version,
        "nom": event.nom,
        "adresse": event.adresse,
        "complement_adresse": event.complement_adresse,
        "code_postal": event.code_postal,
        "code_insee": event.code_insee,
        "commune": event.commune,
        "departement": event.departement,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "services": list(event.services),
        "horaires": event.horaires,
        "ferme": False,
        "cree_le": event.timestamp,
        "cree_par": event.auteur,
        "modifie_le": event.timestamp,
        "modifie_par": event.auteur,
        "verifie_le": instant_de_verification(event),
        "verifie_par": event.auteur,
        # Only the standard's fields this place fills (see LISTES).
        **{c: v for c, v in msgspec.structs.asdict(event.standard).items() if v},
    }
