"""From raw figures to a report a financeur may read: every count of people goes through the
small-cell rule (with secondary suppression where a total is published), rates are computed
from protected parts only when both parts are published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import msgspec

from domain.acteurs.referentiel import TYPES_AIDANT
from domain.activites.referentiel import AUTONOMIES, STRUCTURES_REDIRECTION, TYPES_ACTIVITE
from domain.activites.regles import THEMATIQUES
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.evaluation.cellules import brute, flottante
from domain.evaluation.chiffres import chiffres_cles, couverture, indicateurs_detail
from domain.evaluation.detail import tableaux_detail
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import (
    Cellule,
    CommuneCarte,
    Definition,
    EpciCarte,
    LieuCarte,
    Ligne,
    Periode,
    Rapport,
    Tableau,
    Territoire,
)
from domain.evaluation.secret import cellule, proteger_distribution

STATUTS_ORIENTATION = {
    "proposee": "Proposée",
    "acceptee": "Acceptée",
    "prise_en_charge": "Prise en charge",
    "aboutie": "Aboutie",
    "refusee": "Refusée",
    "expiree": "Expirée",
}
SOURCES_FONDS = {
    "banque_des_territoires": "Banque des Territoires",
    "etat_anct": "État / ANCT",
    "region": "Région",
    "departement": "Département",
    "epci": "EPCI",
    "fse_feder": "FSE+ / FEDER",
    "prive": "Privé / fondation",
}
NIVEAUX_NAN = {str(n): f"Niveau {n}" for n in range(5)}


class Contexte(msgspec.Struct, frozen=True, kw_only=True):
    titre: str
    territoire: Territoire
    periode: Periode
    periode_precedente: Periode
    position: int
    arrete_au: dt.datetime
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


class _Tables:
    def __init__(
        self, actuel: Mesures, precedent: Mesures, seuil: int, colonnes: list[str]
    ) -> None:
        self.colonnes = colonnes
        self.actuel = actuel
        self.precedent = precedent
        self.seuil = seuil
        self.tableaux: list[Tableau] = []

    def distribution(
        self,
        id: str,
        indicateur: str,
        titre: str,
        libelles: Mapping[str, str],
        valeur: Callable[[Mesures, str], int],
        *,
        avec_total: bool = True,
        personnes: bool = True,
        unite: str = "nombre",
    ) -> None:
        """One row per modality (the known ones, then any other seen), two columns: the
        period and the same period a year earlier, each protected on its own. Only counts
        of people (`personnes`) go through statistical secrecy; professionals and euros do
        not."""
        vues = {
            m for mesures in (self.actuel, self.precedent) for m in libelles if valeur(mesures, m)
        }
        modalites = [m for m in libelles if m in vues]
        colonnes: list[tuple[list[Cellule], Cellule | None]] = []
        for mesures in (self.actuel, self.precedent):
            valeurs = [valeur(mesures, m) for m in modalites]
            if personnes and valeurs:
                protege = proteger_distribution(valeurs, self.seuil, total=avec_total)
                cellules = [flottante(cellule(c)) for c in protege.cellules[0]]
                total = flottante(cellule(protege.totaux_lignes[0])) if avec_total else None
            else:
                cellules = [brute(v) for v in valeurs]
                total = brute(sum(valeurs)) if avec_total else None
            colonnes.append((cellules, total))
        lignes = [
            Ligne(
                modalite=m,
                libelle=libelles[m],
                cellules=[colonnes[0][0][i], colonnes[1][0][i]],
            )
            for i, m in enumerate(modalites)
        ]
        total_ligne = None
        if avec_total and colonnes[0][1] is not None and colonnes[1][1] is not None:
            total_ligne = Ligne(
                modalite="total", libelle="Total", cellules=[colonnes[0][1], colonnes[1][1]]
            )
        self.tableaux.append(
            Tableau(
                id=id,
                indicateur=indicateur,
                titre=titre,
                colonnes=self.colonnes,
                lignes=lignes,
                total=total_ligne,
                unite=unite,
            )
        )


def _profil(mesures: Mesures, dimension: str, modalite: str) -> int:
    return mesures.somme(dimension, modalite) + mesures.profils_suivis.get(dimension, {}).get(
        modalite, 0
    )


def composer(actuel: Mesures, precedent: Mesures, ctx: Contexte) -> Rapport:
    k = ctx.seuil
    colonnes = [ctx.periode.libelle, ctx.periode_precedente.libelle]
    t = _Tables(actuel, precedent, k, colonnes)
    t.distribution(
        "M4.1.types",
        "M4.1",
        "Accompagnements par type d'activité",
        TYPES_ACTIVITE,
        lambda m, x: m.somme("type", x),
    )
    t.distribution(
        "M4.1.territoires",
        "M4.1",
        "Accompagnements par territoire",
        ctx.sous_territoires,
        lambda m, x: m.par_sous_territoire.get(x, 0),
    )
    t.distribution(
        "M4.6.thematiques",
        "M4.6",
        "Accompagnements par thématique (une activité peut en avoir plusieurs)",
        THEMATIQUES,
        lambda m, x: m.somme("thematique", x),
        avec_total=False,
    )
    t.distribution(
        "M4.7.tranches_age",
        "M4.7",
        "Personnes accompagnées par tranche d'âge",
        TRANCHES_AGE,
        lambda m, x: _profil(m, "tranche_age", x),
    )
    t.distribution(
        "M4.7.genres",
        "M4.7",
        "Personnes accompagnées par genre",
        GENRES,
        lambda m, x: _profil(m, "genre", x),
    )
    t.distribution(
        "M4.7.statuts",
        "M4.7",
        "Personnes accompagnées par statut social",
        STATUTS_SOCIAUX,
        lambda m, x: _profil(m, "statut_social", x),
    )
    t.distribution(
        "M4.8.niveaux",
        "M4.8",
        "Niveau d'autonomie numérique au premier diagnostic",
        NIVEAUX_NAN,
        lambda m, x: m.niveaux_entree.get(x, 0),
    )
    t.distribution(
        "M4.2.autonomie",
        "M4.2",
        "Accompagnements individuels par niveau d'autonomie constaté",
        AUTONOMIES,
        lambda m, x: m.somme("autonomie", x),
    )
    t.distribution(
        "M4.10.statuts",
        "M4.10",
        "Orientations vers un lieu du territoire, par issue",
        STATUTS_ORIENTATION,
        lambda m, x: m.orientations.get(x, 0),
    )
    t.distribution(
        "M4.10.redirections",
        "M4.10",
        "Accompagnements terminés par une redirection, par type de structure",
        STRUCTURES_REDIRECTION,
        lambda m, x: m.somme("redirection", x),
    )
    t.distribution(
        "M1.3.aidants",
        "M1.3",
        "Aidants numériques identifiés, par type",
        TYPES_AIDANT,
        lambda m, x: m.aidants.get(x, 0),
        personnes=False,
    )
    t.distribution(
        "M2.1.sources",
        "M2.1",
        "Fonds accordés par source (en euros)",
        SOURCES_FONDS,
        lambda m, x: m.fonds_par_source.get(x, 0) // 100,
        personnes=False,
        unite="euros",
    )
    t.tableaux.extend(indicateurs_detail(actuel, precedent, k, colonnes))
    epci = [
        EpciCarte(code=code, nom=nom, couverture=couverture(beneficiaires, population, k))
        for code, nom, population, beneficiaires in ctx.epci
    ]
    if epci:
        t.tableaux.append(
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
    t.tableaux.extend(
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
        titre=ctx.titre,
        territoire=ctx.territoire,
        periode=ctx.periode,
        periode_precedente=ctx.periode_precedente,
        position=ctx.position,
        arrete_au=ctx.arrete_au,
        seuil_secret=k,
        chiffres_cles=chiffres_cles(actuel, precedent, k),
        tableaux=t.tableaux,
        communes=ctx.communes,
        epci=epci,
        lieux=ctx.lieux,
        methode=ctx.methode,
    )
