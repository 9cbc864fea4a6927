"""Pass numérique: an order, carnets handed out by range, given to a person, then each pass
scanned once, within validity and after the carnet was given."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.base import Contexte
from domain.errors import DomainError, IntrouvableError
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.decide import (
    injecter_carnet,
    passer_commande,
    remettre_carnets,
    scanner_pass,
)
from domain.pass_numerique.events import CarnetInjecte, PassScanne
from domain.pass_numerique.referentiel import fin_tolerance
from domain.pass_numerique.state import carnet_id, fold_carnet, fold_commande

CTX = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))
COMMANDE = uuid.uuid4()
DISTRIBUTEUR = uuid.uuid4()
LIEU = uuid.uuid4()


def _commande(**valeurs: object) -> list[object]:
    base: dict[str, object] = {
        "command_id": uuid.uuid4(),
        "commanditaire": "Conseil départemental de la Nièvre",
        "perimetre_niveau": "departement",
        "perimetre_code": "58",
        "date_commande": date(2025, 3, 1),
        "nb_carnets": 20,
    }
    return list(passer_commande(COMMANDE, PasserCommande(**(base | valeurs)), True, CTX))  # type: ignore[arg-type]


def _remise(debut: int, fin: int, jour: date = date(2025, 3, 10)) -> RemettreCarnets:
    return RemettreCarnets(
        command_id=uuid.uuid4(),
        numero_debut=debut,
        numero_fin=fin,
        distributeur_structure_id=DISTRIBUTEUR,
        date_remise=jour,
    )


def _scan(carnet: int, numero_pass: int, jour: date) -> ScannerPass:
    return ScannerPass(
        command_id=uuid.uuid4(),
        numero_carnet=carnet,
        numero_pass=numero_pass,
        lieu_id=LIEU,
        date_scan=jour,
    )


def _distribuee() -> list[object]:
    history = _commande()
    return history + remettre_carnets(fold_commande(history), _remise(1, 10), True, CTX)


def test_an_order_takes_the_standard_carnet_and_validity_by_default() -> None:
    etat = fold_commande(_commande())
    assert etat is not None
    # 10 pass of 10 € each, valid until 31/12 of the order's year
    assert (etat.pass_par_carnet, etat.valeur_faciale, etat.date_validite) == (
        10,
        1000,
        date(2025, 12, 31),
    )
    assert fin_tolerance(date(2025, 12, 31)) == date(2026, 1, 31)
    assert fin_tolerance(date(2025, 1, 31)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("valeurs", "champ"),
    [
        ({"perimetre_niveau": "canton"}, "perimetre_niveau"),
        ({"nb_carnets": 0}, "nb_carnets"),
        ({"pass_par_carnet": 60}, "pass_par_carnet"),
        ({"date_validite": date(2025, 1, 1)}, "date_validite"),
        ({"commanditaire": " "}, "commanditaire"),
    ],
)
def test_invalid_orders_are_refused_naming_the_field(
    valeurs: dict[str, object], champ: str
) -> None:
    with pytest.raises(DomainError) as refus:
        _commande(**valeurs)
    assert refus.value.champ == champ


def test_an_unknown_perimeter_is_refused() -> None:
    with pytest.raises(DomainError) as refus:
        passer_commande(
            COMMANDE,
            PasserCommande(
                command_id=uuid.uuid4(),
                commanditaire="X",
                perimetre_niveau="departement",
                perimetre_code="999",
                date_commande=date(2025, 3, 1),
                nb_carnets=1,
            ),
            False,
            CTX,
        )
    assert refus.value.champ == "perimetre_code"


def test_ranges_handed_out_cannot_overlap_nor_exceed_the_order() -> None:
    history = _distribuee()
    etat = fold_commande(history)
    assert etat is not None and len(etat.remises) == 1
    with pytest.raises(DomainError) as chevauche:
        remettre_carnets(etat, _remise(8, 12), True, CTX)
    assert chevauche.value.champ == "numero_debut"
    assert "8 à 10" in chevauche.value.message
    with pytest.raises(DomainError) as trop:
        remettre_carnets(etat, _remise(15, 21), True, CTX)
    assert trop.value.champ == "numero_fin"
    with pytest.raises(DomainError) as personne:
        remettre_carnets(
            etat,
            RemettreCarnets(
                command_id=uuid.uuid4(),
                numero_debut=11,
                numero_fin=12,
                date_remise=date(2025, 4, 1),
            ),
            True,
            CTX,
        )
    assert personne.value.champ == "distributeur_structure_id"
    with pytest.raises(IntrouvableError):
        remettre_carnets(None, _remise(1, 1), True, CTX)


def test_a_carnet_is_given_once_by_the_distributor_holding_it() -> None:
    commande = fold_commande(_distribuee())
    injection = InjecterCarnet(
        command_id=uuid.uuid4(), numero_carnet=3, date_injection=date(2025, 3, 20)
    )
    [event] = injecter_carnet(commande, None, injection, False, CTX)
    assert isinstance(event, CarnetInjecte)
    assert event.originator_id == carnet_id(COMMANDE, 3)
    assert event.distributeur_structure_id == DISTRIBUTEUR
    carnet = fold_carnet([event])
    with pytest.raises(DomainError) as deux_fois:
        injecter_carnet(commande, carnet, injection, False, CTX)
    assert deux_fois.value.champ == "numero_carnet"
    # a carnet not handed to a distributor yet
    with pytest.raises(DomainError) as pas_remis:
        injecter_carnet(
            commande,
            None,
            InjecterCarnet(
                command_id=uuid.uuid4(), numero_carnet=15, date_injection=date(2025, 3, 20)
            ),
            False,
            CTX,
        )
    assert "distributeur" in pas_remis.value.message
    # before the distributor got it, or to an unknown person
    for valeurs, champ in (
        ({"date_injection": date(2025, 3, 5)}, "date_injection"),
        ({"beneficiaire_id": uuid.uuid4()}, "beneficiaire_id"),
    ):
        with pytest.raises(DomainError) as refus:
            injecter_carnet(
                commande,
                None,
                InjecterCarnet(
                    **{  # type: ignore[arg-type]
                        "command_id": uuid.uuid4(),
                        "numero_carnet": 4,
                        "date_injection": date(2025, 3, 20),
                    }
                    | valeurs
                ),
                False,
                CTX,
            )
        assert refus.value.champ == champ


def test_each_pass_is_scanned_once_within_validity_after_injection() -> None:
    commande = fold_commande(_distribuee())
    injection = injecter_carnet(
        commande,
        None,
        InjecterCarnet(command_id=uuid.uuid4(), numero_carnet=3, date_injection=date(2025, 3, 20)),
        False,
        CTX,
    )
    carnet = fold_carnet(injection)
    [scan] = scanner_pass(commande, carnet, _scan(3, 1, date(2025, 4, 2)), True, CTX)
    assert isinstance(scan, PassScanne) and scan.originator_version == 2
    carnet = fold_carnet([*injection, scan])
    assert carnet is not None and carnet.scannes == frozenset({1})
    # the tolerance month still accepts a scan (31/01 of the next year)
    assert scanner_pass(commande, carnet, _scan(3, 2, date(2026, 1, 31)), True, CTX)
    cas = [
        (carnet, _scan(3, 1, date(2025, 4, 3)), True, "numero_pass", "déjà été scanné"),
        (carnet, _scan(3, 11, date(2025, 4, 3)), True, "numero_pass", "1 à 10"),
        (carnet, _scan(3, 2, date(2026, 2, 1)), True, "date_scan", "plus valables"),
        (carnet, _scan(3, 2, date(2025, 3, 19)), True, "date_scan", "précède"),
        (carnet, _scan(3, 2, date(2025, 4, 3)), False, "lieu_id", "lieu"),
        (None, _scan(4, 1, date(2025, 4, 3)), True, "numero_carnet", "injection"),
    ]
    for etat_carnet, commande_scan, lieu_existe, champ, extrait in cas:
        with pytest.raises(DomainError) as refus:
            scanner_pass(commande, etat_carnet, commande_scan, lieu_existe, CTX)
        assert refus.value.champ == champ
        assert extrait in refus.value.message
