"""The month-by-month trend chart of a report (table `M4.1.mensuel`, domain/evaluation/detail.py):
two panels of vertical bars, accompaniments then people accompanied, each month of the period
beside the same month a year earlier.

Same principles as graphiques.py: a static, deterministic SVG with a title and a description
that reads every value; each value written above its bar; a hidden cell drawn as a hatched
stub labelled « < 11 » or « s », never with its value.
"""

from __future__ import annotations

import textwrap

from domain.evaluation.rapport import Cellule, Tableau
from domain.evaluation.textes import legende_secret, publiee, texte_cellule
from mednum.rapports.graphiques import attr, entete_svg, identifiant, motif_hachures

_LARGEUR_MAX = 720
_LARGEUR_MOIS = 90
"""A quarter's chart is narrower than a year's, so that it stays legible on a phone."""
_MARGE = 40
_HAUTEUR = 150
_STUB = 14
_COULEURS = ("#1f4e79", "#9dc3e6")
ABREGES = {
    "janvier": "janv.",
    "février": "févr.",
    "mars": "mars",
    "avril": "avr.",
    "mai": "mai",
    "juin": "juin",
    "juillet": "juil.",
    "août": "août",
    "septembre": "sept.",
    "octobre": "oct.",
    "novembre": "nov.",
    "décembre": "déc.",
}


def _abrege(libelle: str) -> tuple[str, str]:
    """« novembre 2026 (du 1 au 15) » → (« nov.* », « 2026 »): a star marks a cut month."""
    mots = libelle.split()
    mois, annee = ABREGES.get(mots[0], mots[0]), mots[1] if len(mots) > 1 else ""
    return (mois + ("*" if "(" in libelle else ""), annee)


def _panneau(
    largeur: float,
    y: float,
    titre: str,
    series: list[str],
    mois: list[str],
    valeurs: list[list[Cellule]],
    seuil: int,
    hachures: str,
) -> tuple[list[str], float, bool]:
    """One panel: its title, its legend, then one group of two bars per month."""
    morceaux = [f'<text x="0" y="{y + 12:g}" font-weight="bold">{attr(titre)}</text>']
    y += 22
    x = 0.0
    for i, serie in enumerate(series):
        morceaux.append(
            f'<rect x="{x:g}" y="{y:g}" width="14" height="14" fill="{_COULEURS[i]}" '
            'stroke="#1a1a1a" stroke-width="0.5"/>'
            f'<text x="{x + 20:g}" y="{y + 11:g}">{attr(serie)}</text>'
        )
        x += 40 + len(serie) * 7.2
    y += 30
    base = y + _HAUTEUR
    publiees = [v for cellules in valeurs for c in cellules if (v := publiee(c)) is not None]
    maximum = max([*publiees, 0.0]) or 1.0
    groupe = (largeur - _MARGE) / max(len(mois), 1)
    barre = min(22.0, (groupe - 6) / 2)
    ecrire = groupe >= 30
    masques = False
    for m, libelle in enumerate(mois):
        x0 = _MARGE + m * groupe + (groupe - 2 * barre) / 2
        for s, cellules in enumerate(valeurs):
            c = cellules[m]
            xb = x0 + s * barre
            valeur = publiee(c)
            if c.masquee:
                masques = True
                haut = base - _STUB
                morceaux.append(
                    f'<rect x="{xb:.1f}" y="{haut:g}" width="{barre:.1f}" height="{_STUB}" '
                    f'fill="url(#{hachures})" stroke="#555555" stroke-width="1"/>'
                )
            elif valeur is not None:
                hauteur = max(0.0, valeur) / maximum * _HAUTEUR
                haut = base - hauteur
                morceaux.append(
                    f'<rect x="{xb:.1f}" y="{haut:.1f}" width="{barre:.1f}" '
                    f'height="{hauteur:.1f}" fill="{_COULEURS[s]}" stroke="#1a1a1a" '
                    'stroke-width="0.5"/>'
                )
            else:
                haut = base
            if ecrire:
                texte = texte_cellule(c, "nombre", seuil, parties=False)
                xt, yt = xb + barre / 2 + 4, haut - 3
                morceaux.append(
                    f'<text x="{xt:.1f}" y="{yt:.1f}" font-size="11" '
                    f'transform="rotate(-90 {xt:.1f} {yt:.1f})">{attr(texte)}</text>'
                )
        court, annee = _abrege(libelle)
        centre = _MARGE + m * groupe + groupe / 2
        morceaux.append(
            f'<text x="{centre:.1f}" y="{base + 14:g}" text-anchor="middle" font-size="11">'
            f"{attr(court)}</text>"
            f'<text x="{centre:.1f}" y="{base + 27:g}" text-anchor="middle" font-size="10" '
            f'fill="#444444">{attr(annee)}</text>'
        )
    morceaux.append(
        f'<line x1="{_MARGE}" y1="{base:g}" x2="{largeur:g}" y2="{base:g}" stroke="#1a1a1a" '
        'stroke-width="1"/>'
    )
    return morceaux, base + 44, masques


def svg_evolution(tableau: Tableau, seuil: int) -> str:
    """Columns of the table: accompaniments (period, a year earlier), then people (idem)."""
    ident = identifiant(tableau.id)
    hachures = f"{ident}-hachures"
    mois = [ligne.libelle for ligne in tableau.lignes]
    colonnes = [[ligne.cellules[i] for ligne in tableau.lignes] for i in range(4)]
    periodes = [c.split(" — ", 1)[-1] for c in tableau.colonnes[:2]]
    largeur = min(_LARGEUR_MAX, max(400, _MARGE + len(mois) * _LARGEUR_MOIS))
    morceaux, y, masques_a = _panneau(
        largeur, 0, "Accompagnements par mois", periodes, mois, colonnes[:2], seuil, hachures
    )
    suite, y, masques_p = _panneau(
        largeur, y, "Personnes accompagnées par mois", periodes, mois, colonnes[2:], seuil, hachures
    )
    morceaux += suite
    if any("(" in m for m in mois):
        morceaux.append(f'<text x="0" y="{y:g}" font-size="11">* mois en partie seulement</text>')
        y += 18
    if masques_a or masques_p:
        morceaux.append(
            f'<rect x="0" y="{y:g}" width="26" height="14" fill="url(#{hachures})" '
            'stroke="#555555"/>'
        )
        for ligne in textwrap.wrap(legende_secret(seuil), int((largeur - 32) / 6.6)):
            morceaux.append(f'<text x="32" y="{y + 11:g}" font-size="11">{attr(ligne)}</text>')
            y += 15
        y += 6
    desc = "Diagramme en barres verticales, deux panneaux. " + " ; ".join(
        f"{m} : "
        + ", ".join(
            f"{tableau.colonnes[i]} {texte_cellule(colonnes[i][r], 'nombre', seuil)}"
            for i in range(4)
        )
        for r, m in enumerate(mois)
    )
    return (
        entete_svg(ident, largeur, y + 4, tableau.titre, desc + ".")
        + (motif_hachures(hachures) if masques_a or masques_p else "")
        + "".join(morceaux)
        + "</svg>"
    )
