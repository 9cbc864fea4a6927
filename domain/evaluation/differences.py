"""What changed between a report as it was frozen and the same report computed today."""

from __future__ import annotations

import msgspec

from domain.evaluation.rapport import Cellule, Rapport
from domain.evaluation.textes import TIRET, texte_cellule


class Difference(msgspec.Struct, frozen=True, kw_only=True):
    indicateur: str
    ou: str
    """The key figure, or the table and row, in words."""
    avant: str
    apres: str


def affiche(cellule: Cellule, unite: str, seuil: int) -> str:
    """As the report prints it (a rate with its parts, « non calculable »)."""
    return texte_cellule(cellule, unite, seuil)


def differences(avant: Rapport, apres: Rapport) -> list[Difference]:
    """Only what a reader of the first report would see differently (the current period)."""
    k_avant, k_apres = avant.seuil_secret, apres.seuil_secret
    trouvees: list[Difference] = []
    cles_apres = {c.indicateur + c.libelle: c for c in apres.chiffres_cles}
    for chiffre in avant.chiffres_cles:
        nouveau = cles_apres.get(chiffre.indicateur + chiffre.libelle)
        if nouveau is None:
            continue
        a = affiche(chiffre.valeur, chiffre.unite, k_avant)
        b = affiche(nouveau.valeur, nouveau.unite, k_apres)
        if a != b:
            trouvees.append(
                Difference(indicateur=chiffre.indicateur, ou=chiffre.libelle, avant=a, apres=b)
            )
    tables_apres = {t.id: t for t in apres.tableaux}
    for tableau in avant.tableaux:
        autre = tables_apres.get(tableau.id)
        if autre is None:
            continue
        lignes_apres = {ligne.modalite: ligne for ligne in autre.lignes}
        if autre.total is not None:
            lignes_apres["total"] = autre.total
        lignes = [*tableau.lignes, *([tableau.total] if tableau.total else [])]
        for ligne in lignes:
            nouvelle = lignes_apres.get(ligne.modalite)
            unite = ligne.unite or tableau.unite
            a = affiche(ligne.cellules[0], unite, k_avant)
            b = affiche(nouvelle.cellules[0], unite, k_apres) if nouvelle else TIRET
            if a != b:
                trouvees.append(
                    Difference(
                        indicateur=tableau.indicateur,
                        ou=f"{tableau.titre} — {ligne.libelle}",
                        avant=a,
                        apres=b,
                    )
                )
    return trouvees
