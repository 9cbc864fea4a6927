"""The legacy standard v0.1.x converted to v1.0.2: every old value has its place, and says it."""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from domain.lieux.referentiel import SERVICES
from domain.lieux.standard import MODALITES_ACCOMPAGNEMENT, PRESENTATION_RESUME_MAX, VALIDATEURS
from domain.lieux.standard_v01 import (
    ACCOMPAGNEMENTS_V01,
    CONDITIONS_V01,
    LABELS_V01,
    PUBLICS_V01,
    SERVICES_V01,
    convertir_ligne_v01,
    convertir_valeurs,
    coordonnees_remises_dans_l_ordre,
    est_au_format_v01,
)
from tests.standard_outils import SCHEMA_V01, enumeration


def enumeration_v01(champ: str) -> set[str]:
    """The values of a v0.1.1 column, read from the schema."""
    return set(enumeration(SCHEMA_V01, champ))


@pytest.mark.parametrize(
    ("champ", "table"),
    [
        ("services", SERVICES_V01),
        ("publics_accueillis", PUBLICS_V01),
        ("conditions_acces", CONDITIONS_V01),
        ("labels_nationaux", LABELS_V01),
        ("modalites_accompagnement", ACCOMPAGNEMENTS_V01),
    ],
)
def test_every_old_value_of_the_v011_schema_has_a_mapping(
    champ: str, table: dict[str, object]
) -> None:
    assert set(table) == enumeration_v01(champ)


def test_the_15_old_services_become_the_9_of_v1() -> None:
    assert len(SERVICES_V01) == 15
    assert set(SERVICES_V01.values()) <= set(SERVICES)
    # Every v1 service but the one v0.1 had no word for is reached.
    assert set(SERVICES) - set(SERVICES_V01.values()) == {"Utilisation sécurisée du numérique"}


def test_mapped_values_are_exact_values_of_the_v1_enumerations() -> None:
    cibles = [
        c
        for table in (PUBLICS_V01, CONDITIONS_V01, LABELS_V01)
        for cs in table.values()
        for c in cs
    ]
    for colonne, valeur in cibles:
        assert VALIDATEURS[colonne]([valeur]) == (valeur,), (colonne, valeur)
    assert set(ACCOMPAGNEMENTS_V01.values()) <= set(MODALITES_ACCOMPAGNEMENT)


def test_a_legacy_row_becomes_a_v1_row_and_lists_its_fixes() -> None:
    # given a v0.1 row: `;` lists, old columns and values
    ancienne = {
        "id": "bib-1",
        "typologie": "BIB;MUNI",
        "site_web": "https://a.example.fr/;https://b.example.fr/",
        "courriel": "contact@bib.fr",
        "accessibilite": "https://acceslibre.beta.gouv.fr/app/x/",
        "cle_ban": "21231_2440_00003",
        "services": "Prendre en main un ordinateur;Accéder à du matériel",
        "publics_accueillis": "Seniors (+ 65 ans);Surdité;Adultes",
        "conditions_acces": "Accepte le Pass numérique : Il est possible d'utiliser un Pass "
        "numérique pour accéder au lieu;Adhésion",
        "labels_nationaux": "CNFS;Fabriques de Territoire;French Tech",
        "labels_autres": "Label local",
    }
    # when it is converted
    ligne, corrections = convertir_ligne_v01(ancienne)
    # then the v1 columns hold v1 values with `|`, and no v0.1-only column is left
    assert ligne == {
        "id": "bib-1",
        "typologie": "BIB|MUNI",
        "site_web": "https://a.example.fr/|https://b.example.fr/",
        "courriels": "contact@bib.fr",
        "fiche_acces_libre": "https://acceslibre.beta.gouv.fr/app/x/",
        "services": "Prendre en main un ordinateur|Accéder à du matériel",  # mapped with v1's
        "publics_specifiquement_adresses": "Seniors",
        "prise_en_charge_specifique": "Surdité",
        "frais_a_charge": "Gratuit sous condition|Payant",
        "autres_formations_labels": "Label local|Pass numérique|French Tech",
        "dispositif_programmes_nationaux": "Conseillers numériques",
        "formations_labels": "Fabriques de Territoire",
    }
    texte = "\n".join(corrections)
    assert "« Adultes » ignoré" in texte
    assert "« Accepte le Pass numérique » → frais_a_charge « Gratuit sous condition »" in texte
    assert "« CNFS » → dispositif_programmes_nationaux « Conseillers numériques »" in texte
    assert "cle_ban ignorée" in texte


def test_old_services_and_accompaniments_are_mapped_and_said() -> None:
    # given old services, one with a typographic apostrophe, and a v1 one
    morceaux = [
        "S’équiper en matériel informatique",
        "Devenir autonome dans les démarches administratives",
        "Accompagner les démarches de santé",
        "Loisirs et créations numériques",
    ]
    # when they are converted
    services, corrections = convertir_valeurs("services", morceaux)
    # then they are v1 services, each once, and the fix names the old ones
    assert services == [
        "Acquisition de matériel informatique à prix solidaire",
        "Aide aux démarches administratives",
        "Loisirs et créations numériques",
    ]
    assert corrections == [
        "services (v0.1) : « S'équiper en matériel informatique » → « Acquisition de matériel "
        "informatique à prix solidaire » ; « Devenir autonome dans les démarches "
        "administratives », « Accompagner les démarches de santé » → « Aide aux démarches "
        "administratives »"
    ]
    modalites, _ = convertir_valeurs(
        "modalites_accompagnement", ["Seul", "A ma place", "À distance"]
    )
    assert modalites == ["En autonomie", "Accompagnement individuel", "À distance"]


@pytest.mark.parametrize(
    ("champ", "saisi", "attendu"),
    [
        ("formations_labels", "Étapes numériques (La Poste)", "Étapes numériques(La Poste)"),
        ("services", "Comprehension du monde numérique", "Compréhension du monde numérique"),
    ],
)
def test_the_standards_misspellings_are_fixed_and_said(
    champ: str, saisi: str, attendu: str
) -> None:
    valeurs, corrections = convertir_valeurs(champ, [saisi])
    assert valeurs == [attendu]
    assert corrections == [f"{champ} : « {saisi} » écrit « {attendu} »"]


def test_v1_and_unknown_values_pass_through_for_the_v1_rules() -> None:
    # given a v1 value and an unknown one
    valeurs, corrections = convertir_valeurs(
        "services", ["Aide aux démarches administratives", "Tricot"]
    )
    # then nothing is said: the v1 rules refuse "Tricot" by name
    assert (valeurs, corrections) == (["Aide aux démarches administratives", "Tricot"], [])


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("conditions_acces", "Gratuit pour les adhérents"),
        ("publics_accueillis", "Tout public"),
        ("labels_nationaux", "Pix"),
    ],
)
def test_an_unknown_old_value_is_refused_by_name_in_french(champ: str, valeur: str) -> None:
    with pytest.raises(DomainError) as refus:
        convertir_ligne_v01({"id": "x", champ: valeur})
    assert refus.value.champ == champ
    assert f"Valeur inconnue pour « {champ} » (ancien standard v0.1) : « {valeur} »" in (
        refus.value.message
    )
    assert "Valeurs possibles" in refus.value.message


def test_a_long_legacy_summary_is_cut_and_kept_whole_as_the_detail() -> None:
    resume = "Un lieu accueillant. " * 20  # 420 characters: v0.1 allowed 500, v1 280
    ligne, corrections = convertir_ligne_v01({"id": "x", "presentation_resume": resume})
    assert len(ligne["presentation_resume"]) <= PRESENTATION_RESUME_MAX
    coupe = ligne["presentation_resume"]
    assert coupe.endswith("…") and resume.startswith(coupe[:-1] + " ")  # cut between words
    assert ligne["presentation_detail"] == resume.strip()
    assert corrections == [
        "presentation_resume de 419 caractères raccourcie à 280 "
        "(texte entier repris en presentation_detail)"
    ]


def test_swapped_coordinates_are_put_back_in_order_and_others_left_alone() -> None:
    assert coordonnees_remises_dans_l_ordre(5.04231, 47.32271) == (47.32271, 5.04231)
    assert coordonnees_remises_dans_l_ordre(47.32271, 5.04231) is None  # already right
    assert coordonnees_remises_dans_l_ordre(47.0, -10.0) is None  # at sea either way


def test_the_legacy_format_is_told_by_its_own_columns() -> None:
    assert est_au_format_v01(["id", "nom", "courriel", "services"])
    assert est_au_format_v01(["id", "conditions_acces "])
    assert not est_au_format_v01(["id", "nom", "courriels", "services", "frais_a_charge"])
