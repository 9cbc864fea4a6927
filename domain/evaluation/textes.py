"""The French text of a report's figures, shared by every output (the HTML page and its PDF,
the SVG charts and maps, the XLSX, the CSV, the « what changed » list): one function per
kind of text, so that a rate reads the same everywhere — « 18,2 % (54 / 297) », or « non
calculable » over an empty denominator — and a hidden cell never shows its value.
"""

from __future__ import annotations

from domain.evaluation.cellules import est_taux
from domain.evaluation.rapport import Cellule, ChiffreCle

TIRET = "—"
NON_CALCULABLE = "non calculable"
MARQUE_SECONDAIRE = "s"
_FINE = "\u202f"
_INSECABLE = "\u00a0"


def nombre_fr(valeur: float, decimales: int = 0) -> str:
    """12345.6 → « 12 345,6 » (narrow no-break space between thousands, as in French print)."""
    return f"{valeur:,.{decimales}f}".replace(",", _FINE).replace(".", ",")


def _decimales(valeur: float) -> int:
    return 0 if float(valeur).is_integer() else 1


def _exactes(valeur: float) -> int:
    """Enough decimals to write a rate's part exactly (euros to the cent, shares to 0.1)."""
    return next((d for d in (0, 1) if round(valeur, d) == valeur), 2)


def texte_valeur(valeur: float, unite: str = "nombre") -> str:
    """« 12 345 », « 12,5 % », « 1 234 € », « 3,5 h », « 2,1 pour 10 000 hab. »."""
    if unite == "pourcentage":
        return f"{nombre_fr(valeur, 1)}{_INSECABLE}%"
    if unite == "euros":
        return f"{nombre_fr(valeur, 0)}{_INSECABLE}€"
    if unite == "heures":
        return f"{nombre_fr(valeur, _decimales(valeur))}{_INSECABLE}h"
    if unite == "pour 10 000 habitants":
        return f"{nombre_fr(valeur, 1)} pour 10{_FINE}000 hab."
    return nombre_fr(valeur, _decimales(valeur))


def texte_masque(cellule: Cellule, seuil: int) -> str:
    return MARQUE_SECONDAIRE if cellule.secondaire else f"< {seuil}"


def texte_partie(valeur: float | None) -> str:
    return TIRET if valeur is None else nombre_fr(valeur, _exactes(valeur))


def texte_cellule(cellule: Cellule, unite: str, seuil: int, parties: bool = True) -> str:
    """What a reader sees in place of the cell: a hidden cell never shows its value; a rate
    shows its numerator and denominator beside it (« 18,2 % (54 / 297) »), or says it is
    « non calculable » (never 0). `parties=False` where space is short (chart labels)."""
    if cellule.masquee:
        return texte_masque(cellule, seuil)
    if cellule.non_calculable:
        texte = NON_CALCULABLE
    elif cellule.valeur is None:
        return TIRET
    elif unite == "euros" and est_taux(cellule):
        # A cost per person is written to the ten cents: « 0,6 € », not « 1 € ».
        texte = f"{nombre_fr(cellule.valeur, _decimales(cellule.valeur))}{_INSECABLE}€"
    else:
        texte = texte_valeur(cellule.valeur, unite)
    if parties and est_taux(cellule):
        # No-break spaces inside the parentheses: a narrow column wraps before them only.
        numerateur, denominateur = (
            texte_partie(p) for p in (cellule.numerateur, cellule.denominateur)
        )
        return f"{texte} ({numerateur}{_INSECABLE}/{_INSECABLE}{denominateur})"
    return texte


def valeur_exportee(cellule: Cellule, seuil: int) -> str | float | None:
    """A cell of the XLSX and the CSV: the number, « < 11 » or « s », « non calculable »."""
    if cellule.masquee:
        return texte_masque(cellule, seuil)
    return NON_CALCULABLE if cellule.non_calculable else cellule.valeur


def parties_exportees(cellule: Cellule) -> tuple[float | None, float | None]:
    """A published rate's (numerator, denominator) for the XLSX and the CSV; nothing for a
    hidden cell or a count."""
    if cellule.masquee or not est_taux(cellule):
        return None, None
    return cellule.numerateur, cellule.denominateur


def statut_cellule(cellule: Cellule) -> str:
    if cellule.masquee:
        return "masquee_secondaire" if cellule.secondaire else "masquee"
    return "non_calculable" if cellule.non_calculable else "publiee"


def publiee(cellule: Cellule) -> float | None:
    """The value a chart or a variation may use: None when hidden or missing."""
    return None if cellule.masquee else cellule.valeur


def texte_variation(chiffre: ChiffreCle) -> str:
    """Change from the same period last year: a percentage, or points for a rate."""
    actuelle, precedente = publiee(chiffre.valeur), publiee(chiffre.precedente)
    if actuelle is None or precedente is None:
        return TIRET
    if chiffre.unite == "pourcentage":
        ecart = round(actuelle - precedente, 1)
        return f"{'+' if ecart >= 0 else ''}{nombre_fr(ecart, 1)}{_INSECABLE}pt"
    if precedente == 0:
        return TIRET
    taux = round((actuelle - precedente) / abs(precedente) * 100, 1)
    return f"{'+' if taux >= 0 else ''}{nombre_fr(taux, 1)}{_INSECABLE}%"


def legende_secret(seuil: int) -> str:
    return (
        f"« < {seuil} » : moins de {seuil} personnes, masqué (secret statistique) ; "
        f"« {MARQUE_SECONDAIRE} » : masqué pour qu'on ne puisse pas le retrouver à partir "
        "des totaux et des autres tableaux (secret secondaire)."
    )
