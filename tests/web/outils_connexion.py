"""Acting as someone in the web tests: the account created and logged in on the test client,
or given a token for the API."""

from __future__ import annotations

from litestar.testing import TestClient

from mednum import accounts
from tests.web.conftest import create_token, create_user, login


def connecter(client: TestClient, dsn: str, email: str, role: str) -> accounts.User:
    """A user of `role` created with the tests' password and logged in on `client` through
    the login form: the user."""
    user = create_user(dsn, email, role)
    login(client, email)
    return user


def jeton(dsn: str, email: str, role: str = "mediateur") -> dict[str, str]:
    """A user of `role` created with an API token: the headers that present it."""
    return {"Authorization": f"Bearer {create_token(dsn, create_user(dsn, email, role))}"}
