"""Structures and aidants on a real PostgreSQL: the service's rules and the read model rows."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from uuid import UUID, uuid4

import asyncpg
import pytest

from domain.acteurs.commands import (
    AffilierAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
    TerminerAffiliation,
)
from domain.activites.commands import EnregistrerActivite
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from mednum.accounts import Role, User
from mednum.infra.projector import Projector
from mednum.services.acteurs import Acteurs
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from projections.acteurs import ActeursProjection
from projections.acteurs_requetes import (
    FiltresAidants,
    FiltresStructures,
    aidants_de_structure,
    lire_aidant,
    lister_aidants,
    lister_structures,
)
from projections.activites import ActivitesProjection
from tests.conftest import run_sync
from tests.integration.outils_projection import projeter
from tests.lieux_outils import recenser

AUTEUR = "coord@example.fr"


def lieu(hub: Hub) -> UUID:
    return recenser(hub, AUTEUR)


def structure(acteurs: Acteurs, **changes: object) -> UUID:
    valeurs: dict[str, object] = {
        "command_id": uuid4(),
        "siret": "21210231300013",
        "nom": "Centre social des Grésilles",
        "type_structure": "Centres sociaux",
        "adresse": "3 rue Jean-de-Cirey",
        "code_postal": "21000",
        "code_insee": "21231",
    }
    return acteurs.recenser_structure(RecenserStructure(**valeurs | changes), AUTEUR).id  # type: ignore[arg-type]


def test_a_structure_runs_existing_places_only_and_changes_with_its_version(hub: Hub) -> None:
    acteurs = Acteurs(hub)
    place = lieu(hub)
    structure_id = structure(acteurs, lieux=[place])
    etat = acteurs.structure(structure_id)
    assert etat is not None and etat.lieux == (place,) and etat.version == 2
    with pytest.raises(DomainError) as refus:
        acteurs.rattacher_lieu(
            structure_id, RattacherLieu(command_id=uuid4(), lieu_id=uuid4()), AUTEUR
        )
    assert refus.value.champ == "lieux"
    with pytest.raises(ConflitDeVersion):
        acteurs.modifier_structure(
            structure_id, ModifierStructure(command_id=uuid4(), version=1, nom="Autre"), AUTEUR
        )
    with pytest.raises(IntrouvableError):
        acteurs.modifier_structure(
            uuid4(), ModifierStructure(command_id=uuid4(), version=1, nom="Autre"), AUTEUR
        )


def test_the_read_model_shows_affiliations_qualifications_and_who_is_active(
    hub: Hub, database_dsn: str
) -> None:
    # given a structure in Dijon and three aidants
    acteurs = Acteurs(hub)
    structure_id = structure(acteurs)
    aujourdhui = date.today()

    def aidant(prenom: str) -> UUID:
        commande = EnregistrerAidant(
            command_id=uuid4(),
            prenom=prenom,
            nom="Martin",
            type_aidant="conseiller_numerique",
            compte=f"{prenom.lower()}@example.fr",
        )
        return acteurs.enregistrer_aidant(commande, AUTEUR).id

    en_poste, parti, qualifie = aidant("Camille"), aidant("Dominique"), aidant("Sacha")
    for aidant_id in (en_poste, parti, qualifie):
        acteurs.affilier_aidant(
            aidant_id,
            AffilierAidant(command_id=uuid4(), structure_id=structure_id, debut=date(2024, 1, 1)),
            AUTEUR,
        )
    acteurs.terminer_affiliation(
        parti,
        TerminerAffiliation(
            command_id=uuid4(), structure_id=structure_id, fin=aujourdhui - timedelta(days=1)
        ),
        AUTEUR,
    )
    # the trainings service's contract: a qualification without version, idempotent
    for type_, expire in (
        ("formation_aidants_connect", None),
        ("test_pix_aidants_connect", None),
        ("certification_pix", aujourdhui - timedelta(days=3)),
    ):
        commande = EnregistrerQualification(
            command_id=uuid4(), type=type_, obtenue_le=date(2023, 6, 1), expire_le=expire
        )
        acteurs.enregistrer_qualification(qualifie, commande, AUTEUR)
    again = EnregistrerQualification(
        command_id=uuid4(), type="certification_pix", obtenue_le=date(2023, 6, 1)
    )
    version = acteurs.enregistrer_qualification(qualifie, again, AUTEUR).version
    etat = acteurs.aidant(qualifie)
    assert etat is not None and etat.habilite_aidants_connect and etat.version == version
    # when the read model catches up
    projeter(database_dsn, ActeursProjection())

    # then the rows say who is active, without structure, habilitated, and what expired
    async def lire() -> None:
        conn = await asyncpg.connect(database_dsn)
        try:
            actifs, total = await lister_aidants(
                conn, FiltresAidants(actif=True), limit=10, offset=0
            )
            assert {a.prenom for a in actifs} == {"Camille", "Sacha"} and total == 2
            [sans] = (await lister_aidants(conn, FiltresAidants(actif=False), limit=10, offset=0))[
                0
            ]
            assert (sans.prenom, sans.sans_structure) == ("Dominique", True)
            [habilite] = (
                await lister_aidants(conn, FiltresAidants(habilite=True), limit=10, offset=0)
            )[0]
            assert habilite.id == qualifie
            detail = await lire_aidant(conn, qualifie)
            assert detail is not None
            assert [s.nom for s in detail.structures] == ["Centre social des Grésilles"]
            expirees = {q.type: q.expiree for q in detail.qualifications}
            assert expirees == {
                "formation_aidants_connect": False,
                "test_pix_aidants_connect": False,
                "certification_pix": True,
            }
            dans_21 = await lister_aidants(
                conn, FiltresAidants(departement="21"), limit=10, offset=0
            )
            assert dans_21[1] == 2
            [vue], _ = await lister_structures(
                conn, FiltresStructures(q="grésilles"), limit=5, offset=0
            )
            assert (vue.aidants_en_poste, vue.departement) == (2, "21")
            equipe = await aidants_de_structure(conn, structure_id)
            assert [(a.prenom, a.en_cours) for a in equipe][-1] == ("Dominique", False)
            # a last session older than two months makes an affiliated aidant inactive
            camille = User(id=uuid4(), email="camille@example.fr", role=Role.MEDIATEUR)
            il_y_a_3_mois = aujourdhui - timedelta(days=92)
            seance = EnregistrerActivite(
                command_id=uuid4(),
                type="individuel",
                date=il_y_a_3_mois,
                duree=30,
                type_lieu="a_distance",
                thematiques=["email"],
                motif_retard="saisie tardive",
            )
            await asyncio.to_thread(Activites(hub).enregistrer, seance, camille)
            await Projector(ActivitesProjection()).catch_up(conn)
            actifs, _ = await lister_aidants(conn, FiltresAidants(actif=True), limit=10, offset=0)
            assert [a.prenom for a in actifs] == ["Sacha"]
            inactive = await lire_aidant(conn, en_poste)
            assert inactive is not None and inactive.derniere_activite == il_y_a_3_mois
        finally:
            await conn.close()

    run_sync(lire())
