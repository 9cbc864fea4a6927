"""`mednum erase-aidant` on a real PostgreSQL, and its erasure surviving a restore: an aidant
erased after a backup stays erased after it (their key and their account's notes key are
destroyed again), as a person does."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from domain.acteurs.commands import EnregistrerAidant
from domain.activites.commands import EnregistrerActivite
from mednum.accounts import Role, User
from mednum.infra.chiffrement_notes import cle_mediateur
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.services.acteurs import Acteurs
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from tests.integration.test_cli import fetchval, mednum
from tests.integration.test_sauvegarde import ecriture  # noqa: F401 (a fixture)

MEDIATRICE = User(id=uuid.uuid4(), email="mediatrice@example.fr", role=Role.MEDIATEUR)


def cles(dsn: str, *ids: uuid.UUID) -> int:
    liste = ", ".join(f"'{i}'" for i in ids)
    return int(
        str(fetchval(dsn, f"SELECT count(*) FROM cles_personnes WHERE personne_id IN ({liste})"))
    )


def aidant_et_seance(hub: Hub, nom: str) -> uuid.UUID:
    """An aidant holding the mediator's account, and an anonymous session of hers with notes."""
    commande = EnregistrerAidant(
        command_id=uuid.uuid4(),
        prenom="Dominique",
        nom=nom,
        type_aidant="benevole",
        email="dominique@exemple.org",
        compte=MEDIATRICE.email,
    )
    aidant_id = Acteurs(hub).enregistrer_aidant(commande, "coord@example.fr").id
    seance = EnregistrerActivite(
        command_id=uuid.uuid4(),
        type="individuel",
        date=dt.date.today() - dt.timedelta(days=2),
        duree=30,
        type_lieu="domicile",
        commune="21231",
        thematiques=["email"],
        notes="Vient avec sa voisine",
    )
    Activites(hub).enregistrer(seance, MEDIATRICE)
    return aidant_id


def test_an_aidant_erased_after_a_backup_stays_erased_after_the_restore(
    ecriture: Hub,  # noqa: F811
    database_dsn: str,
    tmp_path: Path,
) -> None:
    # given an aidant with an account and notes under its key, backed up
    aidant_id = aidant_et_seance(ecriture, "Aidantsauvegarde")
    notes = cle_mediateur(MEDIATRICE.email)
    assert cles(database_dsn, aidant_id, notes) == 2
    fichier = tmp_path / "mednum.dump"
    assert mednum(database_dsn, tmp_path, "backup", str(fichier)).returncode == 0
    # when the aidant is erased from the command line
    effacement = mednum(database_dsn, tmp_path, "erase-aidant", str(aidant_id))
    assert effacement.returncode == 0, effacement.stderr
    assert cles(database_dsn, aidant_id, notes) == 0
    # and the backup taken before is restored (which brings the keys back)
    ecriture.app.close()
    restauration = mednum(database_dsn, tmp_path, "restore", str(fichier))
    assert restauration.returncode == 0, restauration.stderr
    # then the erasure is made again (one erasure: both keys destroyed) and the aidant reads
    # as erased, their type kept
    assert "1 effacement(s) postérieur(s)" in restauration.stderr, restauration.stderr
    assert cles(database_dsn, aidant_id, notes) == 0
    ligne = fetchval(
        database_dsn,
        f"SELECT row(nom, email, efface, type_aidant)::text FROM aidants WHERE id = '{aidant_id}'",
    )
    assert ligne == '("Aidant effacé",,t,benevole)'
    natures = [e.nature for e in RegistreEffacements.du_dossier(tmp_path).entrees()]
    assert natures == ["aidant", "notes_mediateur"]


def test_erase_aidant_refuses_an_unreadable_or_unknown_id_in_french(
    database_dsn: str, tmp_path: Path
) -> None:
    illisible = mednum(database_dsn, tmp_path, "erase-aidant", "pas-un-uuid")
    assert illisible.returncode != 0 and "Identifiant illisible" in illisible.stderr
    inconnu = mednum(database_dsn, tmp_path, "erase-aidant", str(uuid.uuid4()))
    assert inconnu.returncode != 0 and "Aucun aidant" in inconnu.stderr
    assert not (tmp_path / "effacements.jsonl").exists()
