"""Recompute a report as of an event position P by replaying the events up to P into a
private, throw-away copy of the read models it reads.

The copy lives in its own schema, first on the connection's search_path, so the very same
projections and queries run unchanged. The reference tables (communes, territoires, IFN) are
copied there too, at the version the report was frozen with (mednum/rapports/referentiel.py),
so a reload of the reference data since does not change the replay; a report frozen before
versions were recorded (no version) reads them from `public` as they stand. The event table
is read from `public`. The schema is dropped whatever happens."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import asyncpg

from domain.evaluation.rapport import Periode, Rapport, Territoire
from mednum.infra.projector import Projector
from mednum.rapports.calcul import PROJECTIONS_DU_RAPPORT, calculer
from mednum.rapports.referentiel import copier_version
from projections.catalogue import all_projections

Progres = Callable[[int, int, int], None]
"""(read models replayed so far, read models to replay, event position reached) -> None"""


async def recalculer(
    dsn: str,
    t: Territoire,
    periode: Periode,
    *,
    position: int,
    seuil: int,
    referentiel: str | None = None,
    progres: Progres | None = None,
) -> Rapport:
    schema = f"rejeu_{uuid4().hex[:16]}"
    projections = [p for p in all_projections() if p.name in PROJECTIONS_DU_RAPPORT]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"CREATE SCHEMA {schema}")
        if referentiel is not None:
            await copier_version(conn, schema, referentiel)
        for table in ("projection_tracking", *(t for p in projections for t in p.tables)):
            await conn.execute(f"CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL)")
        await conn.execute(f"SET search_path TO {schema}, public")
        etapes = len(projections)
        for etape, projection in enumerate(projections):

            def avance(_appliques: int, atteinte: int, etape: int = etape) -> None:
                if progres is not None:
                    progres(etape, etapes, atteinte)

            await Projector(projection, batch_size=5000).catch_up(conn, avance, limite=position)
            avance(0, position, etape + 1)
        async with conn.transaction(isolation="repeatable_read"):
            return await calculer(conn, t, periode, position=position, seuil=seuil)
    finally:
        await conn.execute("RESET search_path")
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await conn.close()
