"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.services.executeur import Hub


@pytest.fixture
def hub(database_dsn: str) -> Iterator[Hub]:
    """The write side on the test's own database."""
    app = open_event_store(database_dsn)
    try:
        yield Hub(app, referentiel_communes())
    finally:
        app.close()
