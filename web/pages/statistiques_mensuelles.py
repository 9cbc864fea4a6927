"""The figures page's month-by-month chart (SVG geometry computed here, drawn by the template:
no script, no inline style) and its CSV export (BOM and `;`, as French Excel opens it)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import msgspec

from projections.activites_statistiques import Chiffres, Mois, un_an_avant

MOIS_COURTS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
HAUTEUR = 220
MARGE_GAUCHE = 44
MARGE_BAS = 36
MARGE_HAUT = 12
LARGEUR_MOIS = 36
LARGEUR_BARRE = 13


def libelle_mois(jour: dt.date) -> str:
    return f"{MOIS_COURTS[jour.month - 1]} {jour.year}"


class Barre(msgspec.Struct, frozen=True, kw_only=True):
    x: float
    y: float
    hauteur: float


class Colonne(msgspec.Struct, frozen=True, kw_only=True):
    libelle: str
    mois: dt.date
    valeur: int
    valeur_n1: int
    barre: Barre
    barre_n1: Barre
    x_libelle: float
    libelle_visible: bool


class Graphique(msgspec.Struct, frozen=True, kw_only=True):
    largeur: int
    hauteur: int
    base: float  # y of the zero line
    gauche: float
    graduations: list[tuple[float, int]]  # (y, value)
    colonnes: list[Colonne]


def _pas_graduation(maximum: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… giving at most 4 steps up to `maximum`."""
    puissance = 1
    while True:
        for facteur in (1, 2, 5):
            if maximum <= 4 * facteur * puissance:
                return facteur * puissance
        puissance *= 10


def graphique(mois: list[Mois], mois_n1: list[Mois]) -> Graphique:
    """Accompaniments per month of the period, each beside the same month a year earlier."""
    n1 = {m.mois: m.accompagnements for m in mois_n1}
    valeurs = [(m.mois, m.accompagnements, n1.get(un_an_avant(m.mois), 0)) for m in mois]
    maximum = max([1, *(max(v, w) for _m, v, w in valeurs)])
    pas = _pas_graduation(maximum)
    plafond = -(-maximum // pas) * pas
    utile = HAUTEUR - MARGE_BAS - MARGE_HAUT
    base = float(HAUTEUR - MARGE_BAS)

    def barre(x: float, valeur: int) -> Barre:
        h = round(utile * valeur / plafond, 1)
        return Barre(x=round(x, 1), y=round(base - h, 1), hauteur=h)

    # Month names every k months, so that they do not overlap on long periods.
    tous_les = max(1, -(-len(valeurs) // 12))
    colonnes = []
    for i, (premier, valeur, valeur_n1) in enumerate(valeurs):
        x = MARGE_GAUCHE + i * LARGEUR_MOIS + 4
        colonnes.append(
            Colonne(
                libelle=libelle_mois(premier),
                mois=premier,
                valeur=valeur,
                valeur_n1=valeur_n1,
                barre=barre(x, valeur),
                barre_n1=barre(x + LARGEUR_BARRE + 1, valeur_n1),
                x_libelle=round(x + LARGEUR_BARRE, 1),
                libelle_visible=i % tous_les == 0,
            )
        )
    graduations = [(round(base - utile * v / plafond, 1), v) for v in range(0, plafond + 1, pas)]
    return Graphique(
        largeur=MARGE_GAUCHE + len(valeurs) * LARGEUR_MOIS + 8,
        hauteur=HAUTEUR,
        base=base,
        gauche=float(MARGE_GAUCHE),
        graduations=graduations,
        colonnes=colonnes,
    )


def csv_chiffres(
    periode: Chiffres,
    reference: Chiffres,
    libelle_reference: str,
    totaux: tuple[tuple[str, str, str], ...],
    repartitions: list[tuple[str, str, list[tuple[str, int, int]], int]],
    colonnes: list[Colonne],
) -> bytes:
    """Every figure of the page, one line each, with its reference value."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    p = f"du {periode.du:%d/%m/%Y} au {periode.au:%d/%m/%Y}"
    r = f"{libelle_reference} (du {reference.du:%d/%m/%Y} au {reference.au:%d/%m/%Y})"
    ecrivain.writerow(["Tableau", "Indicateur", f"Période {p}", r])
    for cle, libelle, _niveau in totaux:
        ecrivain.writerow(
            [
                "Chiffres généraux",
                libelle,
                _nombre(getattr(periode, cle)),
                _nombre(getattr(reference, cle)),
            ]
        )
    for titre, _unite, lignes, _maximum in repartitions:
        for libelle, nombre, avant in lignes:
            ecrivain.writerow([titre, libelle, nombre, avant])
    for c in colonnes:
        ecrivain.writerow(["Accompagnements par mois (N et N-1)", c.libelle, c.valeur, c.valeur_n1])
    return ("\ufeff" + sortie.getvalue()).encode("utf-8")


def _nombre(valeur: int | float) -> str:
    """A decimal comma, as French Excel reads numbers."""
    return str(valeur).replace(".", ",")
