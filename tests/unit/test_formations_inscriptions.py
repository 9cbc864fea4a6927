"""Trainings: enrolment with a waiting list, attendance and completion (given/when/then)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import msgspec

from domain.base import Contexte
from domain.formations.commands import (
    AnnulerInscription,
    AnnulerSession,
    EnregistrerPresences,
    InscrireAidant,
    ModifierSession,
)
from domain.formations.decide_inscriptions import (
    AidantConnu,
    annuler_inscription,
    enregistrer_presences,
    inscrire_aidant,
)
from domain.formations.decide_sessions import (
    annuler_session,
    modifier_session,
)
from domain.formations.events import (
    FormationTerminee,
    InscriptionAnnulee,
    InscriptionEnregistree,
    InscriptionPromue,
    PresenceEnregistree,
)
from tests.unit.formations_outils import (
    APRES,
    AVANT,
    JOURS,
    PENDANT,
    Histoire,
    mediateur,
    refus,
)


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
