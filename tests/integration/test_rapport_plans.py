"""Every query of a report is planned for its own values: after five runs of a cached
statement PostgreSQL may switch to a generic plan, which read every person of a quarter's cell
to find the diagnosed among them (250 ms of 350 at 1M sessions, bench/README.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from domain.evaluation.rapport import Periode, Territoire
from mednum.rapports.calcul import mesurer
from tests.conftest import run_sync

REGION = Territoire(niveau="region", code="27", nom="Bourgogne-Franche-Comté")
PERIODES = [
    Periode(debut=date(2026, 4, 1), fin=date(2026, 6, 30), libelle="2e trimestre 2026"),
    Periode(debut=date(2026, 3, 10), fin=date(2026, 4, 23), libelle="45 jours"),
]


class _PlansVus:
    """The connection, noting the plan mode in force before each query it runs."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn, self.modes = conn, list[str]()

    def __getattr__(self, nom: str) -> Any:
        methode = getattr(self.conn, nom)
        if nom not in ("fetch", "fetchrow", "fetchval"):
            return methode

        async def apres_le_mode(*args: Any) -> Any:
            self.modes.append(await self.conn.fetchval("SHOW plan_cache_mode"))
            return await methode(*args)

        return apres_le_mode


def test_every_query_of_a_report_gets_a_plan_for_its_values(database_dsn: str) -> None:
    async def modes() -> tuple[list[str], str]:
        conn = await asyncpg.connect(database_dsn)
        try:
            vus = _PlansVus(conn)
            for periode in PERIODES:
                await mesurer(vus, REGION, periode)  # type: ignore[arg-type]
            return vus.modes, await conn.fetchval("SHOW plan_cache_mode")
        finally:
            await conn.close()

    pendant, apres = run_sync(modes())
    # every query of both periods ran with custom plans, a whole cell's and a custom range's
    assert len(pendant) > 20 and set(pendant) == {"force_custom_plan"}
    # and the connection, given back to a pool, keeps its own setting
    assert apres == "auto"
