"""What the list queries share: a WHERE clause built filter by filter, and a page of rows with
the number the filters give."""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec


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

    def where(self) -> tuple[str, list[Any]]:
        """` WHERE …` (empty without a condition) and its parameters, in their order."""
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else "", self.params


class Liste(msgspec.Struct, frozen=True):
    """A list query: `select` in the order `tri`, its rows counted on the tables `compte`
    names (the select's without the joins it makes only for display)."""

    select: str
    compte: str
    tri: str

    async def page(
        self,
        conn: asyncpg.Connection,
        filtres: tuple[str, list[Any]],
        limit: int,
        offset: int,
        total: int | None = None,
    ) -> tuple[list[asyncpg.Record], int]:
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
        return records, total
