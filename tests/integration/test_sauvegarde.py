"""`mednum backup` / `mednum restore` on a real PostgreSQL: the database comes back exactly as
it was dumped, a tampered dump is refused, and an erasure made after the backup survives the
restore (the ledger outside the database makes it again)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import psycopg
import pytest

from domain.beneficiaires.commands import EnregistrerBeneficiaire
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.infra.sauvegarde import SauvegardeError, restaurer
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub
from tests.conftest import run_sync
from tests.integration.test_cli import fetchval, mednum
from tests.lieux_outils import hub_ouvert, recenser


@pytest.fixture
def ecriture(database_dsn: str) -> Iterator[Hub]:
    """A write side closed before the restore, which refuses while others are connected."""
    with hub_ouvert(database_dsn) as hub:
        yield hub


def lieu(hub: Hub, nom: str) -> None:
    recenser(
        hub,
        "coord@example.fr",
        nom=nom,
        adresse="1 place de la Mairie",
        latitude=47.32,
        longitude=5.04,
    )


def personne(hub: Hub, nom: str) -> uuid.UUID:
    commande = EnregistrerBeneficiaire(
        command_id=uuid.uuid4(), suivi=True, consentement=True, prenom="Camille", nom=nom
    )
    return Beneficiaires(hub).enregistrer(commande, "med@example.fr").id


def empreinte(dsn: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the MD5 of its rows in a fixed order."""

    async def run() -> dict[str, tuple[int, str]]:
        conn = await asyncpg.connect(dsn)
        try:
            tables = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
            resultat = {}
            for t in tables:
                nom = t["tablename"]
                ligne = await conn.fetchrow(
                    f"SELECT count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' "
                    f"ORDER BY x::text), '')) AS h FROM \"{nom}\" x"
                )
                resultat[nom] = (ligne["n"], ligne["h"])
            return resultat
        finally:
            await conn.close()

    return run_sync(run())


def test_backup_then_restore_gives_back_every_table_exactly(
    ecriture: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given places and a person, projected
    for i in range(5):
        lieu(ecriture, f"Médiathèque {i}")
    personne(ecriture, "Martin")
    assert mednum(database_dsn, tmp_path, "project").returncode == 0
    avant = empreinte(database_dsn)
    assert avant["mednum_events"][0] == 6 and avant["lieux"][0] == 5
    # when it is backed up, then changed
    fichier = tmp_path / "mednum.dump"
    sauvegarde = mednum(database_dsn, tmp_path, "backup", str(fichier))
    assert sauvegarde.returncode == 0, sauvegarde.stderr
    somme = (tmp_path / "mednum.dump.sha256").read_text().split()
    assert somme[1] == "mednum.dump" and len(somme[0]) == 64
    lieu(ecriture, "Ajouté après")
    assert mednum(database_dsn, tmp_path, "project").returncode == 0
    assert empreinte(database_dsn) != avant
    ecriture.app.close()
    # and restored
    restauration = mednum(database_dsn, tmp_path, "restore", str(fichier))
    assert restauration.returncode == 0, restauration.stderr
    # then every table holds exactly what it held at the backup
    assert empreinte(database_dsn) == avant


def test_a_tampered_backup_is_refused(ecriture: Hub, database_dsn: str, tmp_path: Path) -> None:
    lieu(ecriture, "Médiathèque")
    fichier = tmp_path / "mednum.dump"
    assert mednum(database_dsn, tmp_path, "backup", str(fichier)).returncode == 0
    donnees = bytearray(fichier.read_bytes())
    donnees[len(donnees) // 2] ^= 0xFF
    fichier.write_bytes(bytes(donnees))
    ecriture.app.close()
    refus = mednum(database_dsn, tmp_path, "restore", str(fichier))
    assert refus.returncode == 2 and "altérée" in refus.stderr
    assert fetchval(database_dsn, "SELECT count(*) FROM mednum_events") == 1


def test_a_restore_waits_for_a_closing_session_and_refuses_an_open_one(
    ecriture: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given a backup, and a session that stays open on the database
    lieu(ecriture, "Médiathèque")
    fichier = tmp_path / "mednum.dump"
    assert mednum(database_dsn, tmp_path, "backup", str(fichier)).returncode == 0
    ecriture.app.close()
    session = psycopg.connect(database_dsn)
    # when the restore runs: then it is refused, naming what to stop, and nothing changes
    with pytest.raises(SauvegardeError, match="arrêtez le serveur MedNum"):
        restaurer(database_dsn, fichier, lambda _fait, _total: None)
    assert fetchval(database_dsn, "SELECT count(*) FROM mednum_events") == 1
    # and once that session has just closed, the restore goes through
    session.close()
    restaurer(database_dsn, fichier, lambda _fait, _total: None)
    assert fetchval(database_dsn, "SELECT count(*) FROM mednum_events") == 1


def test_a_person_erased_after_the_backup_stays_erased_after_the_restore(
    ecriture: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given two people, one erased before the backup
    avant = personne(ecriture, "Avant")
    apres = personne(ecriture, "Durand")
    garde = personne(ecriture, "Gardee")
    assert mednum(database_dsn, tmp_path, "erase", str(avant)).returncode == 0
    fichier = tmp_path / "mednum.dump"
    assert mednum(database_dsn, tmp_path, "backup", str(fichier)).returncode == 0
    # when the other one is erased after the backup, then the backup restored
    effacement = mednum(database_dsn, tmp_path, "erase", str(apres))
    assert effacement.returncode == 0, effacement.stderr
    ecriture.app.close()
    assert fetchval(database_dsn, "SELECT count(*) FROM cles_personnes") == 1
    restauration = mednum(database_dsn, tmp_path, "restore", str(fichier))
    assert restauration.returncode == 0, restauration.stderr
    assert "1 effacement(s) postérieur(s)" in restauration.stderr
    # then the person is still erased: no key, no name in the read model, the event recorded
    assert (
        fetchval(database_dsn, f"SELECT count(*) FROM cles_personnes WHERE personne_id = '{apres}'")
        == 0
    )
    assert fetchval(
        database_dsn, f"SELECT nom IS NULL AND anonymise FROM beneficiaires WHERE id = '{apres}'"
    )
    assert "Durand" not in str(
        fetchval(database_dsn, "SELECT string_agg(b::text, ' ') FROM beneficiaires b")
    )
    # and the one kept is untouched
    assert fetchval(database_dsn, f"SELECT nom FROM beneficiaires WHERE id = '{garde}'") == "Gardee"
    # and the ledger lists both erasures, in order
    registre = RegistreEffacements.du_dossier(tmp_path)
    assert [e.personne_id for e in registre.entrees()] == [avant, apres]
    # and restoring again changes nothing more
    encore = mednum(database_dsn, tmp_path, "restore", str(fichier))
    assert encore.returncode == 0 and "1 effacement(s)" in encore.stderr
    assert (
        fetchval(database_dsn, f"SELECT count(*) FROM cles_personnes WHERE personne_id = '{apres}'")
        == 0
    )


def test_after_a_recovery_by_postgres_itself_the_ledger_alone_erases_again(
    ecriture: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given a person erased after a backup, and the backup brought back without MedNum (as a
    # point-in-time recovery would: the key is back)
    apres = personne(ecriture, "Durand")
    fichier = tmp_path / "mednum.dump"
    assert mednum(database_dsn, tmp_path, "backup", str(fichier)).returncode == 0
    assert mednum(database_dsn, tmp_path, "erase", str(apres)).returncode == 0
    ecriture.app.close()
    restaurer(database_dsn, fichier, lambda _fait, _total: None)
    assert fetchval(database_dsn, "SELECT count(*) FROM cles_personnes") == 1
    # when `mednum restore --effacements` runs
    result = mednum(database_dsn, tmp_path, "restore", "--effacements")
    # then the key is destroyed again and the read model forgets the name
    assert result.returncode == 0, result.stderr
    assert fetchval(database_dsn, "SELECT count(*) FROM cles_personnes") == 0
    assert fetchval(database_dsn, f"SELECT nom IS NULL FROM beneficiaires WHERE id = '{apres}'")
    # and a file with --effacements, or nothing at all, is refused
    assert mednum(database_dsn, tmp_path, "restore").returncode == 2
