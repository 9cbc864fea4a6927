"""What the list queries share: a WHERE clause built filter by filter, and a page of rows with
the number the filters give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import asyncpg
import msgspec

V = TypeVar("V")


class Conditions:
    """The conditions of a WHERE clause and their parameters. `param` numbers a value where
    the condition names it (a value compared with several columns is passed once)."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def param(self, valeur: Any) -> str:
        self.params.append(valeur)
        return f"${len(self.params)}"

    def ajouter(self, clause: str) -> None:
        self.clauses.append(clause)

    def si(self, valeur: Any, clause: str) -> None:
        """`clause` when the filter is set (neither None nor empty), `$?` standing for its
        value's parameter wherever it appears."""
        if valeur:
            self.ajouter(clause.replace("$?", self.param(valeur)))

    def si_donne(self, valeur: Any, clause: str) -> None:
        """`clause` when the filter is not None, even empty or false (an empty text is then
        a value the rows are compared with)."""
        if valeur is not None:
            self.ajouter(clause.replace("$?", self.param(valeur)))

    def recherche(self, texte: str | None, *colonnes: str) -> None:
        """The rows where one of `colonnes` (SQL expressions, lower-cased where the search
        ignores case) contains the text typed, lower-cased."""
        if texte:
            motif = self.param(f"%{texte.lower()}%")
            self.ajouter("(" + " OR ".join(f"{c} LIKE {motif}" for c in colonnes) + ")")

    def where(self) -> tuple[str, list[Any]]:
        """` WHERE …` (empty without a condition) and its parameters, in their order."""
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else "", self.params


def lecteur(classe: type[V], *json: str) -> Callable[[asyncpg.Record], V]:
    """How a row reads as `classe`, its `json` columns (sent as text) decoded first."""

    def lire(record: asyncpg.Record) -> V:
        valeurs = dict(record)
        for colonne in json:
            valeurs[colonne] = msgspec.json.decode(valeurs[colonne])
        return msgspec.convert(valeurs, classe)

    return lire


class Liste(msgspec.Struct, Generic[V], frozen=True):
    """A read model's records: `select` (its rows by `cle`, one by one, or a page of them in
    the order `tri`), counted on the tables `compte` names (the select's without the joins it
    makes only for display), each row read by `vue`."""

    select: str
    compte: str
    tri: str
    cle: str
    vue: Callable[[asyncpg.Record], V]

    async def lire(self, conn: asyncpg.Connection, ident: Any) -> V | None:
        """The record whose `cle` is `ident`, None when there is none."""
        record = await conn.fetchrow(f"{self.select} WHERE {self.cle} = $1", ident)
        return self.vue(record) if record else None

    async def page(
        self,
        conn: asyncpg.Connection,
        filtres: tuple[str, list[Any]],
        limit: int,
        offset: int,
        total: int | None = None,
    ) -> tuple[list[V], int]:
        """One page of the rows the filters (` WHERE …` and its parameters) keep, and how
        many they keep in all, unless the caller gives that `total`."""
        where, params = filtres
        if total is None:
            total = await conn.fetchval(f"SELECT count(*) FROM {self.compte}{where}", *params)
        n = len(params)
        records = await conn.fetch(
            f"{self.select}{where} ORDER BY {self.tri} LIMIT ${n + 1} OFFSET ${n + 2}",
            *params,
            limit,
            offset,
        )
        return [self.vue(r) for r in records], total
