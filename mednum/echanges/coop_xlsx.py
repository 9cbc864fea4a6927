"""Activities as La Coop de la médiation numérique's XLSX export, and back.

The sheet « Activités » is La Coop's (mednum/echanges/coop_format.py: its header block, its
columns in its order, its labels and its line break between values), one row per
accompaniment; so that a conseiller numérique who must also report in La Coop never types a
session twice, and a La Coop file comes into MedNum as it is.

Differences, on purpose: La Coop gives a workshop's anonymous participants attributes drawn at
random; we record them as counts only, so their rows say « Non communiqué » and a second sheet,
after La Coop's, gives each workshop's counts (our importer reads it back). Notes are not in
the read model (they stay in the activity's events), so « Notes supplémentaires » is empty.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import msgspec
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table

from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION
from mednum.echanges.coop_format import (
    ANONYME,
    CANAUX,
    ETOILES_AUTONOMIE,
    ETOILES_NIVEAU,
    FEUILLE,
    GENRES,
    MATERIELS,
    NON,
    NON_COMMUNIQUE,
    OUI,
    REDIRECTIONS,
    SAUT,
    STATUTS,
    TRANCHES,
    TYPES,
    bloc_filtres,
    bloc_informations,
    cle,
    entetes,
    horodatage,
)

THEMATIQUES = THEMATIQUES_MEDIATION | THEMATIQUES_ADMINISTRATIVES
FEUILLE_ANONYMES = "Participants anonymes"
PARIS = ZoneInfo("Europe/Paris")
CATEGORIES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("genres", "Genre", GENRES),
    ("tranches_age", "Tranche d'âge", TRANCHES),
    ("statuts_sociaux", "Statut", STATUTS),
)

_LIGNES = """
SELECT a.id, a.mediateur, a.date, a.cree_le, a.modifie_le, a.type, a.participants, a.type_lieu,
       a.duree, a.titre, a.niveau, a.materiel, a.thematiques, a.tags, a.precisions_demarche,
       a.autonomie, a.oriente_vers_structure, a.redirection, a.commune AS commune_activite,
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
    """One row per accompaniment, keyed by La Coop's columns (both layouts' columns)."""
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
    if individuel:
        etoiles = ETOILES_AUTONOMIE.get(r["autonomie"] or "")
    else:
        etoiles = ETOILES_NIVEAU.get(r["niveau"] or "")
    nom = " ".join(n for n in (r["prenom"], r["nom"]) if n) if r["beneficiaire_id"] else ""
    cree = r["cree_le"].astimezone(PARIS)
    modifie = r["modifie_le"].astimezone(PARIS)
    return {
        "Date": dt.datetime.combine(r["date"], dt.time()),
        "Enregistré le": horodatage(cree),
        "Dernière modification le": "" if modifie == cree else horodatage(modifie),
        "Prénom du médiateur": "",
        "Nom du médiateur": r["mediateur"],  # accounts have an e-mail, not a name
        "Rôle": "Médiateur",
        "ID - Conum": "",
        "Type": TYPES[r["type"]],
        "Participants": 1 if r["participants"] == 1 else f"{r['rang'] + 1}/{r['participants']}",
        "Bénéficiaire": nom or ANONYME,
        "Canaux d’accompagnement": CANAUX[r["type_lieu"]],
        "Nom du lieu": lieu[0] or "",
        "Adresse": lieu[1] or "",
        "Commune": lieu[2] or "",
        "Code postal": codes[0] or "",
        "Code Insee": codes[1] or "",
        "Durée (min)": r["duree"],
        "Nom de l’atelier": r["titre"] or "",
        "Matériel numérique utilisé": SAUT.join(MATERIELS[m] for m in r["materiel"]),
        "Thématique(s) d’accompagnement": SAUT.join(THEMATIQUES[t] for t in r["thematiques"]),
        "Tags": SAUT.join(r["tags"]),
        "Nom de la démarche administrative": r["precisions_demarche"] or "",
        "Niveau d’autonomie (ou de l’atelier)": f"{etoiles}/3" if etoiles else "",
        "Bénéficiaire réorienté": (OUI if r["oriente_vers_structure"] else NON)
        if individuel
        else "",
        "Structure de redirection": REDIRECTIONS.get(r["redirection"] or "", ""),
        "Commune du bénéficiaire": r["commune_beneficiaire_nom"] or "",
        "Code postal du bénéficiaire": r["commune_beneficiaire_cp"] or "",
        "Code Insee du bénéficiaire": r["commune_beneficiaire"] or "",
        "Genre du bénéficiaire": GENRES.get(r["genre"] or "", GENRES[NON_COMMUNIQUE]),
        "Tranche d’âge du bénéficiaire": TRANCHES.get(r["tranche"] or "", TRANCHES[NON_COMMUNIQUE]),
        "Statut du bénéficiaire": STATUTS.get(r["statut"] or "", STATUTS[NON_COMMUNIQUE]),
        "Notes supplémentaires": "",
        "ID CRA": str(r["id"]),
    }


def classeur(
    lignes: list[dict[str, Any]],
    anonymes: list[asyncpg.Record],
    *,
    soi_meme: bool,
    nom: str,
    role: str,
    periode: str | None,
    exporte_le: dt.datetime,
) -> bytes:
    """La Coop's workbook: a mediator's own export (`soi_meme`) or the coordinator layout (an
    admin's export of everyone's activities)."""
    wb = Workbook()
    feuille = wb.active
    assert feuille is not None
    feuille.title = FEUILLE
    wb.properties.creator = "MedNum"
    colonnes = entetes(soi_meme)
    blocs = (
        bloc_informations(nom=nom, prenom="", role=role, total=len(lignes), exporte_le=exporte_le),
        bloc_filtres(periode=periode, mediateur=None if soi_meme else "Tous les médiateurs"),
    )
    for bloc in blocs:
        for rang, rangee in enumerate(bloc):
            feuille.append(rangee)
            if rang == 0:
                feuille.cell(feuille.max_row, 1).font = Font(bold=True)
    feuille.append([""])  # separatorRowBeforeTable
    feuille.append(list(colonnes))
    debut = feuille.max_row
    for ligne in lignes:
        feuille.append([ligne[c] for c in colonnes])
        feuille.cell(feuille.max_row, 1).number_format = "dd/mm/yyyy"
    if lignes:  # a table needs a row under its header
        fin = feuille.cell(feuille.max_row, len(colonnes)).coordinate
        feuille.add_table(Table(displayName="Activites", ref=f"A{debut}:{fin}"))
    for rangee in feuille.iter_rows(min_row=debut):
        for cellule in rangee:
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
    _feuille_anonymes(wb, anonymes)
    sortie = io.BytesIO()
    wb.save(sortie)
    return sortie.getvalue()


def _feuille_anonymes(wb: Workbook, anonymes: list[asyncpg.Record]) -> None:
    autre = wb.create_sheet(FEUILLE_ANONYMES)
    autre.append(
        ["ID CRA", "Date", "Nom de l’atelier", "Participants anonymes", "Déjà accompagnés"]
        + [f"{titre} : {v}" for _cle, titre, libelles in CATEGORIES for v in libelles.values()]
    )
    for a in anonymes:
        autre.append(
            [
                str(a["id"]),
                a["date"].strftime("%d/%m/%Y"),
                a["titre"],
                a["anonymes"],
                a["anonymes_deja_accompagnes"],
                *(
                    n
                    for categorie, _titre, libelles in CATEGORIES
                    for n in _comptes(a[categorie], libelles, a["anonymes"])
                ),
            ]
        )


def _comptes(comptes: Any, valeurs: dict[str, str], total: int) -> list[int]:
    """Counts in the order of `valeurs`; what they leave out is « non communiqué »."""
    if isinstance(comptes, str):  # asyncpg hands jsonb over as text
        comptes = json.loads(comptes)
    connus = {v: int(comptes.get(v, 0)) for v in valeurs if v != NON_COMMUNIQUE}
    return [
        connus.get(v, total - sum(connus.values())) if v == NON_COMMUNIQUE else connus[v]
        for v in valeurs
    ]


class AnonymesLus(msgspec.Struct, kw_only=True):
    """A workshop's anonymous counts, from the second sheet of a MedNum export."""

    total: int = 0
    deja_accompagne: int = 0
    genres: dict[str, int] = msgspec.field(default_factory=dict)
    tranches_age: dict[str, int] = msgspec.field(default_factory=dict)
    statuts_sociaux: dict[str, int] = msgspec.field(default_factory=dict)


class ClasseurLu(msgspec.Struct, kw_only=True):
    lignes: list[dict[str, Any]]  # La Coop's columns, plus « _ligne »: the row's number
    anonymes: dict[str, AnonymesLus]  # by « ID CRA »


# Every column of both La Coop layouts, and MedNum's older spellings, by their loose key.
_CANONIQUES = {cle(c): c for c in (*entetes(True, True), *entetes(False, True))} | {
    "genre": "Genre du bénéficiaire",
    "tranche d'âge": "Tranche d’âge du bénéficiaire",
    "statut": "Statut du bénéficiaire",
}


def lire_classeur(contenu: bytes) -> ClasseurLu:
    """The accompaniment rows of a La Coop (or MedNum) export: the header row is the first
    one holding « Date » and « ID CRA », whatever title rows come above it."""
    wb = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    lignes: list[dict[str, Any]] = []
    colonnes: list[str] | None = None
    for numero, valeurs in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
        cellules = ["" if v is None else v for v in valeurs]
        if colonnes is None:
            cles = [cle(c) for c in cellules]
            if "id cra" in cles and "date" in cles:
                colonnes = [
                    _CANONIQUES.get(k, str(c).strip()) for k, c in zip(cles, cellules, strict=True)
                ]
            continue
        if any(str(c).strip() for c in cellules):
            lignes.append({"_ligne": numero} | dict(zip(colonnes, cellules, strict=False)))
    anonymes = {}
    if FEUILLE_ANONYMES in wb.sheetnames:
        anonymes = _lire_anonymes(wb[FEUILLE_ANONYMES].iter_rows(values_only=True))
    return ClasseurLu(lignes=lignes, anonymes=anonymes)


def _lire_anonymes(rangees: Any) -> dict[str, AnonymesLus]:
    entete = [str(c or "") for c in next(rangees, ())]
    colonnes: dict[int, tuple[str, str]] = {}
    for i, titre in enumerate(entete):
        for categorie, prefixe, libelles in CATEGORIES:
            for valeur, libelle in libelles.items():
                if cle(titre) == cle(f"{prefixe} : {libelle}") and valeur != NON_COMMUNIQUE:
                    colonnes[i] = (categorie, valeur)
    lus: dict[str, AnonymesLus] = {}
    for rangee in rangees:
        if not rangee or not rangee[0]:
            continue
        lu = AnonymesLus(total=int(rangee[3] or 0), deja_accompagne=int(rangee[4] or 0))
        for i, (categorie, valeur) in colonnes.items():
            if i < len(rangee) and rangee[i]:
                getattr(lu, categorie)[valeur] = int(rangee[i])
        lus[str(rangee[0]).strip()] = lu
    return lus
