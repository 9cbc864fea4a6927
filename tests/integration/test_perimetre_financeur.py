"""A financeur's territory on their account: created, read back, refused when unknown."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import asyncpg
import pytest

from domain.errors import DomainError
from mednum import accounts
from tests.conftest import run_sync
from tests.integration.test_cli import fetchval, mednum
from web.auth.guards import perimetre_de

MOT_DE_PASSE = "un mot de passe assez long"


def creer(dsn: str, email: str, role: str, perimetre: tuple[str, str] | None) -> accounts.User:
    async def run() -> accounts.User:
        conn = await asyncpg.connect(dsn)
        try:
            return await accounts.create_user(conn, email, role, MOT_DE_PASSE, perimetre)
        finally:
            await conn.close()

    return run_sync(run())


def relire(dsn: str, email: str) -> accounts.User | None:
    async def run() -> accounts.User | None:
        conn = await asyncpg.connect(dsn)
        try:
            return await accounts.get_user_by_email(conn, email)
        finally:
            await conn.close()

    return run_sync(run())


def connexion(user: accounts.User | None) -> Any:
    return SimpleNamespace(scope={"user": user})


def test_a_financeur_with_a_region_is_read_back_with_it(database_dsn: str) -> None:
    cree = creer(database_dsn, "region@example.fr", "financeur", ("region", "27"))
    assert cree.perimetre == ("region", "27")
    relu = relire(database_dsn, "region@example.fr")
    assert relu is not None and relu.perimetre == ("region", "27")
    assert perimetre_de(connexion(relu)) == ("region", "27")


def test_every_level_is_checked_against_the_reference_tables(database_dsn: str) -> None:
    assert creer(database_dsn, "d@example.fr", "financeur", ("departement", "21")).perimetre == (
        "departement",
        "21",
    )
    assert creer(database_dsn, "e@example.fr", "financeur", ("epci", "200000172")).perimetre
    assert creer(database_dsn, "c@example.fr", "financeur", ("commune", "21231")).perimetre == (
        "commune",
        "21231",
    )


def test_an_unknown_territory_is_refused_in_french_and_nothing_is_created(
    database_dsn: str,
) -> None:
    with pytest.raises(DomainError) as refus:
        creer(database_dsn, "x@example.fr", "financeur", ("departement", "99"))
    assert refus.value.champ == "perimetre"
    assert refus.value.message.startswith(
        "Périmètre inconnu : aucun territoire « departement » de code « 99 »."
    )
    with pytest.raises(DomainError) as niveau:
        creer(database_dsn, "x@example.fr", "financeur", ("canton", "2101"))
    assert niveau.value.champ == "perimetre"
    assert "Périmètre « canton:2101 » non reconnu" in niveau.value.message
    assert relire(database_dsn, "x@example.fr") is None


def test_accounts_without_a_perimeter_keep_working(database_dsn: str) -> None:
    financeur = creer(database_dsn, "f@example.fr", "financeur", None)
    mediatrice = creer(database_dsn, "m@example.fr", "mediateur", None)
    assert financeur.perimetre is None and mediatrice.perimetre is None
    # A financeur without a territory has none to read; other roles have no perimeter at all.
    assert perimetre_de(connexion(financeur)) is None
    assert perimetre_de(connexion(mediatrice)) is None
    assert perimetre_de(connexion(None)) is None


def test_the_cli_takes_a_perimeter(database_dsn: str, tmp_path: Path) -> None:
    ok = mednum(
        database_dsn,
        tmp_path,
        "user",
        "add",
        "bfc@example.fr",
        "--role",
        "financeur",
        "--perimetre",
        "region:27",
    )
    assert ok.returncode == 0, ok.stderr
    assert (
        fetchval(
            database_dsn,
            "SELECT perimetre_niveau || ':' || perimetre_code FROM users "
            "WHERE email = 'bfc@example.fr'",
        )
        == "region:27"
    )
    refuse = mednum(
        database_dsn,
        tmp_path,
        "user",
        "add",
        "z@example.fr",
        "--role",
        "financeur",
        "--perimetre",
        "region",
    )
    assert refuse.returncode == 2
    assert "Périmètre « region » non reconnu" in refuse.stderr
