"""`/metrics` for Prometheus, and the middleware that times every request.

`/metrics` is for an admin's session or token, or for a scraper on the machine itself (a
loopback address, with no X-Forwarded-For: a request relayed by a local reverse proxy is not
local). Behind a proxy, set `MEDNUM_TRUSTED_PROXIES` so that forwarded clients keep their own
address."""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from litestar import Request, Response, get
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from mednum.accounts import Role
from mednum.infra.mesures import MESURES
from web.auth.guards import ACCESS_RULE, current_user


def _admin_ou_local(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = current_user(connection)
    if user is not None and user.role is Role.ADMIN:
        return
    hote = connection.client.host if connection.client else ""
    try:
        local = ipaddress.ip_address(hote).is_loopback
    except ValueError:
        local = False
    if local and "x-forwarded-for" not in connection.headers:
        return
    raise PermissionDeniedException(
        "Mesures réservées aux administrateurs et aux collecteurs de la machine elle-même."
    )


admin_ou_local = _admin_ou_local
setattr(admin_ou_local, ACCESS_RULE, "admin-or-loopback")


@get("/metrics", guards=[admin_ou_local], include_in_schema=False)
async def metrics(request: Request[Any, Any, Any]) -> Response[str]:
    state = request.app.state
    retards: list[tuple[str, int]] = []
    try:
        async with state.pool.acquire(timeout=2) as conn:
            head = int(
                await conn.fetchval("SELECT coalesce(max(notification_id), 0) FROM mednum_events")
            )
            rows = await conn.fetch("SELECT name, position FROM projection_tracking")
        positions = {r["name"]: int(r["position"]) for r in rows}
        retards = [(p.name, head - positions.get(p.name, 0)) for p in state.projectors.projectors]
    except Exception:  # the database is down: the counters still say so
        MESURES.erreur("metrics_database_unavailable")
    return Response(MESURES.texte(retards), media_type="text/plain; version=0.0.4; charset=utf-8")


class MesuresMiddleware:
    """Counts and times each request under its route's template (a bounded set of labels)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        debut = time.perf_counter()
        statut = 500

        async def send_mesure(message: Message) -> None:
            nonlocal statut
            if message["type"] == "http.response.start":
                statut = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_mesure)
        finally:
            route = str(scope.get("path_template") or "inconnue")
            MESURES.requete(scope["method"], route, statut, time.perf_counter() - debut)
