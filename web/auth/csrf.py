"""CSRF protection wherever a browser's cookies could authenticate a forged request.

Skipped for requests that carry `Authorization: Bearer` (a browser never adds that header to a
cross-site request) and for API calls that carry no session cookie (nothing for a forger to
ride on; they are then refused as anonymous by the route's guard). Forms are always checked,
the login form included.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

SESSION_COOKIE = "mednum_session"


def _needs_check(scope: Scope) -> bool:
    has_session_cookie = False
    for name, value in scope["headers"]:
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            return False
        if name == b"cookie" and SESSION_COOKIE.encode() + b"=" in value:
            has_session_cookie = True
    return has_session_cookie or not scope["path"].startswith("/api/")


class CSRFUnlessBearerMiddleware(CSRFMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP and not _needs_check(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
