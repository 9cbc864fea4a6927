"""Static SVG bar charts of an evaluation report (the text of figures: domain/evaluation/textes.py).

Strings, not a plotting library: the same SVG goes inline into the HTML page and into the PDF
(WeasyPrint draws SVG itself), needs no JavaScript, and stays deterministic. Every value is
written as text beside its bar, so nothing is said by colour alone; hidden cells are drawn as
a hatched stub labelled « < 11 » or « s », never with their value.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

from domain.evaluation.rapport import Cellule, Rapport, Tableau
from domain.evaluation.textes import legende_secret, publiee, texte_cellule

# --- SVG building blocks ---


def attr(texte: object) -> str:
    """Escape for an XML attribute or text node."""
    return html.escape(str(texte), quote=True)


def identifiant(texte: str) -> str:
    """An id usable in several SVGs inlined into one HTML document."""
    return "g-" + re.sub(r"[^A-Za-z0-9_-]+", "-", texte).strip("-")


def motif_hachures(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#555555" stroke-width="2"/>'
        "</pattern></defs>"
    )


def entete_svg(ident: str, largeur: float, hauteur: float, titre: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="graphique" '
        f'aria-labelledby="{ident}-titre {ident}-desc" viewBox="0 0 {largeur:g} {hauteur:g}" '
        f'width="{largeur:g}" height="{hauteur:g}" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12" fill="#1a1a1a">'
        f'<title id="{ident}-titre">{attr(titre)}</title>'
        f'<desc id="{ident}-desc">{attr(desc)}</desc>'
    )


def largeur_texte(texte: str, taille: float = 12) -> float:
    """DejaVu Sans averages about 0.6 em per character: enough to lay labels out."""
    return len(texte) * taille * 0.6


# --- Horizontal bar charts ---

_COULEURS = ("#1f4e79", "#9dc3e6", "#c55a11", "#70ad47")
# Each row's label above its bars, on a width a phone shows at about its own size: labels
# beside the bars needed 720 units, drawn at half size (6 px text) on a 390 px screen.
_LARGEUR = 360
_VALEUR = 90  # room after the longest bar for its value
_LIGNE = 15  # height of a line of label
_HAUTEUR_BARRE = 14
_STUB = 26


@dataclass(frozen=True)
class _Groupe:
    libelle: str
    cellules: list[Cellule]
    unite: str
    maximum: float


def _libelle_lignes(libelle: str) -> list[str]:
    lignes = textwrap.wrap(libelle, 48) or [""]
    if len(lignes) > 2:
        lignes = [lignes[0], textwrap.shorten(" ".join(lignes[1:]), 48, placeholder="…")]
    return lignes


def _legende_series(series: list[str], y: float) -> tuple[list[str], float]:
    morceaux, x = [], 0.0
    for i, serie in enumerate(series):
        largeur = 22 + largeur_texte(serie) + 18
        if x and x + largeur > _LARGEUR:
            x, y = 0.0, y + 20
        couleur = _COULEURS[i % len(_COULEURS)]
        morceaux.append(
            f'<rect x="{x:g}" y="{y:g}" width="14" height="14" fill="{couleur}" '
            'stroke="#1a1a1a" stroke-width="0.5"/>'
            f'<text x="{x + 20:g}" y="{y + 11:g}">{attr(serie)}</text>'
        )
        x += largeur
    return morceaux, y + 20


def _barres(
    ident: str, titre: str, desc: str, series: list[str], groupes: list[_Groupe], seuil: int
) -> str:
    morceaux, y = _legende_series(series, 0)
    y += 8
    x0 = 0
    zone = _LARGEUR - _VALEUR
    masques = False
    hachures = f"{ident}-hachures"
    for groupe in groupes:
        lignes = _libelle_lignes(groupe.libelle)
        tspans = "".join(
            f'<tspan x="0" y="{y + 11 + _LIGNE * i:g}">{attr(ligne)}</tspan>'
            for i, ligne in enumerate(lignes)
        )
        morceaux.append(f'<text font-weight="bold">{tspans}</text>')
        y += _LIGNE * len(lignes) + 3
        for i, cellule in enumerate(groupe.cellules):
            yb = y + i * (_HAUTEUR_BARRE + 3)
            texte = texte_cellule(cellule, groupe.unite, seuil, parties=False)
            valeur = publiee(cellule)
            fin: float
            if cellule.masquee:
                masques = True
                morceaux.append(
                    f'<rect class="barre" x="{x0}" y="{yb:g}" width="{_STUB}" '
                    f'height="{_HAUTEUR_BARRE}" fill="url(#{hachures})" stroke="#555555" '
                    'stroke-width="1"/>'
                )
                fin = x0 + _STUB
            elif valeur is None:
                fin = x0
            else:
                longueur = max(0.0, valeur) / groupe.maximum * zone if groupe.maximum else 0
                couleur = _COULEURS[i % len(_COULEURS)]
                morceaux.append(
                    f'<rect class="barre" x="{x0}" y="{yb:g}" width="{longueur:.1f}" '
                    f'height="{_HAUTEUR_BARRE}" fill="{couleur}" stroke="#1a1a1a" '
                    'stroke-width="0.5"/>'
                )
                fin = x0 + longueur
            morceaux.append(f'<text x="{fin + 5:.1f}" y="{yb + 11:g}">{attr(texte)}</text>')
        y += len(groupe.cellules) * (_HAUTEUR_BARRE + 3) + 12
    if masques:
        morceaux.append(
            f'<rect x="0" y="{y:g}" width="{_STUB}" height="14" fill="url(#{hachures})" '
            'stroke="#555555"/>'
        )
        for ligne in textwrap.wrap(legende_secret(seuil), 48):
            morceaux.append(
                f'<text x="{_STUB + 6}" y="{y + 11:g}" font-size="11">{attr(ligne)}</text>'
            )
            y += 15
        y += 6
    return (
        entete_svg(ident, _LARGEUR, y + 4, titre, desc)
        + (motif_hachures(hachures) if masques else "")
        + "".join(morceaux)
        + "</svg>"
    )


def _decrire(series: list[str], groupes: list[_Groupe], seuil: int) -> str:
    return " ; ".join(
        f"{groupe.libelle} : "
        + ", ".join(
            f"{serie} {texte_cellule(cellule, groupe.unite, seuil)}"
            for serie, cellule in zip(series, groupe.cellules, strict=False)
        )
        for groupe in groupes
    )


def svg_tableau(tableau: Tableau, seuil: int) -> str:
    """One group of bars per row (not the total), one bar per column, on one scale."""
    valeurs = [
        v for ligne in tableau.lignes for c in ligne.cellules if (v := publiee(c)) is not None
    ]
    maximum = max([*valeurs, 0.0]) or 1.0
    groupes = [
        _Groupe(ligne.libelle, ligne.cellules, tableau.unite, maximum) for ligne in tableau.lignes
    ]
    desc = (
        f"Diagramme en barres horizontales, une barre par colonne ({', '.join(tableau.colonnes)})"
        f" pour chaque ligne. {_decrire(tableau.colonnes, groupes, seuil)}."
    )
    return _barres(identifiant(tableau.id), tableau.titre, desc, tableau.colonnes, groupes, seuil)


def svg_chiffres_cles(rapport: Rapport) -> str:
    """Each key figure against the same period last year; each row has its own scale, since
    the figures are in different units."""
    series = [rapport.periode.libelle, rapport.periode_precedente.libelle]
    groupes = []
    for chiffre in rapport.chiffres_cles:
        cellules = [chiffre.valeur, chiffre.precedente]
        valeurs = [v for c in cellules if (v := publiee(c)) is not None]
        groupes.append(
            _Groupe(chiffre.libelle, cellules, chiffre.unite, max([*valeurs, 0.0]) or 1.0)
        )
    titre = f"Chiffres clés : {series[0]} comparé à {series[1]}"
    desc = (
        "Diagramme en barres horizontales ; chaque ligne a sa propre échelle. "
        f"{_decrire(series, groupes, rapport.seuil_secret)}."
    )
    return _barres("g-chiffres-cles", titre, desc, series, groupes, rapport.seuil_secret)
