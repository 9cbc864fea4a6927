"""The activities read model does not depend on how its events are batched.

The projection groups consecutive recordings (their rows, then their participants) to send
each statement text once per run: Hypothesis draws histories of sessions and workshops
recorded, corrected and deleted (the report oracle's), applies them in random batches, and
the read model must be identical row for row to the plain one: every statement of every
event executed one after the other, in the events' order.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from hypothesis import given
from hypothesis import strategies as st

from projections.activites import ActivitesProjection, statements
from tests.conftest import oracle_exemples
from tests.hypothese_outils import memes_cas
from tests.integration.outils_projection import avec_connexion, par_lots
from tests.integration.test_rapport_oracle import evenements, operations

_CONTENU = (
    "SELECT to_jsonb(a) - 'cree_le' - 'modifie_le' FROM activites a ORDER BY id",
    "SELECT to_jsonb(p) FROM accompagnements p ORDER BY activite_id, rang",
)


def test_batches_of_any_size_give_the_same_rows_as_one_event_at_a_time(
    database_dsn: str,
) -> None:
    @memes_cas(oracle_exemples(40), en_base=True)
    @given(operations, st.lists(st.integers(1, 12), min_size=1, max_size=5))
    def cas(ops: list[tuple[Any, ...]], lots: list[int]) -> None:
        evts = evenements(ops)[0]

        async def un_a_un(conn: asyncpg.Connection) -> list[Any]:
            await conn.execute(f"TRUNCATE {', '.join(ActivitesProjection.tables)}")
            for evenement in evts:
                for sql, args in statements(evenement):
                    await conn.execute(sql, *args)
            return [await conn.fetch(sql) for sql in _CONTENU]

        async def en_lots(conn: asyncpg.Connection, tailles: list[int]) -> list[Any]:
            projection = ActivitesProjection()
            await conn.execute(f"TRUNCATE {', '.join(projection.tables)}")
            for lot in par_lots(evts, tailles):
                async with conn.transaction():
                    await projection.apply(conn, lot)
            return [await conn.fetch(sql) for sql in _CONTENU]

        async def les_deux(conn: asyncpg.Connection) -> tuple[list[Any], list[Any]]:
            return await un_a_un(conn), await en_lots(conn, lots)

        attendu, obtenu = avec_connexion(database_dsn, les_deux)
        assert obtenu == attendu

    cas()
