"""The `lieux` read model: one row per place, for the API, the map and the place pages.

Its queries are in projections.lieux_requetes."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
import msgspec

from domain.lieux.events import (
    CHAMPS_STANDARD,
    EVENEMENTS_LIEU,
    LIEU_CHAMPS,
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
from projections.carte_marqueurs import marqueur_du_lieu

COLUMNS = (
    "id",
    "version",
    *LIEU_CHAMPS,
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
# Written, not read back: the map's marker is made again from the row on every change.
ECRITES = (*COLUMNS, "marqueur")


def _valeur(colonne: str, source: str) -> str:
    return f"coalesce({source}.{colonne}, '{{}}')" if colonne in LISTES else f"{source}.{colonne}"


_WRITE = (
    "WITH new AS ("
    f"INSERT INTO lieux ({', '.join(ECRITES)}) "
    f"SELECT {', '.join(_valeur(c, 'row') for c in ECRITES)} "
    "FROM json_populate_recordset(NULL::lieux, convert_from($1::bytea, 'UTF8')::json) AS row"
    "), changed AS ("
    "UPDATE lieux SET "
    + ", ".join(f"{c} = {_valeur(c, 'row')}" for c in ECRITES[1:])
    + " FROM json_populate_recordset(NULL::lieux, convert_from($2::bytea, 'UTF8')::json) AS row"
    " WHERE lieux.id = row.id"
    ") SELECT 1"
)
_encode = msgspec.json.Encoder().encode
_champs_lieu = operator.attrgetter(*LIEU_CHAMPS)
_UNSET = msgspec.UNSET


class Lignes(NamedTuple):
    """What a batch (or several merged) writes: each place's row after its last event in it,
    the places created in it apart (inserted, not updated)."""

    nouvelles: dict[int, dict[str, Any]]  # by the id's integer
    modifiees: dict[int, dict[str, Any]]


class LieuxProjection(Projection):
    name = "lieux"
    event_types = EVENEMENTS_LIEU
    tables = ("lieux",)
    can_merge = True
    # Rows of the last batches, so a long catch-up (a rebuild) need not read back what it
    # has just written, nor what the batches not yet committed changed (their effects are in
    # memory only). Two generations: past the limit, the current one becomes the old one and
    # the older is dropped; a row found in the old one comes back to the current one. The rows
    # not yet committed were touched in the last `merge_limit` events or so, far fewer than
    # a generation, so they are never dropped. Both dropped by `forget()` whenever a batch may
    # not have committed.
    CACHE_LIMIT = 100_000

    def __init__(self) -> None:
        # Keyed by the id's integer, like the batches' rows: a UUID hashes in Python code,
        # an int in C, and a batch hashes ids several times per event.
        self._cache: dict[int, dict[str, Any]] = {}
        self._old: dict[int, dict[str, Any]] = {}

    def forget(self) -> None:
        self._cache, self._old = {}, {}

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Lignes:
        """The batch folded into whole rows: at most one read, and each place's row once,
        however many events touch it. The rows are the cache's own, changed in place by
        later batches: `write` encodes them before anything else runs, and the projector
        prepares a batch only once the write before it has started (see `write`)."""
        if len(self._cache) > self.CACHE_LIMIT:
            self._old, self._cache = self._cache, {}
        cache, old = self._cache, self._old
        keys = [e.originator_id.int for e in events]
        rows: dict[int, dict[str, Any] | None] = {}
        created: list[int] = []
        missing: list[UUID] = []
        # `type(e) is` rather than isinstance: Struct classes check through ABCs, which shows
        # at a hundred thousand events. A place's creation is its first event.
        for key, event in zip(keys, events, strict=True):
            if key in rows:
                continue
            if type(event) is LieuRecense:
                created.append(key)
                rows[key] = None  # made by the fold below
            elif (row := cache.get(key)) is not None or (row := old.get(key)) is not None:
                rows[key] = row
            else:
                rows[key] = None
                missing.append(event.originator_id)
        if missing:
            # Joined on unnest rather than `= any($1)`: after a TRUNCATE, a cached generic
            # plan for `any` turned into a slow scan on a long-lived connection.
            for record in await reader.fetch(
                f"SELECT {', '.join('l.' + c for c in COLUMNS)} "
                "FROM unnest($1::uuid[]) AS wanted (id) JOIN lieux l ON l.id = wanted.id",
                missing,
            ):
                rows[record["id"].int] = dict(record)
        for key, event in zip(keys, events, strict=True):
            if type(event) is LieuRecense:
                rows[key] = row_from_recense(event)
            elif (row := rows[key]) is not None:
                plier(row, event)
            # else its creation was projected by nobody: nothing to update
        nouvelles = {key: row for key in created if (row := rows.pop(key)) is not None}
        modifiees = {key: row for key, row in rows.items() if row is not None}
        cache.update(nouvelles)
        cache.update(modifiees)
        return Lignes(nouvelles, modifiees)

    def merge(self, earlier: Lignes, later: Lignes) -> Lignes:
        nouvelles, modifiees = earlier
        nouvelles.update(later.nouvelles)
        # A place created in the earlier batches stays an insert: its row there is the very
        # dict the later ones changed.
        modifiees.update((k, row) for k, row in later.modifiees.items() if k not in nouvelles)
        return earlier

    def complete(self, prepared: Lignes) -> Lignes:
        # Each row's marker once per write, from its final state, while the previous write
        # runs (in `write`, it held up both the write and the next batch's preparation).
        for rows in prepared:
            for row in rows.values():
                row["marqueur"] = marqueur_du_lieu(row)
        return prepared

    async def write(self, conn: asyncpg.Connection, prepared: Lignes) -> None:
        # Encoded before the first `await`, so before the projector's reader task can run
        # and fold the next batch into these very dicts.
        nouvelles, modifiees = prepared
        documents = (
            _encode(list(nouvelles.values())) if nouvelles else None,
            _encode(list(modifiees.values())) if modifiees else None,
        )
        await conn.execute(_WRITE, *documents)


def plier(row: dict[str, Any], event: Any) -> None:
    """Fold an event other than the creation into the place's row, in place."""
    kind = type(event)
    if kind is LieuModifie:
        # event.champs_modifies() without building a dict: one C call reads the fields.
        for name, value in zip(LIEU_CHAMPS, _champs_lieu(event), strict=True):
            if value is not _UNSET:
                row[name] = value
        if event.standard is not _UNSET:
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
        # Only the standard's fields this place fills (see LISTES). `to_builtins` leaves out,
        # in C, those at their default (the struct omits defaults); its lists are the tuples
        # the struct holds.
        **{
            c: tuple(v) if type(v) is list else v
            for c, v in msgspec.to_builtins(event.standard).items()
            if v
        },
    }
