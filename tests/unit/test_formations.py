"""Rules of the trainings, given/when/then on the pure decide functions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.base import Contexte
from domain.errors import ConflitDeVersion, DomainError
from domain.formations.commands import (
    AnnulerInscription,
    AnnulerSession,
    CreerParcours,
    EnregistrerPresences,
    InscrireAidant,
    ModifierParcours,
    ModifierSession,
    ProgrammerSession,
    TerminerFormation,
)
from domain.formations.decide_inscriptions import (
    AidantConnu,
    annuler_inscription,
    enregistrer_presences,
    inscrire_aidant,
    terminer_formation,
)
from domain.formations.decide_parcours import creer_parcours, modifier_parcours
from domain.formations.decide_sessions import (
    LieuConnu,
    annuler_session,
    modifier_session,
    programmer_session,
)
from domain.formations.events import (
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    PresenceEnregistree,
    SessionModifiee,
)
from domain.formations.state import Parcours, SessionFormation, fold_parcours, fold_session

PARCOURS_ID = UUID("00000000-0000-4000-8000-0000000000a1")
SESSION_ID = UUID("00000000-0000-4000-8000-0000000000b1")
LIEU = LieuConnu(id=UUID("00000000-0000-4000-8000-0000000000c1"), nom="Médiathèque", ferme=False)
# Sessions below run on 2 and 3 March 2026; "now" is chosen per test.
AVANT = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 2, 1, 9, tzinfo=UTC))
PENDANT = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 2, 17, tzinfo=UTC))
APRES = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 3, 17, tzinfo=UTC))
JOURS = ("2026-03-02", "2026-03-03")


def mediateur() -> AidantConnu:
    return AidantConnu(id=uuid4(), type_aidant="mediateur_numerique_salarie")


def refus(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


def creer(**changes: Any) -> CreerParcours:
    fields: dict[str, Any] = {
        "command_id": str(uuid4()),
        "titre": "Formation Aidants Connect",
        "duree_heures": 14,
        "types_aidant": ["mediateur_numerique_salarie", "agent_france_services"],
        "modules": [
            {"titre": "Le mandat et ses règles", "heures": 7},
            {"titre": "Mises en situation", "heures": 7},
        ],
        "qualification_delivree": "formation_aidants_connect",
    }
    return msgspec.convert(fields | changes, CreerParcours)


def given_parcours(**changes: Any) -> Parcours:
    parcours = fold_parcours(creer_parcours(PARCOURS_ID, creer(**changes), AVANT))
    assert parcours is not None
    return parcours


def programmer(**changes: Any) -> ProgrammerSession:
    fields: dict[str, Any] = {
        "command_id": str(uuid4()),
        "parcours_id": str(PARCOURS_ID),
        "debut": "2026-03-02",
        "fin": "2026-03-03",
        "mode": "presentiel",
        "lieu_id": str(LIEU.id),
        "formateur": "Camille Martin",
        "capacite": 2,
    }
    return msgspec.convert(fields | changes, ProgrammerSession)


class Histoire:
    """A session built event by event, as the service would."""

    def __init__(self, capacite: int = 2, **changes: Any) -> None:
        self.parcours = given_parcours()
        self.events: list[Any] = list(
            programmer_session(
                SESSION_ID, self.parcours, LIEU, programmer(capacite=capacite, **changes), AVANT
            )
        )

    @property
    def session(self) -> SessionFormation:
        session = fold_session(self.events)
        assert session is not None
        return session

    def inscrire(self, aidant: AidantConnu, ctx: Contexte = AVANT) -> list[Any]:
        commande = InscrireAidant(command_id=uuid4(), aidant_id=aidant.id)
        new = inscrire_aidant(self.session, self.parcours, aidant, commande, ctx)
        self.events += new
        return list(new)

    def presences(self, aidant: AidantConnu, *cles: str, present: bool = True) -> list[Any]:
        commande = msgspec.convert(
            {
                "command_id": str(uuid4()),
                "presences": [
                    {"aidant_id": str(aidant.id), "creneau": c, "present": present} for c in cles
                ],
            },
            EnregistrerPresences,
        )
        new = enregistrer_presences(self.session, commande, APRES)
        self.events += new
        return list(new)

    def terminer(self, aidant: AidantConnu, ctx: Contexte = APRES) -> list[Any]:
        commande = TerminerFormation(command_id=uuid4(), aidant_id=aidant.id)
        new = terminer_formation(self.session, self.parcours, commande, ctx)
        self.events += new
        return list(new)


class TestParcours:
    def test_a_path_keeps_its_modules_in_order_and_its_target_types(self) -> None:
        # when
        parcours = given_parcours()
        # then
        assert [m.titre for m in parcours.modules] == [
            "Le mandat et ses règles",
            "Mises en situation",
        ]
        assert parcours.types_aidant == ("mediateur_numerique_salarie", "agent_france_services")
        assert parcours.qualification_delivree == "formation_aidants_connect"

    def test_modules_must_add_up_to_the_duration(self) -> None:
        # when / then
        erreur = refus(lambda: creer_parcours(PARCOURS_ID, creer(duree_heures=7), AVANT))
        assert erreur.champ == "duree_heures"
        assert "totalisent 14 h" in erreur.message

    def test_an_unknown_aidant_type_or_none_at_all_is_refused(self) -> None:
        assert (
            refus(lambda: creer_parcours(PARCOURS_ID, creer(types_aidant=["pompier"]), AVANT)).champ
            == "types_aidant"
        )
        assert (
            "au moins un type"
            in refus(lambda: creer_parcours(PARCOURS_ID, creer(types_aidant=[]), AVANT)).message
        )

    def test_an_unknown_qualification_is_refused(self) -> None:
        erreur = refus(
            lambda: creer_parcours(PARCOURS_ID, creer(qualification_delivree="permis_b"), AVANT)
        )
        assert erreur.champ == "qualification_delivree"

    def test_a_change_keeps_the_total_consistent_and_checks_the_version(self) -> None:
        # given
        parcours = given_parcours()
        # when the duration alone changes, the modules no longer add up
        change = ModifierParcours(command_id=uuid4(), version=1, duree_heures=21)
        assert refus(lambda: modifier_parcours(parcours, change, AVANT)).champ == "duree_heures"
        # when a stale version is used
        stale = ModifierParcours(command_id=uuid4(), version=2, titre="Autre")
        with pytest.raises(ConflitDeVersion):
            modifier_parcours(parcours, stale, AVANT)
        # when the modules are dropped with a new duration, it is accepted
        ok = ModifierParcours(command_id=uuid4(), version=1, duree_heures=21, modules=[])
        [event] = modifier_parcours(parcours, ok, AVANT)
        assert event.champs_modifies() == {"duree_heures": 21, "modules": ()}


class TestSessions:
    def test_without_slots_every_day_from_start_to_end_is_a_full_day(self) -> None:
        # when
        session = Histoire().session
        # then
        assert [c.cle for c in session.creneaux] == list(JOURS)

    def test_half_days_must_start_on_the_first_day_and_end_on_the_last(self) -> None:
        # given half-days that stop before the end
        commande = programmer(
            creneaux=[{"jour": "2026-03-02", "moment": "matin"}], fin="2026-03-09"
        )
        # when / then
        erreur = refus(
            lambda: programmer_session(SESSION_ID, given_parcours(), LIEU, commande, AVANT)
        )
        assert erreur.champ == "creneaux"

    def test_in_person_needs_an_open_place_and_remote_needs_a_link(self) -> None:
        parcours = given_parcours()
        ferme = msgspec.structs.replace(LIEU, ferme=True)
        assert (
            "fermé"
            in refus(
                lambda: programmer_session(SESSION_ID, parcours, ferme, programmer(), AVANT)
            ).message
        )
        assert (
            refus(lambda: programmer_session(SESSION_ID, parcours, None, programmer(), AVANT)).champ
            == "lieu_id"
        )
        distance = programmer(mode="distance", lieu_id=None)
        assert (
            refus(lambda: programmer_session(SESSION_ID, parcours, None, distance, AVANT)).champ
            == "modalites_distance"
        )

    def test_an_archived_path_gets_no_new_session(self) -> None:
        archive = msgspec.structs.replace(given_parcours(), archive=True)
        erreur = refus(lambda: programmer_session(SESSION_ID, archive, LIEU, programmer(), AVANT))
        assert erreur.champ == "parcours_id"

    def test_the_capacity_cannot_drop_below_the_enrolled(self) -> None:
        # given two enrolled
        histoire = Histoire(capacite=2)
        histoire.inscrire(mediateur())
        histoire.inscrire(mediateur())
        # when
        change = ModifierSession(command_id=uuid4(), version=3, capacite=1)
        # then
        assert refus(lambda: modifier_session(histoire.session, None, change, AVANT)).champ == (
            "capacite"
        )

    def test_more_places_promote_the_waiting_list_in_order(self) -> None:
        # given a full session with two on the waiting list
        histoire = Histoire(capacite=1)
        premier, deuxieme, troisieme = mediateur(), mediateur(), mediateur()
        for aidant in (premier, deuxieme, troisieme):
            histoire.inscrire(aidant)
        # when the capacity grows by one
        change = ModifierSession(command_id=uuid4(), version=4, capacite=2)
        events = modifier_session(histoire.session, None, change, AVANT)
        # then the first waiting takes the new place
        assert [type(e) for e in events] == [SessionModifiee, InscriptionPromue]
        assert events[1].aidant_id == deuxieme.id  # type: ignore[union-attr]
        assert [e.originator_version for e in events] == [5, 6]


class TestInscriptions:
    def test_enrolment_beyond_capacity_goes_to_the_waiting_list(self) -> None:
        # given a session of two places
        histoire = Histoire(capacite=2)
        # when three aidants enrol
        statuts = [histoire.inscrire(mediateur())[0].en_attente for _ in range(3)]
        # then the third waits
        assert statuts == [False, False, True]
        assert histoire.session.places_restantes() == 0

    def test_a_cancellation_promotes_the_first_waiting(self) -> None:
        # given a full session of one place and two waiting
        histoire = Histoire(capacite=1)
        inscrit, attente1, attente2 = mediateur(), mediateur(), mediateur()
        for aidant in (inscrit, attente1, attente2):
            histoire.inscrire(aidant)
        # when the enrolled one cancels
        commande = AnnulerInscription(command_id=uuid4(), aidant_id=inscrit.id)
        events = annuler_inscription(histoire.session, commande, AVANT)
        # then the first on the waiting list takes the place
        assert [type(e) for e in events] == [InscriptionAnnulee, InscriptionPromue]
        assert events[1].aidant_id == attente1.id
        histoire.events += events
        assert histoire.session.inscriptions[attente1.id].statut == "inscrit"
        assert histoire.session.inscriptions[attente2.id].statut == "en_attente"

    def test_a_waiting_aidant_who_cancels_promotes_nobody(self) -> None:
        histoire = Histoire(capacite=1)
        inscrit, attente = mediateur(), mediateur()
        histoire.inscrire(inscrit)
        histoire.inscrire(attente)
        commande = AnnulerInscription(command_id=uuid4(), aidant_id=attente.id)
        assert [type(e) for e in annuler_inscription(histoire.session, commande, AVANT)] == [
            InscriptionAnnulee
        ]

    def test_an_aidant_outside_the_target_types_is_refused_in_french(self) -> None:
        # given a path for salaried mediators and France Services agents
        histoire = Histoire()
        benevole = AidantConnu(id=uuid4(), type_aidant="benevole")
        # when a volunteer enrols
        erreur = refus(lambda: histoire.inscrire(benevole))
        # then
        assert erreur.champ == "aidant_id"
        assert "s'adresse aux profils suivants" in erreur.message
        assert "« Bénévole »" in erreur.message

    def test_no_double_enrolment_but_enrolling_again_after_cancelling(self) -> None:
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        assert "déjà inscrit" in refus(lambda: histoire.inscrire(aidant)).message
        histoire.events += annuler_inscription(
            histoire.session, AnnulerInscription(command_id=uuid4(), aidant_id=aidant.id), AVANT
        )
        [event] = histoire.inscrire(aidant)
        assert isinstance(event, InscriptionEnregistree)

    def test_unknown_or_deactivated_aidants_are_refused(self) -> None:
        histoire = Histoire()
        commande = InscrireAidant(command_id=uuid4(), aidant_id=uuid4())
        erreur = refus(
            lambda: inscrire_aidant(histoire.session, histoire.parcours, None, commande, AVANT)
        )
        assert erreur.champ == "aidant_id"
        desactive = AidantConnu(id=uuid4(), type_aidant="benevole", desactive=True)
        assert "désactivé" in refus(lambda: histoire.inscrire(desactive)).message

    def test_nobody_enrols_in_a_cancelled_or_finished_session(self) -> None:
        # given a cancelled session
        histoire = Histoire()
        histoire.events += annuler_session(
            histoire.session,
            AnnulerSession(command_id=uuid4(), version=1, motif="Formateur malade"),
            AVANT,
        )
        # then
        erreur = refus(lambda: histoire.inscrire(mediateur()))
        assert "annulée (Formateur malade)" in erreur.message
        # and a finished one
        fini = Contexte(auteur="x", maintenant=datetime(2026, 3, 4, 9, tzinfo=UTC))
        assert "s'est terminée" in refus(lambda: Histoire().inscrire(mediateur(), fini)).message


class TestPresencesEtFin:
    def test_attendance_records_only_what_changes(self) -> None:
        # given an enrolled aidant
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        # when the sheet is sent twice
        first = histoire.presences(aidant, *JOURS)
        again = histoire.presences(aidant, *JOURS)
        # then
        assert [type(e) for e in first] == [PresenceEnregistree, PresenceEnregistree]
        assert again == []

    def test_attendance_of_a_future_slot_or_an_unknown_one_is_refused(self) -> None:
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        # when the second day is marked on the evening of the first
        commande = msgspec.convert(
            {
                "command_id": str(uuid4()),
                "presences": [{"aidant_id": str(aidant.id), "creneau": JOURS[1], "present": True}],
            },
            EnregistrerPresences,
        )
        erreur = refus(lambda: enregistrer_presences(histoire.session, commande, PENDANT))
        assert "n'a pas encore eu lieu" in erreur.message
        assert (
            "n'est pas un créneau"
            in refus(lambda: histoire.presences(aidant, "2026-03-09")).message
        )

    def test_completion_needs_presence_at_every_slot(self) -> None:
        # given an aidant present on the first day only
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        histoire.presences(aidant, JOURS[0])
        histoire.presences(aidant, JOURS[1], present=False)
        # when completion is asked
        erreur = refus(lambda: histoire.terminer(aidant))
        # then it names the missing day
        assert "Présence incomplète" in erreur.message
        assert "03/03/2026" in erreur.message

    def test_completion_waits_for_the_last_day(self) -> None:
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        histoire.presences(aidant, JOURS[0])
        erreur = refus(lambda: histoire.terminer(aidant, PENDANT))
        assert "se termine le 03/03/2026" in erreur.message

    def test_completion_carries_the_qualification_and_happens_once(self) -> None:
        # given an aidant present at every slot
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        histoire.presences(aidant, *JOURS)
        # when completion is recorded, then asked again
        [event] = histoire.terminer(aidant)
        again = histoire.terminer(aidant)
        # then
        assert isinstance(event, FormationTerminee)
        assert event.qualification_delivree == "formation_aidants_connect"
        assert event.libelle == "Formation Aidants Connect"
        assert again == []
        assert histoire.session.inscriptions[aidant.id].terminee_le == APRES.maintenant
        # and the completed aidant's attendance can no longer change
        assert (
            "déjà terminé"
            in refus(lambda: histoire.presences(aidant, JOURS[0], present=False)).message
        )

    def test_a_session_with_completions_cannot_be_cancelled(self) -> None:
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        histoire.presences(aidant, *JOURS)
        histoire.terminer(aidant)
        version = histoire.session.version
        commande = AnnulerSession(command_id=uuid4(), version=version, motif="Erreur")
        assert (
            "déjà terminé"
            in refus(lambda: annuler_session(histoire.session, commande, APRES)).message
        )

    def test_dates_cannot_change_once_attendance_is_recorded(self) -> None:
        histoire = Histoire()
        aidant = mediateur()
        histoire.inscrire(aidant)
        histoire.presences(aidant, JOURS[0])
        change = ModifierSession(
            command_id=uuid4(),
            version=histoire.session.version,
            fin=date(2026, 3, 4),
        )
        assert refus(lambda: modifier_session(histoire.session, None, change, APRES)).champ == (
            "creneaux"
        )
