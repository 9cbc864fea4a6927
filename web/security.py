"""Security headers on every response, and a fresh CSP nonce per request for inline scripts."""

from __future__ import annotations

import secrets
from typing import Any, cast
from urllib.parse import urlsplit

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

NONCE_KEY = "mednum_csp_nonce"


def csp_nonce(scope: Any) -> str:
    return str(scope.get(NONCE_KEY, ""))


def integrable(scope: Any) -> bool:
    """The public map in its embeddable form (`/carte?embed=1`): any site may frame it."""
    return bool(scope.get("path") == "/carte" and b"embed=1" in scope.get("query_string", b""))


def content_security_policy(nonce: str, tiles_url: str | None, *, cadre: bool = False) -> str:
    img = "'self' data:"
    if tiles_url:
        parts = urlsplit(tiles_url)
        img += f" {parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            f"img-src {img}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors *" if cadre else "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, tiles_url: str | None = None) -> None:
        self.app = app
        self.tiles_url = tiles_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope[NONCE_KEY] = nonce  # type: ignore[literal-required]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                cadre = integrable(scope)
                headers["Content-Security-Policy"] = content_security_policy(
                    nonce, self.tiles_url, cadre=cadre
                )
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if not cadre:
                    headers["X-Frame-Options"] = "DENY"
                headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mandataires_de_confiance(mandataires: tuple[str, ...]) -> list[DefineMiddleware]:
    """Behind a reverse proxy every request comes from the proxy's address: from the proxies
    listed in `MEDNUM_TRUSTED_PROXIES` only, X-Forwarded-For and X-Forwarded-Proto give the
    client's address and scheme back (to the login lockout, the error reports' limit, the
    logs). From anyone else, these headers are ignored: a client cannot choose its address.
    uvicorn's own middleware does it (CIDRs included); applied here too so that it holds
    under any ASGI server."""
    if not mandataires:
        return []
    # uvicorn's ASGI types are not Litestar's, though the protocol is the same.
    return [DefineMiddleware(cast(Any, ProxyHeadersMiddleware), trusted_hosts=list(mandataires))]
