"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mednum.services.executeur import Hub
from tests.lieux_outils import hub_ouvert


@pytest.fixture
def hub(database_dsn: str) -> Iterator[Hub]:
    """The write side on the test's own database."""
    with hub_ouvert(database_dsn) as hub:
        yield hub
