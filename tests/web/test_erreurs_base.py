"""Every way the database can fail under a request — refused, restarting, crashed mid-query,
disk full — answers a 503 in French, never a 500 (the kill -9 test meets most of them live;
disk full cannot be staged cheaply, so each failure is raised here by a route)."""

from __future__ import annotations

import asyncpg
import psycopg
import pytest
from eventsourcing.persistence import InterfaceError as ESInterfaceError
from eventsourcing.persistence import OperationalError as ESOperationalError
from litestar import Litestar, get
from litestar.params import FromPath
from litestar.testing import TestClient

from web.errors import EXCEPTION_HANDLERS

PANNES: dict[str, Exception] = {
    "refus": ConnectionRefusedError(111, "Connection refused"),
    "demarrage": asyncpg.CannotConnectNowError("the database system is starting up"),
    "liberation": asyncpg.InternalClientError(
        "cannot switch to state 15; another operation (2) is in progress"
    ),
    "coupure": asyncpg.ConnectionDoesNotExistError("connection was closed"),
    "arret": asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    "crash": asyncpg.CrashShutdownError("the database system is in recovery mode"),
    "disque_asyncpg": asyncpg.DiskFullError("could not extend file: No space left on device"),
    "disque_psycopg": psycopg.errors.DiskFull("could not extend file"),
    "ecriture": ESOperationalError("connection failed"),
    "ecriture_interface": ESInterfaceError("connection is closed"),
    "conflit_replique": asyncpg.SerializationError(
        "canceling statement due to conflict with recovery"
    ),
}


@get("/api/v1/panne/{nom:str}", sync_to_thread=False)
def panne(nom: FromPath[str]) -> None:
    raise PANNES[nom]


@pytest.mark.parametrize("nom", sorted(PANNES))
def test_a_database_failure_is_a_503_in_french(nom: str) -> None:
    app = Litestar(route_handlers=[panne], exception_handlers=EXCEPTION_HANDLERS)
    with TestClient(app) as client:
        reponse = client.get(f"/api/v1/panne/{nom}")
    assert reponse.status_code == 503
    assert "momentanément indisponible" in reponse.json()["detail"]
