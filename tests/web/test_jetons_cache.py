"""API tokens kept a few seconds per process (web/auth/jetons.py): what ends a token's rights
still takes effect, within that time, and at once when the cache is off."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from tests.conftest import admin_sql, run_sync
from tests.web.conftest import create_token, create_user
from web.auth.jetons import CacheJetons

# A coordinator's POST with an incomplete body: 400 once authenticated, 401 otherwise.
CORPS = {"command_id": "0b5c8a3e-9d2f-4e1a-8b7c-6d5e4f3a2b1c"}


def statut(client: TestClient, token: str) -> int:
    reponse = client.post("/api/v1/lieux", json=CORPS, headers={"Authorization": f"Bearer {token}"})
    return reponse.status_code


class Horloge:
    def __init__(self) -> None:
        self.maintenant = 1000.0

    def __call__(self) -> float:
        return self.maintenant


REVOCATIONS = {
    "revoque": "UPDATE api_tokens SET revoked_at = now()",
    "desactive": "UPDATE users SET active = false",
    "role_change": "UPDATE users SET role = 'financeur'",
}


@pytest.mark.parametrize("fin", sorted(REVOCATIONS))
def test_a_revoked_token_is_refused_once_the_cache_time_has_passed(
    client: TestClient, database_dsn: str, fin: str
) -> None:
    horloge = Horloge()
    client.app.state.jetons = CacheJetons(5, horloge=horloge)
    token = create_token(
        database_dsn, create_user(database_dsn, "coord@example.fr", "coordinateur")
    )
    assert statut(client, token) == 400
    run_sync(admin_sql(database_dsn, REVOCATIONS[fin]))
    horloge.maintenant += 4.9
    # Within the cache time the process still trusts what it read (the documented window)…
    assert statut(client, token) == 400
    horloge.maintenant += 0.2
    # …and no longer after it: the database is asked again and refuses.
    assert statut(client, token) in (401, 403)
    horloge.maintenant += 100
    assert statut(client, token) in (401, 403)


def test_without_cache_a_revocation_takes_effect_at_once(
    client: TestClient, database_dsn: str
) -> None:
    client.app.state.jetons = CacheJetons(0)
    token = create_token(
        database_dsn, create_user(database_dsn, "coord@example.fr", "coordinateur")
    )
    assert statut(client, token) == 400
    run_sync(admin_sql(database_dsn, REVOCATIONS["revoque"]))
    assert statut(client, token) == 401


def test_a_refused_token_is_not_kept(client: TestClient, database_dsn: str) -> None:
    horloge = Horloge()
    client.app.state.jetons = CacheJetons(5, horloge=horloge)
    token = create_token(
        database_dsn, create_user(database_dsn, "coord@example.fr", "coordinateur")
    )
    run_sync(admin_sql(database_dsn, REVOCATIONS["revoque"]))
    assert statut(client, token) == 401
    # Given back (by SQL): asked again at the next request, not refused from memory.
    run_sync(admin_sql(database_dsn, "UPDATE api_tokens SET revoked_at = NULL"))
    assert statut(client, token) == 400


def test_the_default_cache_time_is_short() -> None:
    from mednum.settings import Settings

    assert 0 < Settings.from_env({"MEDNUM_SECRET_KEY": "x"}).token_cache_seconds <= 5
    reglage = {"MEDNUM_SECRET_KEY": "x", "MEDNUM_TOKEN_CACHE_SECONDS": "0"}
    assert Settings.from_env(reglage).token_cache_seconds == 0
