"""Rules for aidants: affiliations over periods, qualifications, Aidants Connect habilitation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from domain.acteurs.commands import (
    AffilierAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    ModifierAidant,
    RetirerHabilitation,
    TerminerAffiliation,
)
from domain.acteurs.decide_aidants import (
    affilier_aidant,
    enregistrer_aidant,
    enregistrer_qualification,
    modifier_aidant,
    retirer_habilitation,
    terminer_affiliation,
)
from domain.acteurs.events import (
    AidantHabiliteAidantsConnect,
    HabilitationRetiree,
    QualificationEnregistree,
)
from domain.acteurs.state import Aidant, Structure, evolve_aidant
from domain.base import Contexte, Evenement
from domain.errors import DomainError

CTX = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 1, 10, tzinfo=UTC))
STRUCTURE = Structure(
    id=UUID("00000000-0000-4000-8000-0000000000aa"),
    version=1,
    siret="21210231300013",
    nom="Centre social des Grésilles",
    type_structure="Centres sociaux",
    adresse="3 rue Jean-de-Cirey",
    code_postal="21000",
    code_insee="21231",
    commune="Dijon",
    departement="21",
)


def nouvel_aidant(**changes: object) -> Aidant:
    commande = EnregistrerAidant(
        command_id=uuid4(),
        prenom=str(changes.get("prenom", "Camille")),
        nom="Martin",
        type_aidant=str(changes.get("type_aidant", "conseiller_numerique")),
    )
    [event] = enregistrer_aidant(uuid4(), commande, {}, CTX)
    return evolve_aidant(None, event)


def appliquer(aidant: Aidant, events: Sequence[Evenement]) -> Aidant:
    for event in events:
        aidant = evolve_aidant(aidant, event)  # type: ignore[arg-type]
    return aidant


def affilier(aidant: Aidant, debut: date, fin: date | None = None) -> Aidant:
    commande = AffilierAidant(command_id=uuid4(), structure_id=STRUCTURE.id, debut=debut, fin=fin)
    return appliquer(aidant, affilier_aidant(aidant, commande, STRUCTURE, CTX))


def qualifier(aidant: Aidant, type_: str, le: date, **extra: object) -> list[Evenement]:
    commande = EnregistrerQualification(command_id=uuid4(), type=type_, obtenue_le=le, **extra)  # type: ignore[arg-type]
    return enregistrer_qualification(aidant, commande, CTX)


def test_the_aidant_type_is_stored_as_an_id_and_its_label_is_accepted() -> None:
    assert nouvel_aidant(type_aidant="Bénévole").type_aidant == "benevole"
    with pytest.raises(DomainError) as refus:
        nouvel_aidant(type_aidant="stagiaire")
    assert refus.value.champ == "type_aidant"
    assert "service_civique (Service civique)" in refus.value.message


def test_an_empty_first_name_and_a_bad_email_are_refused_naming_the_field() -> None:
    with pytest.raises(DomainError) as refus:
        nouvel_aidant(prenom="  ")
    assert refus.value.champ == "prenom"
    aidant = nouvel_aidant()
    with pytest.raises(DomainError) as refus:
        modifier_aidant(
            aidant, ModifierAidant(command_id=uuid4(), version=1, email="pas-un-mail"), {}, CTX
        )
    assert refus.value.champ == "email"


def test_overlapping_periods_with_the_same_structure_are_refused() -> None:
    # given an aidant affiliated from January to June 2025
    aidant = affilier(nouvel_aidant(), date(2025, 1, 1), date(2025, 6, 30))
    # when a period starting inside it is added, then it is refused on « debut »
    with pytest.raises(DomainError) as refus:
        affilier(aidant, date(2025, 6, 30))
    assert refus.value.champ == "debut"
    assert "chevaucher" in refus.value.message
    # and an open-ended period starting before it is refused too
    with pytest.raises(DomainError):
        affilier(aidant, date(2024, 1, 1))
    # but a period starting the day after is accepted
    suite = affilier(aidant, date(2025, 7, 1))
    assert len(suite.affiliations) == 2
    assert suite.structures_le(date(2026, 3, 1)) == (STRUCTURE.id,)


def test_the_end_cannot_precede_the_start_and_a_closed_structure_takes_nobody() -> None:
    with pytest.raises(DomainError) as refus:
        affilier(nouvel_aidant(), date(2025, 5, 1), date(2025, 4, 30))
    assert refus.value.champ == "fin"
    fermee = STRUCTURE.__class__(**{**_champs(STRUCTURE), "fermee": True})
    with pytest.raises(DomainError) as refus:
        affilier_aidant(
            nouvel_aidant(),
            AffilierAidant(command_id=uuid4(), structure_id=STRUCTURE.id, debut=date(2025, 1, 1)),
            fermee,
            CTX,
        )
    assert refus.value.champ == "structure_id" and "fermée" in refus.value.message


def test_ending_an_affiliation_leaves_the_aidant_without_structure() -> None:
    aidant = affilier(nouvel_aidant(), date(2025, 1, 1))
    commande = TerminerAffiliation(
        command_id=uuid4(), structure_id=STRUCTURE.id, fin=date(2026, 1, 31)
    )
    aidant = appliquer(aidant, terminer_affiliation(aidant, commande, CTX))
    assert aidant.affiliations[0].fin == date(2026, 1, 31)
    assert aidant.structures_le(date(2026, 3, 1)) == ()
    with pytest.raises(DomainError):
        terminer_affiliation(aidant, commande, CTX)  # nothing left open


def test_training_and_pix_test_habilitate_once_until_the_first_expiry() -> None:
    # given an aidant trained to Aidants Connect
    aidant = nouvel_aidant()
    aidant = appliquer(aidant, qualifier(aidant, "formation_aidants_connect", date(2025, 9, 1)))
    assert not aidant.habilite_aidants_connect
    # when the PIX test (expiring in 2027) is recorded
    events = qualifier(
        aidant,
        "test_pix_aidants_connect",
        date(2025, 10, 1),
        expire_le=date(2027, 10, 1),
        score=512,
    )
    # then the habilitation follows, lasting as long as the test
    qualification, habilitation = events
    assert isinstance(qualification, QualificationEnregistree) and qualification.score == 512
    assert isinstance(habilitation, AidantHabiliteAidantsConnect)
    assert (habilitation.le, habilitation.expire_le) == (date(2026, 3, 1), date(2027, 10, 1))
    aidant = appliquer(aidant, events)
    # and another qualification does not habilitate again
    assert [type(e) for e in qualifier(aidant, "certification_pix", date(2026, 1, 5))] == [
        QualificationEnregistree
    ]


def test_an_expired_pix_test_does_not_habilitate() -> None:
    aidant = nouvel_aidant()
    aidant = appliquer(aidant, qualifier(aidant, "formation_aidants_connect", date(2024, 1, 1)))
    events = qualifier(
        aidant, "test_pix_aidants_connect", date(2024, 2, 1), expire_le=date(2026, 2, 1)
    )
    assert [type(e) for e in events] == [QualificationEnregistree]


def test_the_same_qualification_twice_is_a_no_op() -> None:
    aidant = nouvel_aidant()
    aidant = appliquer(aidant, qualifier(aidant, "certification_pix", date(2025, 5, 1)))
    assert qualifier(aidant, "certification_pix", date(2025, 5, 1)) == []
    assert len(qualifier(aidant, "certification_pix", date(2025, 6, 1))) == 1


def test_qualification_values_are_checked() -> None:
    aidant = nouvel_aidant()
    cas = [
        (("diplome", date(2025, 1, 1)), {}, "type"),
        (("certification_pix", date(2027, 1, 1)), {}, "obtenue_le"),
        (("certification_pix", date(2025, 1, 1)), {"expire_le": date(2024, 1, 1)}, "expire_le"),
        (("label", date(2025, 1, 1)), {}, "libelle"),
        (("label", date(2025, 1, 1)), {"libelle": "Label inventé"}, "libelle"),
        (("certification_pix", date(2025, 1, 1)), {"score": 300}, "score"),
        (("test_pix_aidants_connect", date(2025, 1, 1)), {"score": 5000}, "score"),
    ]
    for (type_, le), extra, champ in cas:
        with pytest.raises(DomainError) as refus:
            qualifier(aidant, type_, le, **extra)
        assert refus.value.champ == champ, (type_, extra)
    [label] = qualifier(aidant, "label", date(2025, 1, 1), libelle="Étapes numériques (La Poste)")
    assert isinstance(label, QualificationEnregistree)
    assert label.libelle == "Étapes numériques(La Poste)"


def test_a_withdrawn_habilitation_comes_back_only_with_new_qualifications() -> None:
    # given a habilitated aidant
    aidant = nouvel_aidant()
    aidant = appliquer(aidant, qualifier(aidant, "formation_aidants_connect", date(2025, 9, 1)))
    aidant = appliquer(aidant, qualifier(aidant, "test_pix_aidants_connect", date(2025, 9, 2)))
    assert aidant.habilite_aidants_connect
    # when it is withdrawn
    [retrait] = retirer_habilitation(
        aidant, RetirerHabilitation(command_id=uuid4(), motif="Départ de la structure"), CTX
    )
    assert isinstance(retrait, HabilitationRetiree)
    aidant = appliquer(aidant, [retrait])
    # then an unrelated qualification does not give it back
    autre = qualifier(aidant, "certification_pix", date(2026, 2, 1))
    assert [type(e) for e in autre] == [QualificationEnregistree]
    aidant = appliquer(aidant, autre)
    # but a new training and test do
    aidant = appliquer(aidant, qualifier(aidant, "formation_aidants_connect", date(2026, 2, 10)))
    events = qualifier(aidant, "test_pix_aidants_connect", date(2026, 2, 11))
    assert isinstance(events[-1], AidantHabiliteAidantsConnect)
    # and withdrawing from a non-habilitated aidant is refused
    with pytest.raises(DomainError) as refus:
        retirer_habilitation(
            nouvel_aidant(), RetirerHabilitation(command_id=uuid4(), motif="x"), CTX
        )
    assert refus.value.champ == "habilitation"


def _champs(structure: Structure) -> dict[str, object]:
    return {k: getattr(structure, k) for k in structure.__struct_fields__}
