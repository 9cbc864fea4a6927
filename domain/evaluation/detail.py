"""The trend and drill-down tables of a report: month by month, place by place, structure by
structure.

They are ordinary `Tableau`s of the report, so every renderer sees them like the others. Each
column is one measure; a column of counts of people goes through the same small-cell rule as
every distribution (`proteger_distribution`, protected as if its total were known), a column
of activities (sessions, workshops: no person is counted) is published as is, with its total.

The columns of people print no total: a month's or a place's accompaniments add up to the
headline (or to a figure equal to it), which the report's own system of counts
(domain.evaluation.comptes) may hide; printing it here would give it away. These tables are
protected column by column, not inside that system: protecting each column against its
known total is enough for a partition of a published (or hidden) figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import msgspec

from domain.evaluation.cellules import brute, flottante
from domain.evaluation.mesures import Mesures
from domain.evaluation.periodes import MOIS, mois_de
from domain.evaluation.rapport import Cellule, Ligne, Periode, Rapport, Tableau
from domain.evaluation.secret import cellule, proteger_distribution

ID_MENSUEL = "M4.1.mensuel"
ID_LIEUX = "M4.1.lieux"
ID_STRUCTURES = "M4.1.structures"
IDS_DETAIL = (ID_MENSUEL, ID_LIEUX, ID_STRUCTURES)


@dataclass(frozen=True)
class Colonne:
    titre: str
    valeurs: Mapping[str, int]
    """Row key → raw value (absent: 0)."""
    personnes: bool = True
    """A count of people: protected. Otherwise (activities) published as is."""
    total: bool = True
    """Whether the column's total is published (it is protected as if it were anyway)."""


def tableau_par_colonnes(
    id: str,
    indicateur: str,
    titre: str,
    libelles: Mapping[str, str],
    colonnes: Sequence[Colonne],
    seuil: int,
) -> Tableau:
    """One row per key of `libelles` (in order), one protected column per measure."""
    cles = list(libelles)
    par_colonne: list[tuple[list[Cellule], Cellule]] = []
    for colonne in colonnes:
        valeurs = [colonne.valeurs.get(c, 0) for c in cles]
        if colonne.personnes and valeurs:
            protege = proteger_distribution(valeurs, seuil, total=colonne.total)
            cellules = [flottante(cellule(c)) for c in protege.cellules[0]]
            total = flottante(cellule(protege.totaux_lignes[0]))
        else:
            cellules = [brute(v) for v in valeurs]
            total = brute(sum(valeurs) if colonne.total else None)
        par_colonne.append((cellules, total))
    lignes = [
        Ligne(modalite=c, libelle=libelles[c], cellules=[p[0][i] for p in par_colonne])
        for i, c in enumerate(cles)
    ]
    total_ligne = None
    if lignes and any(c.total for c in colonnes):
        total_ligne = Ligne(modalite="total", libelle="Total", cellules=[p[1] for p in par_colonne])
    return Tableau(
        id=id,
        indicateur=indicateur,
        titre=titre,
        colonnes=[c.titre for c in colonnes],
        lignes=lignes,
        total=total_ligne,
    )


def libelle_mois(premier: dt.date, periode: Periode) -> str:
    """« novembre 2026 », or « novembre 2026 (du 1 au 15) » for a month the period cuts."""
    debut, fin = max(premier, periode.debut), periode.fin
    suivant = dt.date(premier.year + premier.month // 12, premier.month % 12 + 1, 1)
    fin = min(fin, suivant - dt.timedelta(days=1))
    nom = f"{MOIS[premier.month - 1]} {premier.year}"
    if debut == premier and fin == suivant - dt.timedelta(days=1):
        return nom
    return f"{nom} (du {debut.day} au {fin.day})"


def _mesure(m: Mesures, attribut: str, rang: int) -> dict[str, int]:
    valeurs: dict[str, list[int]] = getattr(m, attribut)
    return {k: v[rang] for k, v in valeurs.items()}


def evolution_mensuelle(
    actuel: Mesures,
    precedent: Mesures,
    periode: Periode,
    precedente: Periode,
    seuil: int,
) -> Tableau:
    """Accompaniments and unique beneficiaries per month of the period, beside the same month
    a year earlier. People are distinct within a month only, so their column has no total."""
    libelles = {str(rang): libelle_mois(p, periode) for rang, p in enumerate(mois_de(periode))}
    return tableau_par_colonnes(
        ID_MENSUEL,
        "M4.1",
        "Évolution mensuelle : accompagnements et personnes accompagnées",
        libelles,
        [
            Colonne(
                f"Accompagnements — {periode.libelle}", _mesure(actuel, "par_mois", 0), total=False
            ),
            Colonne(
                f"Accompagnements — {precedente.libelle}",
                _mesure(precedent, "par_mois", 0),
                total=False,
            ),
            Colonne(
                f"Personnes accompagnées — {periode.libelle}",
                _mesure(actuel, "par_mois", 1),
                total=False,
            ),
            Colonne(
                f"Personnes accompagnées — {precedente.libelle}",
                _mesure(precedent, "par_mois", 1),
                total=False,
            ),
        ],
        seuil,
    )


def _detail(
    id: str,
    titre: str,
    attribut: str,
    noms: Mapping[str, str],
    actuel: Mesures,
    precedent: Mesures,
    precedente: Periode,
    seuil: int,
    additif: bool,
) -> Tableau:
    """Rows: those of `noms` with activity in either period, by name. `additif`: whether the
    rows add up to a published total (places do; structures may share a place)."""
    vus = set(getattr(actuel, attribut)) | set(getattr(precedent, attribut))
    libelles = {k: nom for k, nom in noms.items() if k in vus}
    return tableau_par_colonnes(
        id,
        "M4.1",
        titre,
        libelles,
        [
            Colonne("Accompagnements", _mesure(actuel, attribut, 1), total=False),
            Colonne("Personnes accompagnées", _mesure(actuel, attribut, 2), total=False),
            Colonne("Séances individuelles", _mesure(actuel, attribut, 3), False, additif),
            Colonne("Ateliers", _mesure(actuel, attribut, 4), False, additif),
            Colonne(
                f"Accompagnements — {precedente.libelle}",
                _mesure(precedent, attribut, 1),
                total=False,
            ),
        ],
        seuil,
    )


def tableaux_detail(
    actuel: Mesures,
    precedent: Mesures,
    periode: Periode,
    precedente: Periode,
    seuil: int,
    lieux: Mapping[str, str],
    structures: Mapping[str, str],
) -> list[Tableau]:
    """The monthly trend, then the drill-down by structure and by place."""
    return [
        evolution_mensuelle(actuel, precedent, periode, precedente, seuil),
        _detail(
            ID_STRUCTURES,
            "Chiffres par structure (activités tenues dans ses lieux du territoire)",
            "par_structure",
            structures,
            actuel,
            precedent,
            precedente,
            seuil,
            additif=False,
        ),
        _detail(
            ID_LIEUX,
            "Chiffres par lieu (activités tenues dans le lieu)",
            "par_lieu",
            lieux,
            actuel,
            precedent,
            precedente,
            seuil,
            additif=True,
        ),
    ]


def sans_detail_absent(recalcule: Rapport, fige: Rapport) -> Rapport:
    """A report frozen before the trend and drill-down tables existed has none: its replay
    drops them too before the bytes are compared (every other table still must match)."""
    presents = {t.id for t in fige.tableaux}
    gardes = [t for t in recalcule.tableaux if t.id not in IDS_DETAIL or t.id in presents]
    return msgspec.structs.replace(recalcule, tableaux=gardes)
