"""Recompute a report as of an event position P by replaying the events up to P into a
private, throw-away copy of the read models it reads.

The copy lives in its own schema, first on the connection's search_path, so the very same
projections and queries run unchanged; reference tables (communes, territoires, IFN) and the
event table are read from `public`. The schema is dropped whatever happens."""

from __future__ import annotations

from uuid import uuid4

import asyncpg

from domain.evaluation.rapport import Periode, Rapport, Territoire
from mednum.infra.projector import Projector
from mednum.rapports.calcul import PROJECTIONS_DU_RAPPORT, calculer
from projections.catalogue import all_projections


async def recalculer(
    dsn: str, t: Territoire, periode: Periode, *, position: int, seuil: int
) -> Rapport:
    schema = f"rejeu_{uuid4().hex[:16]}"
    projections = [p for p in all_projections() if p.name in PROJECTIONS_DU_RAPPORT]
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"CREATE SCHEMA {schema}")
        for table in ("projection_tracking", *(t for p in projections for t in p.tables)):
            await conn.execute(f"CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL)")
        await conn.execute(f"SET search_path TO {schema}, public")
        for projection in projections:
            await Projector(projection, batch_size=5000).catch_up(conn, limite=position)
        async with conn.transaction(isolation="repeatable_read"):
            return await calculer(conn, t, periode, position=position, seuil=seuil)
    finally:
        await conn.execute("RESET search_path")
        await conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        await conn.close()
