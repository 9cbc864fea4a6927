"""API tokens, looked up in the database once every few seconds rather than on every request.

An API client sends its token with each call; reading the token and its user costs a pooled
connection and two round trips to PostgreSQL (the query, then the pool's reset), about as much
as the event write itself. A token found valid is kept `duree` seconds in this process, keyed
by its hash (the token itself is never kept). What ends a token's rights (`revoked_at` set,
its user deactivated or given another role) therefore takes effect within `duree` seconds in
every process; an unknown or refused token is never kept, so a new token works at once and a
refused one is asked again each time. `duree = 0` turns the cache off.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import asyncpg

from mednum.accounts import User, hash_token, user_for_token

TAILLE = 1024  # tokens kept at most; the oldest go first


class CacheJetons:
    def __init__(
        self, duree: float, *, horloge: Callable[[], float] = time.monotonic, taille: int = TAILLE
    ) -> None:
        self.duree = duree
        self.horloge = horloge
        self.taille = taille
        self._entrees: dict[bytes, tuple[float, User]] = {}

    async def utilisateur(self, pool: asyncpg.Pool, token: str) -> User | None:
        """The token's user, or None when the token is unknown, revoked or its user inactive."""
        if self.duree <= 0:
            return await user_for_token(pool, token)
        cle = hash_token(token)
        entree = self._entrees.get(cle)
        if entree is not None and entree[0] > self.horloge():
            return entree[1]
        self._entrees.pop(cle, None)
        user = await user_for_token(pool, token)
        if user is not None:
            while len(self._entrees) >= self.taille:
                del self._entrees[next(iter(self._entrees))]
            self._entrees[cle] = (self.horloge() + self.duree, user)
        return user
