"""The `mednum` command against a real database (MEDNUM_DATABASE_URL pointing at the test one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import asyncpg

from mednum.cli.main import ensure_first_admin
from mednum.demo.lieux import demo_commands, load_demo
from mednum.infra.communes import referentiel_communes
from mednum.services.executeur import Hub
from mednum.settings import Settings
from tests.conftest import run_sync
from tests.lieux_outils import hub_ouvert


def mednum(dsn: str, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = os.environ | {"MEDNUM_DATABASE_URL": dsn, "MEDNUM_DATA_DIR": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, "-m", "mednum.cli.main", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fetchval(dsn: str, sql: str) -> object:
    async def run() -> object:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetchval(sql)
        finally:
            await conn.close()

    return run_sync(run())


def test_user_add_prints_a_password_that_logs_in(database_dsn: str, tmp_path: Path) -> None:
    result = mednum(database_dsn, tmp_path, "user", "add", "med@example.fr", "--role", "mediateur")
    assert result.returncode == 0, result.stderr
    password = result.stdout.rsplit("Mot de passe : ", 1)[1].strip()
    assert len(password) >= 12
    assert fetchval(database_dsn, "SELECT role FROM users WHERE email = 'med@example.fr'") == (
        "mediateur"
    )
    token = mednum(database_dsn, tmp_path, "token", "create", "med@example.fr")
    assert token.returncode == 0 and token.stdout.strip().startswith("mn_")


def test_bad_role_and_unknown_account_are_refused_in_french(
    database_dsn: str, tmp_path: Path
) -> None:
    bad_role = mednum(database_dsn, tmp_path, "user", "add", "x@example.fr", "--role", "chef")
    assert bad_role.returncode != 0 and "invalid choice" in bad_role.stderr
    unknown = mednum(database_dsn, tmp_path, "token", "create", "personne@example.fr")
    assert unknown.returncode == 2 and "Aucun compte" in unknown.stderr


def test_first_admin_comes_from_the_environment_once(database_dsn: str, tmp_path: Path) -> None:
    settings = Settings(
        admin_email="chef@hub.fr", admin_password="un-mot-de-passe-solide", data_dir=tmp_path
    )
    run_sync(ensure_first_admin(database_dsn, settings))
    run_sync(ensure_first_admin(database_dsn, settings))
    assert fetchval(database_dsn, "SELECT count(*) FROM users") == 1
    assert fetchval(database_dsn, "SELECT email || ':' || role FROM users") == "chef@hub.fr:admin"


def test_demo_registers_bfc_places_once_and_project_rebuilds_them(
    database_dsn: str, tmp_path: Path
) -> None:
    with hub_ouvert(database_dsn) as hub:
        ids, created = load_demo(hub, 40)
        assert len(set(ids)) == 40 and created == 41  # and one duplicate, from another source
        assert load_demo(hub, 40) == (ids, 0)  # the same commands again: nothing new
    regions = {
        referentiel_communes().get(c.code_insee).region for c in demo_commands(hub.communes, 40)
    }  # type: ignore[union-attr]
    assert regions == {"27"}
    rebuilt = mednum(database_dsn, tmp_path, "project", "--rebuild", "lieux")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert fetchval(database_dsn, "SELECT count(*) FROM lieux") == 41
    unknown = mednum(database_dsn, tmp_path, "project", "--rebuild", "inconnue")
    assert unknown.returncode != 0 and "Projection inconnue" in unknown.stderr


def test_retention_decides_from_read_models_brought_up_to_date_first(
    hub: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given a person followed by name two years ago, with no activity, never projected
    from datetime import UTC, datetime, timedelta
    from uuid import uuid4

    from domain.beneficiaires.commands import EnregistrerBeneficiaire
    from mednum.services.beneficiaires import Beneficiaires

    hub.clock = lambda: datetime.now(UTC) - timedelta(days=730)
    personne = Beneficiaires(hub).enregistrer(
        EnregistrerBeneficiaire(
            command_id=uuid4(), suivi=True, consentement=True, prenom="Camille", nom="Martin"
        ),
        "mediatrice@example.fr",
    )
    assert fetchval(database_dsn, "SELECT count(*) FROM beneficiaires") == 0
    # when retention runs from the command line
    result = mednum(database_dsn, tmp_path, "retention")
    # then the person is found and anonymised: no identity left in the read model
    assert result.returncode == 0, result.stderr
    assert "1 identités anonymisées" in result.stdout + result.stderr
    assert fetchval(
        database_dsn, f"SELECT nom IS NULL FROM beneficiaires WHERE id = '{personne.id}'"
    )
