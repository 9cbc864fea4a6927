"""Beneficiaries on real PostgreSQL: identity encrypted in the events with the person's key,
read back by the write side and the projector, and erased for good with the key."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from mednum.infra.projector import Projector
from mednum.jobs.retention import appliquer_retention
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub
from projections.beneficiaires import BeneficiairesProjection
from tests.fouille import texte_de_chaque_table as texte_de_toutes_les_tables
from tests.integration.outils_projection import avec_connexion, projeter
from tests.integration.test_cli import mednum

MEDIATRICE = "mediatrice@example.fr"


def suivi(nom: str, **autres: Any) -> EnregistrerBeneficiaire:
    return EnregistrerBeneficiaire(
        command_id=uuid.uuid4(),
        suivi=True,
        consentement=True,
        prenom="Gisèle",
        nom=nom,
        telephone="06 12 34 56 78",
        annee_naissance=1948,
        commune_residence="21231",
        **autres,
    )


def suivi_enregistre(beneficiaires: Beneficiaires, prefixe: str) -> tuple[str, Any]:
    """A followed person recorded under a name no other test uses (`prefixe` and eight hex
    digits), so that the name can be searched for in the whole database: the name and what
    the service answered."""
    nom = f"{prefixe}-{uuid.uuid4().hex[:8]}"
    return nom, beneficiaires.enregistrer(suivi(nom), MEDIATRICE)


def test_identity_is_encrypted_in_the_log_and_read_back_by_both_sides(
    hub: Hub, database_dsn: str
) -> None:
    # given a followed person with a unique name
    beneficiaires = Beneficiaires(hub)
    nom, cree = suivi_enregistre(beneficiaires, "Zorglub")
    # then, before any read model copies it, the name is nowhere in clear in the database
    assert nom not in texte_de_toutes_les_tables(database_dsn)
    # and both the write side and the read model read it back
    lu = beneficiaires.beneficiaire(cree.id)
    assert lu is not None and lu.identite is not None and lu.identite.nom == nom
    assert lu.profil.tranche_age == "soixante_dix_plus"  # derived from the birth year
    projeter(database_dsn, BeneficiairesProjection())
    assert nom in texte_de_toutes_les_tables(database_dsn)  # the read model's copy


def test_erasure_leaves_no_trace_of_the_identity_and_keeps_the_statistics(
    hub: Hub, database_dsn: str
) -> None:
    # given a followed person, changed once, projected
    beneficiaires = Beneficiaires(hub)
    nom, cree = suivi_enregistre(beneficiaires, "Erasmus")
    beneficiaires.modifier(
        cree.id,
        ModifierBeneficiaire(command_id=uuid.uuid4(), version=1, notes=f"Voir {nom} mardi"),
        MEDIATRICE,
    )
    projeter(database_dsn, BeneficiairesProjection())
    # when the person is erased
    beneficiaires.anonymiser(cree.id, AnonymiserBeneficiaire(command_id=uuid.uuid4()), "admin")
    projeter(database_dsn, BeneficiairesProjection())
    # then no table holds the name any more, in clear or readable form
    assert nom not in texte_de_toutes_les_tables(database_dsn)
    # and every event still reads, without identity, with the statistics fields
    lu = beneficiaires.beneficiaire(cree.id)
    assert lu is not None and lu.anonymise and lu.identite is None
    assert lu.profil.commune_residence == "21231" and lu.profil.annee_naissance == 1948

    # and a rebuild of the read model finds nothing either
    async def rebuild(conn: asyncpg.Connection) -> Any:
        projector = Projector(BeneficiairesProjection())
        await projector.reset(conn)
        await projector.catch_up(conn)
        return await conn.fetchrow("SELECT * FROM beneficiaires WHERE id = $1", cree.id)

    row = avec_connexion(database_dsn, rebuild)
    assert row["nom"] is None and row["anonymise"] and row["genre"] == "non_communique"


def test_an_anonymous_person_has_no_key_and_no_identity(hub: Hub, database_dsn: str) -> None:
    cree = Beneficiaires(hub).enregistrer(
        EnregistrerBeneficiaire(command_id=uuid.uuid4(), genre="feminin"), MEDIATRICE
    )
    assert hub.app.coffre.cle(cree.id) is None
    lu = Beneficiaires(hub).beneficiaire(cree.id)
    assert lu is not None and not lu.suivi and lu.profil.genre == "feminin"


def test_mednum_erase_leaves_no_readable_copy(hub: Hub, database_dsn: str, tmp_path: Path) -> None:
    # given a followed person, projected
    nom, cree = suivi_enregistre(Beneficiaires(hub), "Effacez-moi")
    projeter(database_dsn, BeneficiairesProjection())
    # when an admin erases them from the command line
    efface = mednum(database_dsn, tmp_path, "erase", str(cree.id))
    # then the name is nowhere, and a wrong id is refused in French
    assert efface.returncode == 0, efface.stderr + efface.stdout
    assert nom not in texte_de_toutes_les_tables(database_dsn)
    inconnu = mednum(database_dsn, tmp_path, "erase", str(uuid.uuid4()))
    assert inconnu.returncode == 2 and "Aucune personne" in inconnu.stderr


def test_retention_anonymises_people_without_activity_for_a_year(
    hub: Hub, database_dsn: str
) -> None:
    # given a person followed since 400 days without activity, and one since yesterday
    ancien = Hub(hub.app, hub.communes, clock=lambda: datetime.now(UTC) - timedelta(days=400))
    oublie = Beneficiaires(ancien).enregistrer(suivi("Ancien"), MEDIATRICE)
    recent = Beneficiaires(hub).enregistrer(suivi("Recent"), MEDIATRICE)
    projeter(database_dsn, BeneficiairesProjection())

    # when the retention job runs with the default 365 days
    async def run(conn: asyncpg.Connection) -> int:
        return await appliquer_retention(conn, Beneficiaires(hub), 365, date.today())

    assert avec_connexion(database_dsn, run) == 1
    # then only the forgotten one lost their identity, and running again changes nothing
    anonymise = Beneficiaires(hub).beneficiaire(oublie.id)
    assert anonymise is not None and anonymise.anonymise
    toujours = Beneficiaires(hub).beneficiaire(recent.id)
    assert toujours is not None and toujours.suivi
    projeter(database_dsn, BeneficiairesProjection())
    assert avec_connexion(database_dsn, run) == 0
