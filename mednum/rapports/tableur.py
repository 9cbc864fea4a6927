"""An evaluation report as a spreadsheet (XLSX) and as a long CSV, with the indicator ids.

Hidden cells are written as the text « < 11 » or « s », never as the number, and carry a
status in the CSV. Every rate has its numerator and denominator beside it, and a rate over
nothing is the text « non calculable ». Cells go through the same functions as the HTML
(`valeur_exportee`, `parties_exportees` in domain/evaluation/textes.py). Both outputs depend
only on the report: the workbook's dates are its cut-off and the zip entries get that date
too (openpyxl would stamp the time of saving).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from domain.evaluation.cellules import est_taux
from domain.evaluation.rapport import Cellule, Ligne, Rapport, Tableau
from domain.evaluation.textes import (
    legende_secret,
    parties_exportees,
    statut_cellule,
    texte_variation,
    valeur_exportee,
)

FEUILLE_CHIFFRES = "Chiffres clés"
FEUILLE_METHODE = "Méthode"
FEUILLES = {
    "M4.1.mensuel": "Évolution mensuelle",
    "M4.1.structures": "Détail par structure",
    "M4.1.lieux": "Détail par lieu",
}
"""Sheets named after what they hold rather than by their table's id."""
COLONNES_METHODE = [
    "indicateur",
    "libellé",
    "définition",
    "formule",
    "source",
    "numérateur",
    "dénominateur",
    "à quelle date",
]
TABLEAU_CHIFFRES = "chiffres_cles"
COLONNES_CSV = (
    "indicateur",
    "tableau",
    "modalite",
    "libelle",
    "colonne",
    "valeur",
    "statut",
    "numerateur",
    "denominateur",
    "unite",
)
FORMATS = {
    "nombre": "#,##0.##",
    "pourcentage": '0.0" %"',
    "euros": '#,##0" €"',
    "heures": '#,##0.#" h"',
}


# --- XLSX ---


def nom_de_feuille(nom: str, pris: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", "_", nom).strip("'") or "Tableau"
    candidat, rang = base[:31], 1
    while candidat.casefold() in pris:
        rang += 1
        suffixe = f"~{rang}"
        candidat = base[: 31 - len(suffixe)] + suffixe
    pris.add(candidat.casefold())
    return candidat


Case = str | float | None


def _cases(cellule: Cellule, seuil: int, taux: bool) -> list[Case]:
    """The value, then (in a table that holds rates) its numerator and denominator."""
    valeur = valeur_exportee(cellule, seuil)
    return [valeur, *parties_exportees(cellule)] if taux else [valeur]


def _ecrire(feuille: Worksheet, ligne: list[Case], formats: list[str | None]) -> None:
    """`formats`: the unit of each column that holds a figure (None: text or a part)."""
    feuille.append(ligne)
    for case, unite in zip(feuille[feuille.max_row], formats, strict=False):
        if isinstance(case.value, int | float) and unite is not None:
            case.number_format = FORMATS.get(unite, FORMATS["nombre"])
        elif isinstance(case.value, int | float) and case.column > 2:
            case.number_format = "#,##0.##"
        elif isinstance(case.value, str) and case.column > 2:
            case.alignment = Alignment(horizontal="right")


def _entete(feuille: Worksheet, titres: list[str], largeurs: list[int]) -> None:
    feuille.append(titres)
    for case in feuille[1]:
        case.font = Font(bold=True)
    for i, largeur in enumerate(largeurs):
        feuille.column_dimensions[get_column_letter(i + 1)].width = largeur
    feuille.freeze_panes = "A2"


def _titres_periode(colonne: str, taux: bool) -> list[str]:
    return [colonne, f"{colonne} — numérateur", f"{colonne} — dénominateur"] if taux else [colonne]


def _formats_periodes(n: int, unite: str, taux: bool) -> list[str | None]:
    une: list[str | None] = [unite, None, None] if taux else [unite]
    return une * n


def _feuille_chiffres(feuille: Worksheet, rapport: Rapport) -> None:
    periodes = [rapport.periode.libelle, rapport.periode_precedente.libelle]
    _entete(
        feuille,
        [
            "indicateur",
            "libellé",
            *(t for p in periodes for t in _titres_periode(p, True)),
            "évolution",
            "unité",
        ],
        [12, 40, *[16, 14, 14] * 2, 12, 14],
    )
    for chiffre in rapport.chiffres_cles:
        _ecrire(
            feuille,
            [
                chiffre.indicateur,
                chiffre.libelle,
                *_cases(chiffre.valeur, rapport.seuil_secret, True),
                *_cases(chiffre.precedente, rapport.seuil_secret, True),
                texte_variation(chiffre),
                chiffre.unite,
            ],
            [None, None, *_formats_periodes(2, chiffre.unite, True)],
        )


def _lignes(tableau: Tableau) -> list[Ligne]:
    return [*tableau.lignes, *([tableau.total] if tableau.total else [])]


def a_des_taux(tableau: Tableau) -> bool:
    return any(est_taux(c) for ligne in _lignes(tableau) for c in ligne.cellules)


def unite_de(ligne: Ligne, tableau: Tableau) -> str:
    return ligne.unite or tableau.unite


def _feuille_tableau(feuille: Worksheet, tableau: Tableau, seuil: int) -> None:
    taux = a_des_taux(tableau)
    _entete(
        feuille,
        [
            "indicateur",
            "tableau",
            "modalité",
            "libellé",
            *(t for c in tableau.colonnes for t in _titres_periode(c, taux)),
            "unité",
        ],
        [12, 24, 14, 40, *([16, 14, 14] if taux else [16]) * len(tableau.colonnes), 14],
    )
    for ligne in _lignes(tableau):
        unite = unite_de(ligne, tableau)
        _ecrire(
            feuille,
            [
                tableau.indicateur,
                tableau.id,
                ligne.modalite,
                ligne.libelle,
                *(case for c in ligne.cellules for case in _cases(c, seuil, taux)),
                unite,
            ],
            [None, None, None, None, *_formats_periodes(len(ligne.cellules), unite, taux)],
        )


def _feuille_methode(feuille: Worksheet, rapport: Rapport) -> None:
    _entete(feuille, COLONNES_METHODE, [12, 30, 60, 40, 40, 40, 40, 50])
    for definition in rapport.methode:
        feuille.append(
            [
                definition.id,
                definition.libelle,
                definition.definition,
                definition.formule,
                definition.source,
                # Empty for a convention or a count: left blank rather than "".
                definition.numerateur or None,
                definition.denominateur or None,
                definition.a_la_date or None,
            ]
        )
    feuille.append([])
    for cle, valeur in (
        ("rapport", rapport.titre),
        ("territoire", f"{rapport.territoire.nom} ({rapport.territoire.code})"),
        ("période", rapport.periode.libelle),
        ("comparée à", rapport.periode_precedente.libelle),
        ("données arrêtées au", rapport.arrete_au.isoformat()),
        ("position", str(rapport.position)),
        ("secret statistique", legende_secret(rapport.seuil_secret)),
    ):
        feuille.append([cle, valeur])


def _zip_date_fixe(contenu: bytes, date: dt.datetime) -> bytes:
    # ZIP cannot date an entry before 1980 (a report of an empty hub is dated 1970).
    horodatage = max(date.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    sortie = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(contenu)) as source,
        zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as cible,
    ):
        for info in source.infolist():
            entree = zipfile.ZipInfo(info.filename, date_time=horodatage)
            entree.compress_type = zipfile.ZIP_DEFLATED
            cible.writestr(entree, source.read(info.filename))
    return sortie.getvalue()


def xlsx_du_rapport(rapport: Rapport) -> bytes:
    classeur = Workbook()
    feuille = classeur.active
    assert feuille is not None
    pris: set[str] = set()
    feuille.title = nom_de_feuille(FEUILLE_CHIFFRES, pris)
    _feuille_chiffres(feuille, rapport)
    for tableau in rapport.tableaux:
        _feuille_tableau(
            classeur.create_sheet(nom_de_feuille(FEUILLES.get(tableau.id, tableau.id), pris)),
            tableau,
            rapport.seuil_secret,
        )
    _feuille_methode(classeur.create_sheet(nom_de_feuille(FEUILLE_METHODE, pris)), rapport)

    arrete = rapport.arrete_au.astimezone(dt.UTC).replace(tzinfo=None)
    classeur.properties.created = arrete
    classeur.properties.modified = arrete
    classeur.properties.creator = "MedNum"
    classeur.properties.title = f"{rapport.titre} — {rapport.territoire.nom}"
    tampon = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps `modified` with the current time.
    ExcelWriter(classeur, zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED)).save()
    return _zip_date_fixe(tampon.getvalue(), arrete)


# --- CSV ---


def _nombre_csv(valeur: Case) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur
    # Excel-FR reads « 12,5 » as a number, « 12.5 » as text or a date.
    valeur = float(valeur)
    return str(int(valeur)) if valeur.is_integer() else repr(valeur).replace(".", ",")


def _ligne_csv(debut: list[str], cellule: Cellule, seuil: int, unite: str) -> list[str]:
    numerateur, denominateur = parties_exportees(cellule)
    return [
        *debut,
        _nombre_csv(valeur_exportee(cellule, seuil)),
        statut_cellule(cellule),
        _nombre_csv(numerateur),
        _nombre_csv(denominateur),
        unite,
    ]


def csv_du_rapport(rapport: Rapport) -> str:
    """Long format, one row per figure; `;`-separated with a BOM so that Excel-FR opens it."""
    seuil = rapport.seuil_secret
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(COLONNES_CSV)
    for chiffre in rapport.chiffres_cles:
        for periode, cellule in (
            (rapport.periode.libelle, chiffre.valeur),
            (rapport.periode_precedente.libelle, chiffre.precedente),
        ):
            debut = [
                chiffre.indicateur,
                TABLEAU_CHIFFRES,
                chiffre.indicateur,
                chiffre.libelle,
                periode,
            ]
            ecrivain.writerow(_ligne_csv(debut, cellule, seuil, chiffre.unite))
    for tableau in rapport.tableaux:
        for ligne in _lignes(tableau):
            for colonne, cellule in zip(tableau.colonnes, ligne.cellules, strict=False):
                debut = [tableau.indicateur, tableau.id, ligne.modalite, ligne.libelle, colonne]
                ecrivain.writerow(_ligne_csv(debut, cellule, seuil, unite_de(ligne, tableau)))
    return "\ufeff" + sortie.getvalue()
