"""Beneficiaries' rules, given/when/then on the pure functions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.base import Contexte
from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from domain.beneficiaires.decide import (
    anonymiser_beneficiaire,
    enregistrer_beneficiaire,
    modifier_beneficiaire,
)
from domain.beneficiaires.doublons import doublons_probables
from domain.beneficiaires.events import Identite, IdentiteModifiee
from domain.beneficiaires.referentiel import TRANCHES_AGE, tranche_age
from domain.beneficiaires.state import Beneficiaire, evolve, fold
from domain.errors import DomainError

ID = uuid.UUID("00000000-0000-4000-8000-0000000000b1")
CTX = Contexte(auteur="mediatrice@example.fr", maintenant=datetime(2026, 11, 22, 10, tzinfo=UTC))


def enregistrer(**champs: Any) -> EnregistrerBeneficiaire:
    return EnregistrerBeneficiaire(command_id=uuid.uuid4(), **champs)


def etat(*events: Any) -> Beneficiaire:
    beneficiaire = fold(events)
    assert beneficiaire is not None
    return beneficiaire


def refus(call: Any) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


class TestEnregistrer:
    def test_a_person_is_anonymous_by_default_with_statistics_only(self) -> None:
        # when a mediator records a person with only a gender and a birth year
        [event] = enregistrer_beneficiaire(
            ID, enregistrer(genre="feminin", annee_naissance=1950), True, CTX
        )
        # then there is no identity, and the age band is derived from the year
        assert event.identite is None and event.mediateur == CTX.auteur
        assert event.profil.tranche_age == "soixante_dix_plus"

    def test_a_named_follow_up_needs_consent(self) -> None:
        erreur = refus(
            lambda: enregistrer_beneficiaire(
                ID, enregistrer(suivi=True, prenom="Jean", nom="Valjean"), True, CTX
            )
        )
        assert erreur.champ == "consentement"

    def test_with_consent_the_identity_is_kept_and_the_phone_normalised(self) -> None:
        [event] = enregistrer_beneficiaire(
            ID,
            enregistrer(
                suivi=True,
                consentement=True,
                prenom=" Jean ",
                nom="Valjean",
                telephone="0612345678",
            ),
            True,
            CTX,
        )
        assert event.identite == Identite(prenom="Jean", nom="Valjean", telephone="+33612345678")
        assert event.consentement_le == CTX.maintenant.date()

    def test_an_anonymous_person_cannot_carry_a_name(self) -> None:
        assert refus(
            lambda: enregistrer_beneficiaire(ID, enregistrer(nom="Valjean"), True, CTX)
        ).champ == ("suivi")

    @pytest.mark.parametrize(
        ("champs", "champ"),
        [
            ({"genre": "autre"}, "genre"),
            ({"statut_social": "chomeur"}, "statut_social"),
            ({"annee_naissance": 2030}, "annee_naissance"),
            ({"annee_naissance": 1950, "tranche_age": "dix_huit_vingt_quatre"}, "tranche_age"),
            ({"commune_residence": "99999"}, "commune_residence"),
        ],
    )
    def test_bad_values_are_refused_naming_the_field(
        self, champs: dict[str, Any], champ: str
    ) -> None:
        connue = champs.get("commune_residence") != "99999"
        assert refus(
            lambda: enregistrer_beneficiaire(ID, enregistrer(**champs), connue, CTX)
        ).champ == (champ)


class TestModifier:
    def test_giving_a_name_later_needs_consent_then_is_recorded(self) -> None:
        # given an anonymous person
        personne = etat(*enregistrer_beneficiaire(ID, enregistrer(), True, CTX))
        sans = ModifierBeneficiaire(command_id=uuid.uuid4(), version=1, prenom="A", nom="B")
        # then naming them without consent is refused, with consent it is recorded
        assert refus(lambda: modifier_beneficiaire(personne, sans, True, CTX)).champ == (
            "consentement"
        )
        avec = ModifierBeneficiaire(
            command_id=uuid.uuid4(), version=1, prenom="A", nom="B", consentement=True
        )
        [event] = modifier_beneficiaire(personne, avec, True, CTX)
        assert isinstance(event, IdentiteModifiee) and etat_apres(personne, event).suivi

    def test_an_erased_person_cannot_be_named_again(self) -> None:
        # given a followed person, erased
        events = enregistrer_beneficiaire(
            ID, enregistrer(suivi=True, consentement=True, prenom="A", nom="B"), True, CTX
        )
        personne = etat(*events)
        [efface] = anonymiser_beneficiaire(
            personne, AnonymiserBeneficiaire(command_id=uuid.uuid4()), CTX
        )
        apres = etat(*events, efface)
        # then their identity is gone, and cannot come back on this record
        assert apres.identite is None and apres.anonymise
        commande = ModifierBeneficiaire(command_id=uuid.uuid4(), version=2, nom="B")
        assert refus(lambda: modifier_beneficiaire(apres, commande, True, CTX)).champ == "nom"
        # and erasing again changes nothing
        assert (
            anonymiser_beneficiaire(apres, AnonymiserBeneficiaire(command_id=uuid.uuid4()), CTX)
            == []
        )


def etat_apres(beneficiaire: Beneficiaire, event: Any) -> Beneficiaire:
    return evolve(beneficiaire, event)


@given(st.integers(min_value=1900, max_value=2026))
def test_every_birth_year_falls_in_exactly_one_band(annee: int) -> None:
    tranche = tranche_age(annee, 2026)
    assert tranche in TRANCHES_AGE and tranche != "non_communique"


class TestDoublons:
    def test_two_points_make_a_probable_duplicate(self) -> None:
        # given people already followed
        dupont = uuid.uuid4()
        suivis = [
            (dupont, Identite(prenom="Gisèle", nom="Dupont", telephone="+33612345678")),
            (uuid.uuid4(), Identite(prenom="Gisèle", nom="Martin")),
        ]
        # when a mediator types a close name and the same phone
        saisie = Identite(prenom="gisele", nom="DUPOND", telephone="+33612345678")
        [trouve] = doublons_probables(saisie, suivis)
        # then the right person is proposed, with the reasons
        assert trouve.id == dupont and trouve.points == 3
        assert "même téléphone" in trouve.raisons

    def test_a_same_first_name_alone_is_not_a_duplicate(self) -> None:
        suivis = [(uuid.uuid4(), Identite(prenom="Gisèle", nom="Martin"))]
        assert doublons_probables(Identite(prenom="Gisele", nom="Bernard"), suivis) == []


def test_every_refused_field_of_a_person_is_reported_at_once() -> None:
    # given a followed person typed without consent, first name, with a bad e-mail and phone,
    # a birth year in the future and an unknown commune
    commande = enregistrer(
        suivi=True,
        nom="Dupont",
        courriel="gisele.exemple.fr",
        telephone="12",
        annee_naissance=2099,
        commune_residence="99999",
    )
    # when it is recorded, then every field is refused together, each with its message
    erreur = refus(lambda: enregistrer_beneficiaire(ID, commande, False, CTX))
    assert [e.champ for e in getattr(erreur, "erreurs", [erreur])] == [
        "annee_naissance",
        "commune_residence",
        "consentement",
        "prenom",
        "courriel",
        "telephone",
    ]
