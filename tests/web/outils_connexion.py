"""Acting as someone in the web tests: the account created and logged in on the test client."""

from __future__ import annotations

from litestar.testing import TestClient

from mednum import accounts
from tests.web.conftest import create_user, login


def connecter(client: TestClient, dsn: str, email: str, role: str) -> accounts.User:
    """A user of `role` created with the tests' password and logged in on `client` through
    the login form: the user."""
    user = create_user(dsn, email, role)
    login(client, email)
    return user
