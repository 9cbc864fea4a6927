"""CSRF protection for cookie-authenticated requests only.

A request that carries `Authorization: Bearer` is made by a machine client: a browser never
adds that header on its own, so a forged cross-site request cannot carry it.
"""

from __future__ import annotations

from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send


class CSRFUnlessBearerMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"authorization" and value[:7].lower() == b"bearer ":
                    await self.app(scope, receive, send)
                    return
        await super().__call__(scope, receive, send)
