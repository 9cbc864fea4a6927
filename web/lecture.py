"""Where a request reads the read models: the primary, or the replica when there is one.

Requests that change nothing (GET, HEAD) read the replica (`MEDNUM_READ_DATABASE_URL`); any
other reads what it writes, on the primary. A read that must show a write (`?apres=N`) reads
the replica only once it has applied N, after a bounded wait, else the primary. A replica out
of reach sends reads to the primary rather than answering 503.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Request

from mednum.settings import Settings

logger = logging.getLogger(__name__)

METHODES_SURES = frozenset({"GET", "HEAD", "OPTIONS"})
# Positions are PostgreSQL bigints: waiting for a larger one is waiting for one that never comes.
POSITION_MAX = 2**63 - 1
# A replica down, starting up or unreachable (its pool connects with a short timeout).
REPLIQUE_INJOIGNABLE = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
)
_AVERTI_TOUTES = 60.0  # seconds between two warnings, not one per request
_dernier_avertissement = 0.0


async def pool_de_lecture(request: Request[Any, Any, Any]) -> asyncpg.Pool:
    """The pool this request reads from, chosen once per request."""
    deja: asyncpg.Pool | None = request.state.get("pool_de_lecture")
    if deja is not None:
        return deja
    state = request.app.state
    pool: asyncpg.Pool = state.pool
    if state.lecture is not state.pool and request.method in METHODES_SURES:
        pool = state.lecture
        apres = position_demandee(request)
        if apres is not None:
            settings: Settings = state.settings
            try:
                a_jour = await state.waiter.wait_for(
                    state.lecture, apres, settings.read_replica_wait, replique=True
                )
            except REPLIQUE_INJOIGNABLE as erreur:
                _avertir(erreur)
                a_jour = False
            if not a_jour:
                pool = state.pool  # `wait_if_asked` then waits there, as without a replica
    request.state.pool_de_lecture = pool
    return pool


def position_demandee(request: Request[Any, Any, Any]) -> int | None:
    """`?apres=N` as the handlers read it (an invalid one is theirs to refuse)."""
    texte = request.query_params.get("apres")
    try:
        valeur = int(texte) if texte is not None else 0
    except ValueError:
        return None
    return min(valeur, POSITION_MAX) if valeur > 0 else None


@asynccontextmanager
async def connexion_de_lecture(
    request: Request[Any, Any, Any],
) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the request's read pool; the primary's if the replica is out of reach."""
    pool = await pool_de_lecture(request)
    primaire: asyncpg.Pool = request.app.state.pool
    if pool is not primaire:
        try:
            conn = await pool.acquire()
        except REPLIQUE_INJOIGNABLE as erreur:
            _avertir(erreur)
            request.state.pool_de_lecture = primaire
        else:
            try:
                yield conn
            finally:
                await pool.release(conn)
            return
    async with primaire.acquire() as conn:
        yield conn


def _avertir(erreur: BaseException) -> None:
    global _dernier_avertissement
    maintenant = time.monotonic()
    if maintenant - _dernier_avertissement >= _AVERTI_TOUTES:
        _dernier_avertissement = maintenant
        logger.warning("replica out of reach, reading the primary instead: %r", erreur)
