"""The indicator dictionary: complete, unique, ordered, and the method annex built from it."""

from __future__ import annotations

import msgspec

from domain.evaluation.indicateurs import INDICATEURS, cle_tri
from domain.evaluation.methode import definitions_methode

ATTENDUS = [
    "M1.1",
    "M1.2",
    "M1.3",
    "M1.5",
    "M1.6",
    "M1.7",
    "M2.1",
    "M2.2",
    "M2.3",
    "M2.4",
    "M3.1",
    "M3.2",
    "M4.1",
    "M4.2",
    "M4.3",
    "M4.4",
    "M4.5",
    "M4.6",
    "M4.7",
    "M4.8",
    "M4.9",
    "M4.10",
    "M4.12",
    "M4.13",
    "M4.14",
]


def test_every_indicator_of_the_brief_is_there_in_numeric_order() -> None:
    assert list(INDICATEURS) == ATTENDUS
    assert cle_tri("M4.2") < cle_tri("M4.10") < cle_tri("M4.12")


def test_ids_are_unique_and_every_field_is_filled() -> None:
    for identifiant, indicateur in INDICATEURS.items():
        assert indicateur.id == identifiant
        assert indicateur.mission == cle_tri(identifiant)[0]
        for champ, valeur in msgspec.structs.asdict(indicateur).items():
            assert valeur not in ("", None), (identifiant, champ)


def test_the_method_states_its_approximations() -> None:
    assert "84 %" in INDICATEURS["M4.12"].definition
    assert "15,4 %" in INDICATEURS["M4.12"].definition
    assert "commune qui a elle-même" in INDICATEURS["M1.6"].definition
    assert "sessions de formation" in INDICATEURS["M1.5"].definition


def test_the_method_annex_lists_the_conventions_then_every_indicator() -> None:
    annexe = definitions_methode(seuil=11)
    ids = [d.id for d in annexe]
    assert ids == [
        "beneficiaire_unique",
        "secret_statistique",
        "cog",
        "periode_precedente",
        *ATTENDUS,
    ]
    assert len(set(ids)) == len(ids)
    secret = annexe[1]
    assert secret.libelle == "Secret statistique (seuil k = 11)"
    assert "« < 11 »" in secret.definition
    assert all(d.libelle and d.definition and d.formule and d.source for d in annexe)
    assert "« < 5 »" in definitions_methode(seuil=5)[1].definition
