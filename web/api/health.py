"""`/health`: is the database reachable, and how far behind is each read model."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import MediaType, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec

from web.auth.guards import public


class EtatProjection(msgspec.Struct, frozen=True):
    nom: str
    position: int
    retard: int


class Sante(msgspec.Struct, frozen=True):
    statut: str
    base_de_donnees: bool
    position_journal: int
    projections: list[EtatProjection]


@get(
    "/health",
    guards=[public],
    media_type=MediaType.JSON,
    tags=["Supervision"],
    responses={503: ResponseSpec(data_container=Sante, description="Base injoignable")},
)
async def health(request: Request[Any, Any, Any]) -> Response[Sante]:
    """État du service : base de données et retard des projections (en événements)."""
    state = request.app.state
    try:
        async with state.pool.acquire(timeout=2) as conn:
            head = int(
                await conn.fetchval("SELECT coalesce(max(notification_id), 0) FROM mednum_events")
            )
            rows = await conn.fetch("SELECT name, position FROM projection_tracking")
    except Exception:
        return Response(Sante("indisponible", False, 0, []), status_code=503)
    positions = {r["name"]: int(r["position"]) for r in rows}
    projections = [
        EtatProjection(p.name, positions.get(p.name, 0), head - positions.get(p.name, 0))
        for p in state.projectors.projectors
    ]
    statut = "ok" if all(p.retard < 10_000 for p in projections) else "en_retard"
    return Response(Sante(statut, True, head, projections))
