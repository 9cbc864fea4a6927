"""Writes La Coop de la médiation numérique's activities export, as its code writes it, for the
import and export tests. Every header, label, separator and row of the header block is copied
from La Coop's TypeScript (see README.md for files and commit), not from MedNum's constants:
the tests compare MedNum with this file.

Run from the repository root: `python tests/data/coop/fabriquer.py` (needs openpyxl only).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table

ICI = Path(__file__).parent
# buildAccompagnementsWorksheet.ts: `const intraCellLineBreak = '\n'`
SAUT = "\n"


# buildAccompagnementsWorksheet.ts, `activitesTableHeaders`, with isSelfExport / hasCraV1.
def entetes(soi_meme: bool, cra_v1: bool) -> list[str]:
    return [
        "Date",
        "Enregistré le",
        "Dernière modification le",
        *([] if soi_meme else ["Prénom du médiateur", "Nom du médiateur", "Rôle", "ID - Conum"]),
        "Type",
        "Participants",
        *(["Bénéficiaire"] if soi_meme else []),
        "Canaux d’accompagnement",
        "Nom du lieu",
        "Adresse",
        "Commune",
        "Code postal",
        "Code Insee",
        "Durée (min)",
        "Nom de l’atelier",
        "Matériel numérique utilisé",
        "Thématique(s) d’accompagnement",
        "Tags",
        "Nom de la démarche administrative",
        "Niveau d’autonomie (ou de l’atelier)",
        "Bénéficiaire réorienté",
        "Structure de redirection",
        "Commune du bénéficiaire",
        "Code postal du bénéficiaire",
        "Code Insee du bénéficiaire",
        "Genre du bénéficiaire",
        "Tranche d’âge du bénéficiaire",
        "Statut du bénéficiaire",
        *(["Notes supplémentaires"] if soi_meme else []),
        *(["Source de la donnée"] if cra_v1 else []),
        "ID CRA",
    ]


# Three sessions and a three-person workshop, with La Coop's labels (files in README.md).
ID_INDIVIDUEL_1 = "3f2b8c1e-6a4d-4c1b-9e7a-1d2c3b4a5f60"
ID_INDIVIDUEL_2 = "8a7d6c5b-4e3f-4a2b-8c1d-0e9f8a7b6c5d"
ID_INDIVIDUEL_3 = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
ID_ATELIER = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"

COMMUNES_LIEU = ("Médiathèque Champollion", "14 rue Camille Flammarion", "Dijon", "21000", "21231")
LIGNES = [
    # Date, Enregistré le, Dernière modification le, Type, Participants, Bénéficiaire,
    # Canaux, Nom du lieu, Adresse, Commune, Code postal, Code Insee, Durée, Nom de l’atelier,
    # Matériel, Thématiques, Tags, Démarche, Niveau, Réorienté, Structure de redirection,
    # Commune / CP / Insee du bénéficiaire, Genre, Tranche d’âge, Statut, Notes, ID CRA
    [
        dt.datetime(2026, 10, 14),
        "14/10/2026 à 17:32",
        "15/10/2026 à 09:05",
        "Accompagnement individuel",
        1,
        "Bénéficiaire anonyme",
        "Lieu d’activité",
        *COMMUNES_LIEU,
        45,
        "",
        SAUT.join(["Ordinateur", "Téléphone"]),
        SAUT.join(["E-mail", "Aide aux démarches administratives", "Social - Santé"]),
        SAUT.join(["Seniors", "Quartier des Grésilles"]),
        "Complémentaire santé solidaire",
        "2/3",
        "Oui",
        "Structure d’aide sociale (maison des solidarités, centre social…)",
        "Dijon",
        "21000",
        "21231",
        "Féminin",
        "70 ans et plus",
        "Retraité",
        "Revenir avec l’attestation de la CAF",
        ID_INDIVIDUEL_1,
    ],
    [
        dt.datetime(2026, 10, 16),
        "16/10/2026 à 11:02",
        "",
        "Accompagnement individuel",
        1,
        "Jean Dupont",
        "À distance",
        "",
        "",
        "",
        "",
        "",
        30,
        "",
        "Téléphone",
        "Navigation sur internet",
        "",
        "",
        "1/3",
        "Non",
        "",
        "",
        "",
        "",
        "Masculin",
        "25 - 39 ans",
        "Sans emploi",
        "",
        ID_INDIVIDUEL_2,
    ],
    [
        dt.datetime(2026, 10, 20),
        "20/10/2026 à 16:40",
        "",
        "Accompagnement individuel",
        1,
        "Bénéficiaire anonyme",
        "À domicile",
        "",
        "",
        "Chenôve",
        "21300",
        "21166",
        60,
        "",
        "Tablette",
        "Prendre en main du matériel",
        "",
        "",
        "3/3",
        "Non",
        "",
        "",
        "",
        "",
        "Non communiqué",
        "Non communiqué",
        "Non communiqué ou hétérogène",
        "",
        ID_INDIVIDUEL_3,
    ],
]
# A workshop: one row per participant, « 1/3 », « 2/3 », « 3/3 »; notes on the first only.
for rang, (genre, tranche, statut) in enumerate(
    [
        ("Féminin", "60 - 69 ans", "Retraité"),
        ("Masculin", "70 ans et plus", "Retraité"),
        ("Non communiqué", "Non communiqué", "Non communiqué ou hétérogène"),
    ]
):
    LIGNES.append(
        [
            dt.datetime(2026, 10, 22),
            "22/10/2026 à 12:15",
            "",
            "Atelier collectif",
            f"{rang + 1}/3",
            "Bénéficiaire anonyme",
            "Lieu d’activité",
            *COMMUNES_LIEU,
            120,
            "Premiers pas sur la tablette",
            "Tablette",
            SAUT.join(["Prendre en main du matériel", "Navigation sur internet"]),
            "Atelier d’initiation",
            "",
            "1/3",  # niveauAtelierStars.Debutant / niveauAtelierValues.length
            "",  # orienteVersStructure is null for a workshop
            "",
            "",
            "",
            "",
            genre,
            tranche,
            statut,
            "Salle du 1er étage" if rang == 0 else "",
            ID_ATELIER,
        ]
    )


def titre(feuille, texte: str) -> None:  # addTitleRow.ts
    feuille.append([texte])
    feuille.cell(feuille.max_row, 1).font = Font(bold=True)


def classeur(soi_meme: bool, cra_v1: bool, chemin: Path) -> None:
    wb = Workbook()
    feuille = wb.active
    feuille.title = "Activités"
    wb.properties.creator = "La Coop de la médiation numérique"  # setWorkbookMetadata.ts
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 12, 4, 18, 47)
    # addExportMetadata.ts (the « Date d'export » and « Heure d'export » keep a straight ')
    titre(feuille, "Informations export")
    for ligne in (
        ["Nom", "Martin"],
        ["Prénom", "Camille"],
        ["Rôle", "Médiateur" if soi_meme else "Coordinateur"],
        ["Total", len(LIGNES)],
        ["Date d'export", "04/12/2026"],
        ["Heure d'export", "18:47"],
        [],
    ):
        feuille.append(ligne)
    # buildWorksheetHelpers.ts, addFilters: no filter chosen gives « - »
    titre(feuille, "Filtres")
    for libelle in (
        "Période",
        "Source",
        "Lieux d’accompagnement",
        "Communes",
        "Départements",
        "Type d’accompagnement",
        "Rôle",
        "Thématiques non administratives",
        "Thématiques administratives",
        "Tags",
    ):
        feuille.append([libelle, "-"])
    if not soi_meme:
        feuille.append(["Médiateur", "Camille Martin"])
    feuille.append([])
    feuille.append([""])  # separatorRowBeforeTable
    colonnes = entetes(soi_meme, cra_v1)
    feuille.append(colonnes)
    debut = feuille.max_row
    for ligne in LIGNES:
        valeurs = dict(zip(entetes(True, False), ligne, strict=True))
        valeurs |= {
            "Prénom du médiateur": "Camille",
            "Nom du médiateur": "Martin",
            "Rôle": "Conseiller Numérique",
            "ID - Conum": True,  # La Coop writes `isConseillerNumerique` itself here
            "Source de la donnée": "La Coop de la médiation numérique (V2)",
        }
        feuille.append([valeurs[c] for c in colonnes])
        feuille.cell(feuille.max_row, 1).number_format = "dd/mm/yyyy"
    fin = feuille.max_row
    derniere = feuille.cell(debut, len(colonnes)).column_letter
    feuille.add_table(Table(displayName="Activites", ref=f"A{debut}:{derniere}{fin}"))
    for rangee in feuille.iter_rows():
        for cellule in rangee:
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(chemin)


if __name__ == "__main__":
    classeur(True, False, ICI / "coop-export-mediateur.xlsx")
    classeur(False, True, ICI / "coop-export-coordinateur.xlsx")
