"""MedNum's XLSX against La Coop's own layout (tests/data/coop/, written field by field from
La Coop's code): headers, the rows above them, labels; and La Coop's files read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from domain.activites.referentiel import MATERIELS, STRUCTURES_REDIRECTION, TYPES_LIEU
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from mednum.echanges import coop_format as coop
from mednum.echanges.coop_xlsx import classeur, lire_classeur
from mednum.echanges.import_coop import corps_commande

COOP = Path(__file__).parents[1] / "data" / "coop"
MEDIATEUR = (COOP / "coop-export-mediateur.xlsx").read_bytes()
COORDINATEUR = (COOP / "coop-export-coordinateur.xlsx").read_bytes()
ATELIER = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"


def rangees(contenu: bytes) -> list[tuple[Any, ...]]:
    return list(load_workbook(io.BytesIO(contenu)).worksheets[0].iter_rows(values_only=True))


def rang_entete(lignes: list[tuple[Any, ...]]) -> int:
    return next(i for i, r in enumerate(lignes) if "ID CRA" in r)


def notre_export(soi_meme: bool = True) -> bytes:
    ligne = {c: "" for c in coop.entetes(False, True) + coop.entetes(True)}
    return classeur(
        [ligne | {"Date": dt.datetime(2026, 10, 14), "ID CRA": "x"}],
        [],
        soi_meme=soi_meme,
        nom="med@example.fr",
        role="Médiateur",
        periode=None,
        exporte_le=dt.datetime(2026, 12, 4, 18, 47),
    )


def test_our_header_row_is_la_coops_word_for_word() -> None:
    # given La Coop's self export (the fixture) and ours
    coop_lignes, nos_lignes = rangees(MEDIATEUR), rangees(notre_export())
    # then the header rows are equal, typographic apostrophes included, on the same row
    assert rang_entete(nos_lignes) == rang_entete(coop_lignes) == 21
    entete = [c for c in coop_lignes[21] if c is not None]
    assert [c for c in nos_lignes[21] if c is not None] == entete
    assert "Tranche d’âge du bénéficiaire" in entete and "Tranche d'âge" not in entete
    # and the block above says the same things in column A, in the same order
    assert [r[0] if r else None for r in nos_lignes[:21]] == [
        r[0] if r else None for r in coop_lignes[:21]
    ]
    # and the sheet has La Coop's name
    assert load_workbook(io.BytesIO(notre_export())).sheetnames[0] == "Activités"


def test_an_admins_export_is_la_coops_coordinator_layout() -> None:
    coop_entete = [c for c in rangees(COORDINATEUR)[22] if c is not None]
    nos = rangees(notre_export(soi_meme=False))
    notre_entete = [c for c in nos[rang_entete(nos)] if c is not None]
    # La Coop adds « Source de la donnée » only for a mediator with V1 records: we have none
    assert notre_entete == [c for c in coop_entete if c != "Source de la donnée"]


@pytest.mark.parametrize(
    ("nos_valeurs", "labels"),
    [
        (TYPES_LIEU, coop.CANAUX),
        (MATERIELS, coop.MATERIELS),
        (STRUCTURES_REDIRECTION, coop.REDIRECTIONS),
        (GENRES, coop.GENRES),
        (TRANCHES_AGE, coop.TRANCHES),
        (STATUTS_SOCIAUX, coop.STATUTS),
    ],
)
def test_every_value_we_store_has_a_la_coop_label(
    nos_valeurs: dict[str, str], labels: dict[str, str]
) -> None:
    assert nos_valeurs.keys() == labels.keys()


def test_la_coops_labels_in_the_fixture_are_ours() -> None:
    # given every multi-valued and labelled cell of La Coop's file
    lignes = lire_classeur(MEDIATEUR).lignes
    cellules = {
        "Canaux d’accompagnement": set(coop.CANAUX.values()),
        "Structure de redirection": set(coop.REDIRECTIONS.values()) | {""},
        "Genre du bénéficiaire": set(coop.GENRES.values()),
        "Tranche d’âge du bénéficiaire": set(coop.TRANCHES.values()),
        "Statut du bénéficiaire": set(coop.STATUTS.values()),
        "Type": set(coop.TYPES.values()),
    }
    # then each is one of our La Coop labels
    for colonne, connus in cellules.items():
        assert {ligne[colonne] for ligne in lignes} <= connus, colonne
    assert {m for ligne in lignes for m in ligne["Matériel numérique utilisé"].split("\n")} <= set(
        coop.MATERIELS.values()
    )


def test_la_coops_files_are_read_below_their_title_rows_in_both_layouts() -> None:
    for contenu, numero in ((MEDIATEUR, 23), (COORDINATEUR, 24)):
        lu = lire_classeur(contenu)
        assert len(lu.lignes) == 6 and lu.lignes[0]["_ligne"] == numero
        assert lu.lignes[0]["Genre du bénéficiaire"] == "Féminin"


def sans_lieu(_nom: str, _insee: str) -> None:
    return None


def groupes() -> dict[str, list[dict[str, Any]]]:
    par_id: dict[str, list[dict[str, Any]]] = {}
    for ligne in lire_classeur(MEDIATEUR).lignes:
        par_id.setdefault(ligne["ID CRA"], []).append(ligne)
    return par_id


def test_an_individual_row_becomes_the_command_la_coop_describes() -> None:
    # given La Coop's first row (line-broken values, tags, a referral, 2/3 autonomy)
    rangs = groupes()["3f2b8c1e-6a4d-4c1b-9e7a-1d2c3b4a5f60"]
    corrections: list[str] = []
    # when it is read as a command
    corps = corps_commande(rangs, None, sans_lieu, dt.date(2026, 12, 4), corrections)
    # then every field is La Coop's, in our values
    assert corps["type"] == "individuel" and corps["date"] == "2026-10-14"
    assert corps["duree"] == 45
    assert corps["materiel"] == ["ordinateur", "telephone"]
    assert corps["thematiques"] == ["email", "aide_aux_demarches_administratives", "social_sante"]
    assert corps["tags"] == ["Seniors", "Quartier des Grésilles"]
    assert corps["precisions_demarche"] == "Complémentaire santé solidaire"
    assert corps["autonomie"] == "partiellement_autonome"
    assert corps["oriente_vers_structure"] is True
    assert corps["structure_de_redirection"] == "aide_sociale"
    assert corps["profil"] == {
        "genre": "feminin",
        "tranche_age": "soixante_dix_plus",
        "statut_social": "retraite",
        "commune_residence": "21231",
    }
    # and a place missing from our registry becomes « Autre lieu » in its commune, said
    assert corps["type_lieu"] == "autre" and corps["commune"] == "21231"
    assert "Médiathèque Champollion" in corrections[0]
    assert "motif_retard" not in corps  # 51 days old: no reason needed


def test_a_workshops_rows_become_one_workshop_with_counts() -> None:
    rangs = groupes()[ATELIER]
    corps = corps_commande(rangs, None, sans_lieu, dt.date(2026, 12, 4), [])
    assert corps["type"] == "collectif" and corps["titre_atelier"] == "Premiers pas sur la tablette"
    assert corps["niveau"] == "debutant"  # « 1/3 »
    assert corps["tags"] == ["Atelier d’initiation"]
    assert corps["thematiques"] == ["prendre_en_main_du_materiel", "navigation_sur_internet"]
    assert corps["participants"] == {
        "total": 3,
        "deja_accompagne": 0,
        "genres": {"feminin": 1, "masculin": 1},
        "tranches_age": {"soixante_soixante_neuf": 1, "soixante_dix_plus": 1},
        "statuts_sociaux": {"retraite": 2},
    }


# MedNum's export before it followed La Coop exactly (mednum/echanges/coop_xlsx.py at 70018fe).
ANCIENNES_COLONNES = [
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Type",
    "Participants",
    "Bénéficiaire",
    "Canaux d'accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l'atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d'accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d'autonomie (ou de l'atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre",
    "Tranche d'âge",
    "Statut",
    "Notes supplémentaires",
    "Source de la donnée",
    "ID CRA",
]


def test_an_older_mednum_export_is_still_read() -> None:
    # given an export in MedNum's former spellings: straight apostrophes, « Genre », « , »
    wb = Workbook()
    feuille = wb.active
    assert feuille is not None
    feuille.append(["Export des activités — med@example.fr"])
    feuille.append(["Exporté le", "01/12/2026 à 10:00"])
    feuille.append(["Filtres", "du début au aujourd'hui"])
    feuille.append([])
    feuille.append(ANCIENNES_COLONNES)
    commun = {"Date": "20/11/2026", "Durée (min)": 90, "Source de la donnée": "MedNum"}
    commun |= {"Canaux d'accompagnement": "À domicile", "Code Insee": "21231"}
    individuel = commun | {
        "Type": "Accompagnement individuel",
        "Participants": "1/1",
        "Matériel numérique utilisé": "Ordinateur, Téléphone",
        "Thématique(s) d'accompagnement": "E-mail, Aide aux démarches administratives",
        "Niveau d'autonomie (ou de l'atelier)": "3/3",
        "Bénéficiaire réorienté": "Oui",
        "Structure de redirection": "Structure d'aide sociale (maison des solidarités, centre "
        "social…)",
        "Genre": "Masculin",
        "Tranche d'âge": "18 - 24 ans",
        "Statut": "En emploi",
        "ID CRA": "a",
    }
    atelier = commun | {
        "Type": "Atelier collectif",
        "Participants": "1/1",
        "Nom de l'atelier": "Envoyer un courriel",
        "Niveau d'autonomie (ou de l'atelier)": "Intermédiaire",
        "Thématique(s) d'accompagnement": "E-mail",
        "Genre": "Non communiqué",
        "ID CRA": "b",
    }
    for ligne in (individuel, atelier):
        feuille.append([ligne.get(c) for c in ANCIENNES_COLONNES])
    sortie = io.BytesIO()
    wb.save(sortie)
    # when it is read
    par_id = {ligne["ID CRA"]: [ligne] for ligne in lire_classeur(sortie.getvalue()).lignes}
    ind = corps_commande(par_id["a"], None, sans_lieu, dt.date(2026, 12, 4), [])
    ate = corps_commande(par_id["b"], None, sans_lieu, dt.date(2026, 12, 4), [])
    # then its values come back as ours
    assert ind["date"] == "2026-11-20" and ind["type_lieu"] == "domicile"
    assert ind["materiel"] == ["ordinateur", "telephone"]
    assert ind["thematiques"] == ["email", "aide_aux_demarches_administratives"]
    assert ind["autonomie"] == "autonome" and ind["structure_de_redirection"] == "aide_sociale"
    assert ind["profil"]["genre"] == "masculin"
    assert ind["profil"]["tranche_age"] == "dix_huit_vingt_quatre"
    assert ind["profil"]["statut_social"] == "en_emploi"
    assert ate["niveau"] == "intermediaire" and ate["titre_atelier"] == "Envoyer un courriel"
