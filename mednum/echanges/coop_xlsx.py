"""Activities as La Coop de la médiation numérique's XLSX export, and back.

The columns are La Coop's own (coop_aidants.md §1.4, `buildAccompagnementsWorksheet.ts`), one
row per accompaniment, after a header block with the export's date and filters; so that a
conseiller numérique who must also report in La Coop never types a session twice.

Difference, on purpose: La Coop gives a workshop's anonymous participants attributes drawn at
random; we record them as counts only, so their rows say « Non communiqué » and a second sheet
gives each workshop's counts by genre, age band and status.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import asyncpg
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from domain.activites.referentiel import (
    MATERIELS,
    NIVEAUX_ATELIER,
    STRUCTURES_REDIRECTION,
    TYPES_ACTIVITE,
    TYPES_LIEU,
)
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION

COLONNES = (
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Type",
    "Participants",
    "Bénéficiaire",
    "Canaux d'accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l'atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d'accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d'autonomie (ou de l'atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre",
    "Tranche d'âge",
    "Statut",
    "Notes supplémentaires",
    "Source de la donnée",
    "ID CRA",
)
THEMATIQUES = THEMATIQUES_MEDIATION | THEMATIQUES_ADMINISTRATIVES
ETOILES = {"entierement_accompagne": 1, "partiellement_autonome": 2, "autonome": 3}
SEPARATEUR = ", "
SOURCE_MEDNUM = "MedNum"
FEUILLE = "Accompagnements"
FEUILLE_ANONYMES = "Participants anonymes"

_LIGNES = """
SELECT a.id, a.date, a.cree_le, a.modifie_le, a.type, a.participants, a.type_lieu, a.duree,
       a.titre, a.niveau, a.materiel, a.thematiques, a.precisions_demarche, a.autonomie,
       a.oriente_vers_structure, a.redirection, a.commune AS commune_activite,
       l.nom AS lieu_nom, l.adresse AS lieu_adresse, l.commune AS lieu_commune,
       l.code_postal AS lieu_code_postal, l.code_insee AS lieu_code_insee,
       ca.nom AS commune_activite_nom, ca.codes_postaux[1] AS commune_activite_cp,
       ac.rang, ac.beneficiaire_id, b.prenom, b.nom,
       coalesce(b.genre, ac.genre) AS genre, coalesce(b.tranche_age, ac.tranche_age) AS tranche,
       coalesce(b.statut_social, ac.statut_social) AS statut,
       coalesce(b.commune_residence, ac.commune_residence) AS commune_beneficiaire,
       cb.nom AS commune_beneficiaire_nom, cb.codes_postaux[1] AS commune_beneficiaire_cp
FROM activites a
JOIN accompagnements ac ON ac.activite_id = a.id
LEFT JOIN lieux l ON l.id = a.lieu_id
LEFT JOIN communes ca ON ca.code_insee = a.commune
LEFT JOIN beneficiaires b ON b.id = ac.beneficiaire_id
LEFT JOIN communes cb ON cb.code_insee = coalesce(b.commune_residence, ac.commune_residence)
WHERE NOT a.supprimee AND ($1::text IS NULL OR a.mediateur = $1)
  AND ($2::date IS NULL OR a.date >= $2) AND ($3::date IS NULL OR a.date <= $3)
ORDER BY a.date DESC, a.id, ac.rang
"""


async def lignes_export(
    conn: asyncpg.Connection,
    mediateur: str | None,
    du: dt.date | None = None,
    au: dt.date | None = None,
) -> list[dict[str, Any]]:
    """One row per accompaniment, in La Coop's columns."""
    return [_ligne(r) for r in await conn.fetch(_LIGNES, mediateur, du, au)]


async def anonymes_des_ateliers(
    conn: asyncpg.Connection, mediateur: str | None
) -> list[asyncpg.Record]:
    records: list[asyncpg.Record] = await conn.fetch(
        "SELECT id, date, titre, anonymes, anonymes_deja_accompagnes, genres, tranches_age, "
        "statuts_sociaux FROM activites WHERE NOT supprimee AND type = 'collectif' "
        "AND anonymes > 0 AND ($1::text IS NULL OR mediateur = $1) ORDER BY date DESC, id",
        mediateur,
    )
    return records


def _ligne(r: asyncpg.Record) -> dict[str, Any]:
    individuel = r["type"] == "individuel"
    if r["lieu_nom"]:
        lieu = (r["lieu_nom"], r["lieu_adresse"], r["lieu_commune"])
        codes = (r["lieu_code_postal"], r["lieu_code_insee"])
    else:
        lieu = (None, None, r["commune_activite_nom"])
        codes = (r["commune_activite_cp"], r["commune_activite"])
    thematiques = [t for t in r["thematiques"] if t in THEMATIQUES_MEDIATION]
    demarches = [t for t in r["thematiques"] if t in THEMATIQUES_ADMINISTRATIVES]
    if individuel:
        niveau = f"{ETOILES[r['autonomie']]}/3" if r["autonomie"] else None
    else:
        niveau = NIVEAUX_ATELIER.get(r["niveau"] or "")
    suivi = r["beneficiaire_id"] and r["nom"]
    beneficiaire = f"{r['prenom']} {r['nom']}" if suivi else "Anonyme"
    return {
        "Date": r["date"].strftime("%d/%m/%Y"),
        "Enregistré le": r["cree_le"].strftime("%d/%m/%Y"),
        "Dernière modification le": r["modifie_le"].strftime("%d/%m/%Y"),
        "Type": TYPES_ACTIVITE[r["type"]],
        "Participants": f"{r['rang'] + 1}/{r['participants']}",  # rang counts from 0
        "Bénéficiaire": beneficiaire,
        "Canaux d'accompagnement": TYPES_LIEU[r["type_lieu"]],
        "Nom du lieu": lieu[0],
        "Adresse": lieu[1],
        "Commune": lieu[2],
        "Code postal": codes[0],
        "Code Insee": codes[1],
        "Durée (min)": r["duree"],
        "Nom de l'atelier": r["titre"],
        "Matériel numérique utilisé": SEPARATEUR.join(MATERIELS[m] for m in r["materiel"]),
        "Thématique(s) d'accompagnement": SEPARATEUR.join(
            THEMATIQUES[t] for t in [*thematiques, *demarches]
        ),
        "Tags": None,
        "Nom de la démarche administrative": r["precisions_demarche"],
        "Niveau d'autonomie (ou de l'atelier)": niveau,
        "Bénéficiaire réorienté": ("Oui" if r["oriente_vers_structure"] else "Non")
        if individuel
        else None,
        "Structure de redirection": STRUCTURES_REDIRECTION.get(r["redirection"] or ""),
        "Commune du bénéficiaire": r["commune_beneficiaire_nom"],
        "Code postal du bénéficiaire": r["commune_beneficiaire_cp"],
        "Code Insee du bénéficiaire": r["commune_beneficiaire"],
        "Genre": GENRES[r["genre"] or "non_communique"],
        "Tranche d'âge": TRANCHES_AGE[r["tranche"] or "non_communique"],
        "Statut": STATUTS_SOCIAUX[r["statut"] or "non_communique"],
        "Notes supplémentaires": None,
        "Source de la donnée": SOURCE_MEDNUM,
        "ID CRA": str(r["id"]),
    }


def classeur(
    lignes: list[dict[str, Any]],
    anonymes: list[asyncpg.Record],
    *,
    titre: str,
    filtres: str,
    exporte_le: dt.datetime,
) -> bytes:
    wb = Workbook()
    feuille = wb.active
    assert feuille is not None
    feuille.title = FEUILLE
    feuille.append([titre])
    feuille["A1"].font = Font(bold=True, size=14)
    feuille.append(["Exporté le", exporte_le.strftime("%d/%m/%Y à %H:%M")])
    feuille.append(["Filtres", filtres])
    feuille.append([])
    feuille.append(list(COLONNES))
    for cellule in feuille[5]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        feuille.append([ligne[c] for c in COLONNES])
    feuille.freeze_panes = "A6"
    autre = wb.create_sheet(FEUILLE_ANONYMES)
    autre.append(
        ["ID CRA", "Date", "Nom de l'atelier", "Participants anonymes", "Déjà accompagnés"]
        + [f"Genre : {v}" for v in GENRES.values()]
        + [f"Tranche d'âge : {v}" for v in TRANCHES_AGE.values()]
        + [f"Statut : {v}" for v in STATUTS_SOCIAUX.values()]
    )
    for a in anonymes:
        autre.append(
            [
                str(a["id"]),
                a["date"].strftime("%d/%m/%Y"),
                a["titre"],
                a["anonymes"],
                a["anonymes_deja_accompagnes"],
                *_comptes(a["genres"], GENRES, a["anonymes"]),
                *_comptes(a["tranches_age"], TRANCHES_AGE, a["anonymes"]),
                *_comptes(a["statuts_sociaux"], STATUTS_SOCIAUX, a["anonymes"]),
            ]
        )
    sortie = io.BytesIO()
    wb.save(sortie)
    return sortie.getvalue()


def _comptes(comptes: Any, valeurs: dict[str, str], total: int) -> list[int]:
    """Counts in the order of `valeurs`; what they leave out is « non communiqué »."""
    if isinstance(comptes, str):  # asyncpg hands jsonb over as text
        comptes = json.loads(comptes)
    connus = {v: int(comptes.get(v, 0)) for v in valeurs if v != "non_communique"}
    return [
        connus.get(v, total - sum(connus.values())) if v == "non_communique" else connus[v]
        for v in valeurs
    ]


def lire_classeur(contenu: bytes) -> list[dict[str, Any]]:
    """The accompaniment rows of a La Coop export (the header row is found by its columns)."""
    feuille = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True).worksheets[0]
    lignes: list[dict[str, Any]] = []
    entetes: list[str] | None = None
    for valeurs in feuille.iter_rows(values_only=True):
        cellules = ["" if v is None else v for v in valeurs]
        if entetes is None:
            if "ID CRA" in cellules and "Date" in cellules:
                entetes = [str(c).strip() for c in cellules]
            continue
        if any(c != "" for c in cellules):
            lignes.append(dict(zip(entetes, cellules, strict=False)))
    return lignes
