"""Activities on a real PostgreSQL: the service's checks (place, people, ownership), the read
model rows, and the figures on a small hand-computed data set."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    Identite,
    Profil,
)
from domain.errors import DomainError, IntrouvableError
from domain.lieux.commands import FermerLieu
from mednum.accounts import Role, User
from mednum.services.activites import Activites
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.activites import ActivitesProjection
from projections.activites_requetes import (
    FiltresActivites,
    derniere_activite_par_beneficiaire,
    lister_activites,
    preferences_de,
)
from projections.activites_statistiques import comparer
from tests.conftest import run_sync
from tests.integration.outils_projection import projeter
from tests.lieux_outils import recenser

MAINTENANT = datetime(2026, 3, 20, 12, tzinfo=UTC)
MED = User(id=uuid4(), email="med@example.fr", role=Role.MEDIATEUR)
AUTRE = User(id=uuid4(), email="autre@example.fr", role=Role.MEDIATEUR)
ADMIN = User(id=uuid4(), email="admin@example.fr", role=Role.ADMIN)


@pytest.fixture
def activites(hub: Hub) -> Activites:
    """The service on a hub whose clock says 20 March 2026, noon."""
    return Activites(Hub(hub.app, hub.communes, clock=lambda: MAINTENANT))


def lieu(hub: Hub) -> UUID:
    return recenser(hub, "coord@example.fr")


def beneficiaire(hub: Hub, mediateur: str, anonymise: bool = False) -> UUID:
    """A followed person, saved as events (the beneficiaries' service is the lead's)."""
    beneficiaire_id = uuid4()
    events: list[Any] = [
        BeneficiaireEnregistre(
            originator_id=beneficiaire_id,
            originator_version=1,
            timestamp=MAINTENANT,
            auteur=mediateur,
            mediateur=mediateur,
            profil=Profil(),
            identite=Identite(prenom="Camille", nom="Martin"),
        )
    ]
    if anonymise:
        events.append(
            BeneficiaireAnonymise(
                originator_id=beneficiaire_id,
                originator_version=2,
                timestamp=MAINTENANT,
                auteur=mediateur,
                motif="effacement",
            )
        )
    hub.app.save(*events)
    return beneficiaire_id


def commande(**valeurs: Any) -> EnregistrerActivite:
    base: dict[str, Any] = {
        "command_id": str(uuid4()),
        "type": "individuel",
        "date": "2026-03-10",
        "duree": 30,
        "type_lieu": "a_distance",
        "thematiques": ["email"],
    }
    return msgspec.convert(base | valeurs, EnregistrerActivite)


def lire(dsn: str, requete: Any) -> Any:
    async def run() -> Any:
        conn = await asyncpg.connect(dsn)
        try:
            return await requete(conn)
        finally:
            await conn.close()

    return run_sync(run())


def test_the_place_must_exist_and_be_open(activites: Activites) -> None:
    # given an open place and a closed one
    ouvert = lieu(activites.hub)
    ferme = lieu(activites.hub)
    Lieux(activites.hub).fermer_lieu(ferme, FermerLieu(command_id=uuid4(), version=1), "coord")
    # when sessions are recorded there, then the open one is accepted, the closed refused
    activites.enregistrer(commande(type_lieu="lieu_activite", lieu_id=str(ouvert)), MED)
    with pytest.raises(DomainError) as exc:
        activites.enregistrer(commande(type_lieu="lieu_activite", lieu_id=str(ferme)), MED)
    assert exc.value.champ == "lieu_id" and "fermé" in exc.value.message
    # and an id of another kind of record is no place (no crash)
    personne = beneficiaire(activites.hub, MED.email)
    with pytest.raises(DomainError) as exc:
        activites.enregistrer(commande(type_lieu="lieu_activite", lieu_id=str(personne)), MED)
    assert exc.value.champ == "lieu_id"


def test_people_must_be_the_mediators_own_and_not_anonymised(activites: Activites) -> None:
    # given my person, another mediator's, and an anonymised one of mine
    mien = beneficiaire(activites.hub, MED.email)
    sien = beneficiaire(activites.hub, AUTRE.email)
    efface = beneficiaire(activites.hub, MED.email, anonymise=True)
    # then my person is accepted; the other mediator's is « introuvable »; the erased refused
    activites.enregistrer(commande(beneficiaire_id=str(mien)), MED)
    with pytest.raises(DomainError) as exc:
        activites.enregistrer(commande(beneficiaire_id=str(sien)), MED)
    assert "introuvable" in exc.value.message
    with pytest.raises(DomainError) as exc:
        atelier = commande(type="collectif", beneficiaires=[str(mien), str(efface)])
        activites.enregistrer(atelier, MED)
    assert exc.value.champ == "beneficiaires" and "anonymisé" in exc.value.message
    # and an admin may link anyone's person
    activites.enregistrer(commande(beneficiaire_id=str(sien)), ADMIN)


def test_only_the_author_or_an_admin_corrects_and_deletes(activites: Activites) -> None:
    # given my session
    activite_id = activites.enregistrer(commande(), MED).id
    # when another mediator corrects or deletes it, then it is « not found » for them
    with pytest.raises(IntrouvableError):
        activites.corriger(activite_id, CorrigerActivite(command_id=uuid4(), version=1), AUTRE)
    with pytest.raises(IntrouvableError):
        activites.supprimer(
            activite_id, SupprimerActivite(command_id=uuid4(), version=1, motif="x"), AUTRE
        )
    assert activites.activite_de(activite_id, AUTRE) is None
    # and I, then an admin, may
    corrige = activites.corriger(
        activite_id, CorrigerActivite(command_id=uuid4(), version=1, duree=45), MED
    )
    assert corrige.version == 2
    supprime = activites.supprimer(
        activite_id, SupprimerActivite(command_id=uuid4(), version=2, motif="Doublon"), ADMIN
    )
    assert supprime.version == 3


def test_a_retried_command_is_applied_once(activites: Activites) -> None:
    cmd = commande()
    premier = activites.enregistrer(cmd, MED)
    second = activites.enregistrer(cmd, MED)
    assert second.rejoue and second.id == premier.id


def test_the_read_model_has_one_row_per_participant_and_follows_corrections(
    activites: Activites, database_dsn: str
) -> None:
    # given a workshop with a followed person and 5 anonymous participants, 2 already seen
    personne = beneficiaire(activites.hub, MED.email)
    atelier = activites.enregistrer(
        commande(
            type="collectif",
            beneficiaires=[str(personne)],
            participants={"total": 5, "deja_accompagne": 2, "genres": {"feminin": 3}},
        ),
        MED,
    )
    projeter(database_dsn, ActivitesProjection())
    # then 6 rows: the person by id, 5 anonymous without invented attributes, 3 new
    rows = lire(
        database_dsn,
        lambda c: c.fetch(
            "SELECT beneficiaire_id, genre, premier_accompagnement FROM accompagnements "
            "WHERE activite_id = $1 ORDER BY rang",
            atelier.id,
        ),
    )
    assert [r["beneficiaire_id"] for r in rows] == [personne, None, None, None, None, None]
    assert all(r["genre"] is None for r in rows)
    assert [r["premier_accompagnement"] for r in rows[1:]] == [False, False, True, True, True]
    # when corrected to 2 anonymous participants, then the rows follow
    activites.corriger(
        atelier.id,
        msgspec.convert(
            {
                "command_id": str(uuid4()),
                "version": 1,
                "participants": {"total": 2, "genres": {"feminin": 2}},
            },
            CorrigerActivite,
        ),
        MED,
    )
    projeter(database_dsn, ActivitesProjection())
    compte = lire(
        database_dsn,
        lambda c: c.fetchval(
            "SELECT count(*) FROM accompagnements WHERE activite_id = $1", atelier.id
        ),
    )
    assert compte == 3
    # and once deleted, it leaves the list and the participants' table
    activites.supprimer(
        atelier.id, SupprimerActivite(command_id=uuid4(), version=2, motif="Erreur"), MED
    )
    projeter(database_dsn, ActivitesProjection())
    items, total = lire(
        database_dsn,
        lambda c: lister_activites(c, FiltresActivites(mediateur=MED.email), limit=10, offset=0),
    )
    assert (items, total) == ([], 0)
    assert lire(database_dsn, lambda c: c.fetchval("SELECT count(*) FROM accompagnements")) == 0


def test_figures_of_a_period_beside_the_previous_one(
    activites: Activites, database_dsn: str
) -> None:
    # given (hand-computed) my sessions in March 1–14 and February 15–28, and someone else's
    place = lieu(activites.hub)
    suivi = beneficiaire(activites.hub, MED.email)
    a_lieu = {"type_lieu": "lieu_activite", "lieu_id": str(place)}
    enregistrer = activites.enregistrer
    enregistrer(
        commande(
            date="2026-02-20", duree=60, beneficiaire_id=str(suivi), **a_lieu
        ),  # first time for the followed person
        MED,
    )
    enregistrer(
        commande(date="2026-03-02", duree=30, autonomie="autonome", **a_lieu), MED
    )  # anonymous, new
    enregistrer(
        commande(
            date="2026-03-05",
            duree=45,
            type_lieu="domicile",
            commune="21231",
            thematiques=["email", "bureautique"],
            beneficiaire_id=str(suivi),
        ),
        MED,
    )
    enregistrer(
        commande(
            type="collectif",
            date="2026-03-10",
            duree=120,
            thematiques=["navigation_sur_internet"],
            beneficiaires=[str(suivi)],
            participants={"total": 4, "deja_accompagne": 1},
            **a_lieu,
        ),
        MED,
    )
    enregistrer(
        commande(
            date="2026-03-12",
            duree=90,
            autonomie="entierement_accompagne",
            profil={"deja_accompagne": True},
        ),
        MED,
    )
    supprimee = enregistrer(commande(date="2026-03-13", duree=20), MED)
    activites.supprimer(
        supprimee.id, SupprimerActivite(command_id=uuid4(), version=1, motif="Doublon"), MED
    )
    enregistrer(commande(date="2026-03-03"), AUTRE)
    projeter(database_dsn, ActivitesProjection())
    # when my figures for March 1–14 are read
    comparaison = lire(
        database_dsn, lambda c: comparer(c, date(2026, 3, 1), date(2026, 3, 14), MED.email)
    )
    mars, fevrier = comparaison.periode, comparaison.precedente
    # then the totals are La Coop's
    assert (mars.activites, mars.individuels, mars.ateliers) == (4, 3, 1)
    assert (mars.participants_ateliers, mars.accompagnements) == (5, 8)
    assert (mars.beneficiaires_suivis, mars.beneficiaires_anonymes) == (1, 6)
    assert (mars.beneficiaires, mars.beneficiaires_nouveaux) == (7, 4)
    assert mars.minutes == 285 and mars.heures == 4.8
    assert {r.valeur: r.nombre for r in mars.thematiques} == {
        "email": 3,
        "bureautique": 1,
        "navigation_sur_internet": 1,
    }
    assert {r.valeur: r.nombre for r in mars.autonomie} == {
        "entierement_accompagne": 1,
        "partiellement_autonome": 0,
        "autonome": 1,
        "non_renseigne": 1,
    }
    assert {r.valeur: r.nombre for r in mars.canaux} == {
        "lieu_activite": 6,
        "autre": 0,
        "domicile": 1,
        "a_distance": 1,
    }
    assert [r.nombre for r in mars.durees] == [0, 2, 1, 5]
    assert [r.libelle for r in mars.durees] == [
        "Moins de 30 min",
        "30min à 1 h",
        "1 h à 2 h",
        "2 h et plus",
    ]
    # and the previous period of the same length is February 15–28: one session, one new
    # followed person
    assert (fevrier.du, fevrier.au) == (date(2026, 2, 15), date(2026, 2, 28))
    assert (fevrier.activites, fevrier.accompagnements, fevrier.minutes) == (1, 1, 60)
    assert (fevrier.beneficiaires_suivis, fevrier.beneficiaires_nouveaux) == (1, 1)
    # and the retention job reads the followed person's last activity
    dernieres = lire(database_dsn, derniere_activite_par_beneficiaire)
    assert dernieres == {suivi: date(2026, 3, 10)}
    # and the entry form pre-selects my last place and my most frequent duration and theme
    prefs = lire(database_dsn, lambda c: preferences_de(c, MED.email))
    assert (prefs.type_lieu, prefs.thematiques) == ("a_distance", ("email",))
