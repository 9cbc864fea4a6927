"""Server-side browser sessions kept in PostgreSQL, with the session id rotated at login.

Litestar's ServerSideSessionBackend stores data under whatever id the client's cookie names,
even an id the server never issued: an attacker could plant an id, wait for the victim to log
in, and share the session (fixation). Here an id is reused only if the store knows it, and
`rotate_session` forces a fresh id at login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
from litestar.connection import ASGIConnection
from litestar.datastructures.state import State
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Message, ScopeSession

_KNOWN = "_mednum_session_known"
_ROTATE = "_mednum_session_rotate"
_NEW_ID = "_mednum_session_new_id"


def _seconds(value: int | timedelta | None) -> float | None:
    if value is None:
        return None
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PostgresStore(Store):
    """A Litestar store on the `web_sessions` table, shared by every server process."""

    def __init__(self, state: State) -> None:
        self._state = state  # the pool is opened by the app's lifespan, after construction

    @property
    def _pool(self) -> asyncpg.Pool:
        return self._state.pool

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        data = value.encode() if isinstance(value, str) else value
        await self._pool.execute(
            """INSERT INTO web_sessions (key, data, expires_at)
               VALUES ($1, $2, now() + make_interval(secs => $3))
               ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data,
                   expires_at = EXCLUDED.expires_at""",
            key,
            data,
            _seconds(expires_in),
        )

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        if renew_for is not None:
            row = await self._pool.fetchrow(
                """UPDATE web_sessions SET expires_at = now() + make_interval(secs => $2)
                   WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())
                   RETURNING data""",
                key,
                _seconds(renew_for),
            )
        else:
            row = await self._pool.fetchrow(
                "SELECT data FROM web_sessions "
                "WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())",
                key,
            )
        return bytes(row["data"]) if row else None

    async def delete(self, key: str) -> None:
        await self._pool.execute("DELETE FROM web_sessions WHERE key = $1", key)

    async def delete_all(self) -> None:
        await self._pool.execute("DELETE FROM web_sessions")

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        value = await self._pool.fetchval(
            "SELECT extract(epoch FROM expires_at - now())::int FROM web_sessions WHERE key = $1",
            key,
        )
        return int(value) if value is not None else None

    async def delete_expired(self) -> int:
        result = await self._pool.execute("DELETE FROM web_sessions WHERE expires_at < now()")
        return int(result.split()[-1])


def rotate_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Ask for a new session id when the response is sent (call it at login)."""
    connection.scope[_ROTATE] = True  # type: ignore[literal-required]


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        scope: dict[str, Any] = connection.scope  # type: ignore[assignment]
        cookie_id = connection.cookies.get(self.config.key)
        if cookie_id and scope.get(_KNOWN) and not scope.get(_ROTATE):
            return cookie_id
        if _NEW_ID not in scope:
            scope[_NEW_ID] = self.generate_session_id()
        return str(scope[_NEW_ID])

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        if session_id := connection.cookies.get(self.config.key):
            store = self.config.get_store_from_app(connection.scope["app"])
            data = await self.get(session_id, store=store)
            if data is not None:
                connection.scope[_KNOWN] = True  # type: ignore[literal-required]
                return self.deserialize_data(data)
        return {}

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        scope: dict[str, Any] = connection.scope  # type: ignore[assignment]
        if isinstance(scope_session, dict) and not scope_session and not scope.get(_KNOWN):
            return  # an anonymous visitor gets no cookie and no stored row
        old_id = connection.cookies.get(self.config.key)
        if old_id and scope.get(_KNOWN) and scope.get(_ROTATE):
            await self.delete(old_id, store=self.config.get_store_from_app(scope["app"]))
        await super().store_in_message(scope_session, message, connection)


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend
