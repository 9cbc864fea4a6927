"""What a read model is: a name, the events it reads, the tables it owns, and batch handlers.

A projector (mednum/infra/projector.py) hands each batch of decoded events to the projection in two
steps: `prepare`, outside any transaction, works out what to write (it may read committed
rows); `write`, inside the transaction that also moves the projection's position, writes it.
The split lets the projector prepare the next batch while PostgreSQL writes the current one.
A simple projection only implements `apply`, which does both inside the transaction.

A projection that sets `can_merge` also implements `merge`: when PostgreSQL is still writing
one batch while the projector has prepared the next ones, the projector merges those and
writes them in one transaction (mednum/infra/projector.py). `complete` then sees each batch
once it is final, still beside the previous write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

import asyncpg
import msgspec

from domain.base import Evenement, champs_propres

# An SQL statement and its arguments: what a simple projection makes of an event.
Statement = tuple[str, tuple[Any, ...]]


class Projection:
    name: ClassVar[str]
    event_types: ClassVar[tuple[type, ...]]
    tables: ClassVar[tuple[str, ...]]  # emptied, in this order, by a rebuild
    can_merge: ClassVar[bool] = False

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Any:
        """What `write` needs for these events. Runs before the previous batch committed (and,
        when batches are merged, before the earlier ones of the merge are even written), so
        it must take the previous batches' effects from memory, not from the tables."""
        return events

    async def write(self, conn: asyncpg.Connection, prepared: Any) -> None:
        await self.apply(conn, prepared)

    def merge(self, earlier: Any, later: Any) -> Any:
        """What `write` needs for two consecutive batches at once, from what `prepare` made of
        each (in order). Called only if `can_merge`; it may reuse `earlier`."""
        raise NotImplementedError

    def complete(self, prepared: Any) -> Any:
        """What `write` gets, once no further batch will be merged into `prepared`: the work
        that needs a batch's final rows goes here rather than in `write`, so that it runs
        while PostgreSQL writes the previous batch rather than in turn with it."""
        return prepared

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        raise NotImplementedError

    def forget(self) -> None:
        """Drop whatever the projection keeps in memory between batches (the transaction
        that wrote it may have rolled back, or another process may have rebuilt the table)."""

    async def reset(self, conn: asyncpg.Connection) -> None:
        for table in self.tables:
            await conn.execute(f"TRUNCATE {table}")


async def executer_en_lots(
    conn: asyncpg.Connection, statements: Iterable[Statement | None]
) -> None:
    """Runs the statements in their order, consecutive ones of the same text in one
    `executemany`: a batch costs a few round trips while keeping the events' order. None (an
    event that changes nothing here) is passed over."""
    pending_sql: str | None = None
    pending: list[tuple[Any, ...]] = []
    for found in statements:
        if found is None:
            continue
        sql, args = found
        if sql != pending_sql and pending:
            await conn.executemany(pending_sql, pending)
            pending = []
        pending_sql = sql
        pending.append(args)
    if pending:
        await conn.executemany(pending_sql, pending)


# Every event after a record's first moves the row's version and its "changed by / on" columns.
_MISE_A_JOUR = "version = $2, modifie_le = $3, modifie_par = $4"


def mise_a_jour(table: str, event: Any, sets: str = "", *valeurs: Any) -> Statement:
    """The UPDATE an event makes of its record's row in `table`: the version and who changed
    it when, and `sets`, whose parameters start at $5 (`valeurs`)."""
    autres = f", {sets}" if sets else ""
    return (
        f"UPDATE {table} SET {_MISE_A_JOUR}{autres} WHERE id = $1",
        (event.originator_id, event.originator_version, event.timestamp, event.auteur, *valeurs),
    )


def modification(table: str, event: Any, champs: dict[str, object]) -> Statement:
    """The UPDATE of a Modification event: the columns are its changed fields (named by the
    event, never by a request), tuples written as arrays."""
    sets = ", ".join(f"{nom} = ${i}" for i, nom in enumerate(champs, start=5))
    valeurs = [_colonne(v, document=False) for v in champs.values()]
    return mise_a_jour(table, event, sets, *valeurs)


@functools.cache
def _insertion(table: str, classe: type[Evenement], documents: frozenset[str]) -> str:
    champs = [
        f"${i}::jsonb" if nom in documents else f"${i}"
        for i, nom in enumerate(champs_propres(classe), start=3)
    ]
    qui = f"${len(champs) + 3}, ${len(champs) + 4}"
    return (
        f"INSERT INTO {table} (id, version, {', '.join(champs_propres(classe))}, cree_le, "
        f"cree_par, modifie_le, modifie_par) VALUES ($1, $2, {', '.join(champs)}, {qui}, {qui}) "
        "ON CONFLICT (id) DO NOTHING"
    )


_JSON = msgspec.json.Encoder()


def _colonne(valeur: Any, document: bool) -> Any:
    if document:
        return _JSON.encode(valeur).decode()
    return list(valeur) if isinstance(valeur, tuple) else valeur


def colonnes(event: Any, noms: Iterable[str], documents: frozenset[str] = frozenset()) -> list[Any]:
    """An event's fields `noms` as the arguments of their columns: tuples as arrays, the
    fields in `documents` as JSON (jsonb columns)."""
    return [_colonne(getattr(event, nom), nom in documents) for nom in noms]


def creation(table: str, event: Evenement, documents: frozenset[str] = frozenset()) -> Statement:
    """The INSERT of a record's first event: its row's columns are the id and version, the
    event's own fields (named alike), and who created it when (also the last change). Tuples
    are written as arrays, the fields in `documents` as JSON (jsonb columns). An event already
    applied inserts nothing."""
    classe = type(event)
    return _insertion(table, classe, documents), (
        event.originator_id,
        event.originator_version,
        *colonnes(event, champs_propres(classe), documents),
        event.timestamp,
        event.auteur,
    )


# What a projection that only inserts (or whose tables' order is enough) writes: for each
# statement, the event type whose events give its rows, and how an event gives its row.
Insertion = tuple[str, type, Callable[[Any], tuple[Any, ...]]]


async def inserer_par_genre(
    conn: asyncpg.Connection, events: Sequence[Any], insertions: Sequence[Insertion]
) -> None:
    """One `executemany` per statement, in the order of `insertions`, with the rows of the
    batch's events of its type."""
    for sql, genre, ligne in insertions:
        lignes = [ligne(e) for e in events if isinstance(e, genre)]
        if lignes:
            await conn.executemany(sql, lignes)
