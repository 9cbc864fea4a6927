"""Jinja filters of the evaluation report (rapport_contenu.html): French figures, charts, maps.

The SVGs are built from escaped text only (mednum/rapports/graphiques.py), hence `Markup`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable

import msgspec
from markupsafe import Markup

from domain.evaluation.detail import IDS_DETAIL
from domain.evaluation.dictionnaire import INDICATEURS
from domain.evaluation.rapport import Rapport, Tableau
from domain.evaluation.textes import legende_secret, texte_cellule, texte_valeur, texte_variation
from mednum.rapports.cartes import carte_couverture, carte_ifn
from mednum.rapports.evolution import svg_evolution
from mednum.rapports.graphiques import svg_chiffres_cles, svg_tableau

UNITES = {"nombre": "nombre", "pourcentage": "en %", "euros": "en euros", "heures": "en heures"}
NIVEAUX = {"region": "région", "departement": "département", "epci": "EPCI", "commune": "commune"}


def _svg(texte: str | None) -> Markup | None:
    return None if texte is None else Markup(texte)  # noqa: S704 - escaped when built


_CARTES: OrderedDict[bytes, str | None] = OrderedDict()
_CARTES_GARDEES = 64


def carte_gardee(dessiner: Callable[[Rapport], str | None], rapport: Rapport) -> Markup | None:
    """A report's map, drawn once: the same report is opened again and again (a frozen one
    never changes) and a région's map takes hundreds of milliseconds to draw. The key is a
    digest of all that the maps read, so a changed report never gets an old map."""
    cle = hashlib.sha256(
        dessiner.__name__.encode()
        + msgspec.json.encode(
            (
                rapport.territoire,
                rapport.seuil_secret,
                rapport.communes,
                rapport.lieux,
                rapport.epci,
            )
        )
    ).digest()
    if cle not in _CARTES:
        _CARTES[cle] = dessiner(rapport)
        while len(_CARTES) > _CARTES_GARDEES:
            _CARTES.popitem(last=False)
    _CARTES.move_to_end(cle)
    return _svg(_CARTES[cle])


def tableau_masque(tableau: Tableau) -> bool:
    lignes = [*tableau.lignes, *([tableau.total] if tableau.total else [])]
    return any(c.masquee for ligne in lignes for c in ligne.cellules)


def chiffres_masques(rapport: Rapport) -> bool:
    return any(c.valeur.masquee or c.precedente.masquee for c in rapport.chiffres_cles)


def epci_masques(rapport: Rapport) -> bool:
    return any(e.couverture.masquee for e in rapport.epci)


def tableaux_courants(rapport: Rapport) -> list[Tableau]:
    """The tables of the « Tableaux détaillés » section: not the trend and drill-down ones,
    which have their own sections."""
    return [_titre_lisible(t) for t in rapport.tableaux if t.id not in IDS_DETAIL]


def _titre_lisible(tableau: Tableau) -> Tableau:
    """A table of several rates of one indicator is stored titled « Indicateur M4.3 »: it is
    shown under the indicator's name in the dictionary. The stored title stays as it is (a
    frozen report's content, and so its fingerprint, must not change)."""
    indicateur = INDICATEURS.get(tableau.indicateur)
    if indicateur is None or tableau.titre != f"Indicateur {tableau.indicateur}":
        return tableau
    return msgspec.structs.replace(tableau, titre=indicateur.libelle)


def tableau_du_rapport(rapport: Rapport, id: str) -> Tableau | None:
    """A report frozen before the trend and drill-down existed has none of them."""
    return next((t for t in rapport.tableaux if t.id == id), None)


FILTRES_RAPPORT = {
    "tableaux_courants": tableaux_courants,
    "tableau_du_rapport": tableau_du_rapport,
    "graphique_evolution": lambda tableau, seuil: _svg(svg_evolution(tableau, seuil)),
    "cellule_fr": texte_cellule,
    "chiffre_fr": texte_valeur,
    "variation_fr": texte_variation,
    "legende_secret": legende_secret,
    "unite_fr": lambda unite: UNITES.get(unite, unite),
    "niveau_fr": lambda niveau: NIVEAUX.get(niveau, niveau),
    "tableau_masque": tableau_masque,
    "chiffres_masques": chiffres_masques,
    "epci_masques": epci_masques,
    "graphique_tableau": lambda tableau, seuil: _svg(svg_tableau(tableau, seuil)),
    "graphique_chiffres_cles": lambda rapport: _svg(svg_chiffres_cles(rapport)),
    "carte_ifn": lambda rapport: carte_gardee(carte_ifn, rapport),
    "carte_couverture": lambda rapport: carte_gardee(carte_couverture, rapport),
}
