"""From raw figures to a report a financeur may read: every count of people goes through the
small-cell rule (with secondary suppression over all the tables of a period at once, see
comptes.py), rates are computed
from protected parts only when both parts are published."""

from __future__ import annotations

import msgspec

from domain.base import memes_champs
from domain.evaluation.cellules import brute
from domain.evaluation.chiffres import chiffres_cles, couverture, indicateurs_detail
from domain.evaluation.comptes import Comptes, cle_table, comptes_du_rapport
from domain.evaluation.detail import tableaux_detail
from domain.evaluation.distributions import Distribution, distributions, modalites_vues
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import (
    Cellule,
    CommuneCarte,
    Definition,
    EnTete,
    EpciCarte,
    LieuCarte,
    Ligne,
    Rapport,
    Tableau,
)


class Contexte(EnTete, frozen=True, kw_only=True):
    seuil: int
    sous_territoires: dict[str, str]
    """Code → name of the sub-territories the by-territory table lists."""
    communes: list[CommuneCarte]
    lieux: list[LieuCarte]
    epci: list[tuple[str, str, int, int]]
    """(code, name, population, unique beneficiaries over the 12 months to the period's end)."""
    methode: list[Definition]
    lieux_noms: dict[str, str] = msgspec.field(default_factory=dict)
    """Place id → name, for the drill-down by place (places of the territory)."""
    structures_noms: dict[str, str] = msgspec.field(default_factory=dict)


def _tableau(
    d: Distribution,
    modalites: list[str],
    mesures: tuple[Mesures, Mesures],
    comptes: tuple[Comptes, Comptes],
    colonnes: list[str],
) -> Tableau:
    """One row per modality, two columns: the period and the same period a year earlier.
    Counts of people come from each period's protected system; the others are printed."""
    par_colonne: list[tuple[list[Cellule], Cellule | None]] = []
    for m, c in zip(mesures, comptes, strict=True):
        if d.personnes and modalites:
            cellules = [c.cellule(cle_table(d.id, x)) for x in modalites]
            total = c.cellule(cle_table(d.id, "total")) if d.avec_total else None
        else:
            valeurs = [d.valeur(m, x) for x in modalites]
            cellules = [brute(v) for v in valeurs]
            total = brute(sum(valeurs)) if d.avec_total else None
        par_colonne.append((cellules, total))
    lignes = [
        Ligne(
            modalite=x,
            libelle=d.libelles[x],
            cellules=[par_colonne[0][0][i], par_colonne[1][0][i]],
        )
        for i, x in enumerate(modalites)
    ]
    total_ligne = None
    premier, second = par_colonne[0][1], par_colonne[1][1]
    if premier is not None and second is not None:
        total_ligne = Ligne(modalite="total", libelle="Total", cellules=[premier, second])
    return Tableau(
        id=d.id,
        indicateur=d.indicateur,
        titre=d.titre,
        colonnes=colonnes,
        lignes=lignes,
        total=total_ligne,
        unite=d.unite,
    )


def composer(actuel: Mesures, precedent: Mesures, ctx: Contexte) -> Rapport:
    k = ctx.seuil
    colonnes = [ctx.periode.libelle, ctx.periode_precedente.libelle]
    tables = distributions(ctx.sous_territoires)
    modalites = {d.id: modalites_vues(d, actuel, precedent) for d in tables}
    # Each period's counts of people are protected together, over every table at once.
    comptes = (
        comptes_du_rapport(actuel, tables, modalites, k),
        comptes_du_rapport(precedent, tables, modalites, k),
    )
    tableaux = [
        _tableau(d, modalites[d.id], (actuel, precedent), comptes, colonnes) for d in tables
    ]
    tableaux.extend(indicateurs_detail(actuel, precedent, comptes, colonnes))
    epci = [
        EpciCarte(code=code, nom=nom, couverture=couverture(beneficiaires, population, k))
        for code, nom, population, beneficiaires in ctx.epci
    ]
    if epci:
        tableaux.append(
            Tableau(
                id="M4.12.epci",
                indicateur="M4.12",
                titre="Couverture du public cible par EPCI (12 mois glissants, %)",
                colonnes=[f"12 mois au {ctx.periode.fin.strftime('%d/%m/%Y')}"],
                lignes=[
                    Ligne(modalite=e.code, libelle=e.nom, cellules=[e.couverture]) for e in epci
                ],
                unite="pourcentage",
            )
        )
    tableaux.extend(
        tableaux_detail(
            actuel,
            precedent,
            ctx.periode,
            ctx.periode_precedente,
            k,
            ctx.lieux_noms,
            ctx.structures_noms,
        )
    )
    return Rapport(
        **memes_champs(ctx, EnTete),
        seuil_secret=k,
        chiffres_cles=chiffres_cles(actuel, precedent, comptes),
        tableaux=tableaux,
        communes=ctx.communes,
        epci=epci,
        lieux=ctx.lieux,
        methode=ctx.methode,
    )
