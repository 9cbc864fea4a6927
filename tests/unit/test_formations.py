"""Rules of the training paths and sessions, given/when/then on the pure decide functions."""

from __future__ import annotations

from uuid import uuid4

import msgspec
import pytest

from domain.errors import ConflitDeVersion
from domain.formations.commands import (
    ModifierParcours,
    ModifierSession,
)
from domain.formations.decide_parcours import creer_parcours, modifier_parcours
from domain.formations.decide_sessions import (
    modifier_session,
    programmer_session,
)
from domain.formations.events import (
    InscriptionPromue,
    SessionModifiee,
)
from tests.unit.formations_outils import (
    AVANT,
    JOURS,
    LIEU,
    PARCOURS_ID,
    SESSION_ID,
    Histoire,
    creer,
    given_parcours,
    mediateur,
    programmer,
    refus,
)


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
