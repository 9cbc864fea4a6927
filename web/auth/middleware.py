"""Who is calling: a browser session (cookie) or a machine client (`Authorization: Bearer`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)

from mednum.accounts import get_user
from web.auth.jetons import CacheJetons


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class AuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        pool = connection.app.state.pool
        if (token := bearer_token(connection)) is not None:
            jetons: CacheJetons = connection.app.state.jetons
            user = await jetons.utilisateur(pool, token)
            if user is None:
                raise NotAuthorizedException("Jeton d'API inconnu, révoqué ou expiré.")
            return AuthenticationResult(user=user, auth="token")
        user_id = connection.session.get("user_id") if "session" in connection.scope else None
        if user_id:
            user = await get_user(pool, UUID(user_id))
            if user is not None:
                return AuthenticationResult(user=user, auth="session")
        return AuthenticationResult(user=None, auth=None)
