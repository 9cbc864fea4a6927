"""Matching and ranking places for a proposal."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.orientation.classement import LieuCandidat, classer, convient
from domain.orientation.moteur import Situation, proposer

OUTILS = "Maîtrise des outils numériques du quotidien"


def lieu(n: int, distance: float, **champs: object) -> LieuCandidat:
    valeurs: dict[str, object] = {"services": [OUTILS], **champs}
    return LieuCandidat(
        id=UUID(int=n),
        nom=f"Lieu {n}",
        distance_km=distance,
        **valeurs,  # type: ignore[arg-type]
    )


R3 = proposer(Situation(niveau=1))[0]


def test_places_without_the_service_are_left_out() -> None:
    # given a place offering only leisure
    loisirs = lieu(1, 1.0, services=["Loisirs et créations numériques"])
    # then it does not fit R3
    assert not convient(loisirs, R3)
    assert classer([loisirs, lieu(2, 3.0)], R3)[0].id == UUID(int=2)


def test_nearest_first_when_nothing_else_differs() -> None:
    # given three equal places at different distances
    lieux = [lieu(1, 8.0), lieu(2, 0.4), lieu(3, 2.0)]
    # when ranked
    classes = classer(lieux, R3)
    # then by distance, each saying how far
    assert [p.id.int for p in classes] == [2, 3, 1]
    assert classes[0].raisons[0] == "à 400 m"
    assert classes[1].raisons[0] == "à 2,0 km"


def test_opening_hours_matching_availability_beat_a_little_distance() -> None:
    # given a near place open only on weekday mornings and a farther one open on Saturdays
    matin = lieu(1, 1.0, horaires="Mo-Fr 09:00-12:00")
    samedi = lieu(2, 3.0, horaires="Sa 09:00-12:00")
    # when the person is free on Saturdays only
    classes = classer([matin, samedi], R3, disponibilites=("samedi",))
    # then the Saturday place comes first, and the other says it is closed then
    assert [p.id.int for p in classes] == [2, 1]
    assert "ouvert le samedi" in classes[0].raisons
    assert "fermé aux moments où vous êtes disponible" in classes[1].raisons


def test_unknown_hours_rank_between_open_and_closed() -> None:
    ouvert = lieu(1, 2.0, horaires="Mo-Fr 14:00-17:00")
    inconnu = lieu(2, 2.0)
    ferme = lieu(3, 2.0, horaires="Mo-Fr 09:00-11:00")
    classes = classer([ferme, inconnu, ouvert], R3, disponibilites=("apres_midi",))
    assert [p.id.int for p in classes] == [1, 2, 3]
    assert "horaires non renseignés" in classes[1].raisons[1]


def test_preferred_support_mode_raises_the_rank() -> None:
    individuel = lieu(1, 3.0, modalites_accompagnement=["Accompagnement individuel"])
    atelier = lieu(2, 2.5, modalites_accompagnement=["Dans un atelier collectif"])
    classes = classer([atelier, individuel], R3)
    assert [p.id.int for p in classes] == [1, 2]
    assert "propose : accompagnement individuel" in classes[0].raisons


def test_r1_needs_an_aidants_connect_or_france_services_place() -> None:
    r1 = proposer(Situation(niveau=0, drapeaux=("demarche_urgente",)))[0]
    demarches = "Aide aux démarches administratives"
    sans = lieu(1, 0.5, services=[demarches])
    habilite = lieu(
        2, 5.0, services=[demarches], dispositif_programmes_nationaux=["France Services"]
    )
    classes = classer([sans, habilite], r1)
    assert [p.id.int for p in classes] == [2]
    assert "label France Services" in classes[0].raisons


def test_r7_keeps_only_places_with_the_matching_support() -> None:
    r3 = proposer(Situation(niveau=1, drapeaux=("handicap_auditif",)))[0]
    entendant = lieu(1, 0.5)
    adapte = lieu(2, 6.0, prise_en_charge_specifique=["Surdité", "Illettrisme"])
    classes = classer([entendant, adapte], r3)
    assert [p.id.int for p in classes] == [2]
    assert "accueil adapté : surdité" in classes[0].raisons


def test_reduced_mobility_favours_itinerant_and_remote_help() -> None:
    individuel = ["Accompagnement individuel"]
    fixe = lieu(1, 1.0, modalites_accompagnement=individuel)
    itinerant = lieu(2, 2.0, itinerance=["Itinérant"], modalites_accompagnement=individuel)
    distance = lieu(3, 2.0, modalites_accompagnement=[*individuel, "À distance"])
    classes = classer([fixe, itinerant, distance], R3, mobilite_reduite=True)
    assert classes[-1].id.int == 1
    assert any("itinérant" in r for r in classes[0].raisons + classes[1].raisons)
    # without reduced mobility, the nearest comes first
    assert classer([fixe, itinerant, distance], R3)[0].id.int == 1


def test_ties_are_broken_by_id_so_the_order_is_stable() -> None:
    classes = classer([lieu(9, 1.0), lieu(3, 1.0)], R3)
    assert [p.id.int for p in classes] == [3, 9]


def test_at_most_limite_places_and_unknown_slots_are_a_programming_error() -> None:
    assert len(classer([lieu(n, float(n)) for n in range(1, 9)], R3, limite=3)) == 3
    with pytest.raises(ValueError):
        classer([lieu(1, 1.0)], R3, disponibilites=("nuit",))
