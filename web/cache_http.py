"""Cache-Control for what the browser may keep.

Static files whose URL carries their content's hash (`?v=`, see `web.static_assets`) never
change under that URL: a year, `immutable`. Other static files: an hour, then revalidated
(the static router sends their ETag and Last-Modified). Pages set their own (see
`web.pages.public`); anything else is left as its handler made it.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

UN_AN = "public, max-age=31536000, immutable"
UNE_HEURE = "public, max-age=3600"


def _politique(scope: Scope) -> str | None:
    if not scope["path"].startswith("/static/"):
        return None
    requete = scope.get("query_string", b"")
    return UN_AN if requete.startswith(b"v=") else UNE_HEURE


class CacheStatiqueMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        politique = _politique(scope) if scope["type"] == ScopeType.HTTP else None
        if politique is None:
            await self.app(scope, receive, send)
            return

        async def envoyer(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                MutableScopeHeaders.from_message(message)["Cache-Control"] = politique
            await send(message)

        await self.app(scope, receive, envoyer)
