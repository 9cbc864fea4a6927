"""La Coop de la médiation numérique's activities XLSX, as its code writes it: columns, labels,
separator and the block of rows above the table.

Copied from inclusion-numerique/coop-mediation-numerique at commit 46aa33b (June 2026),
`apps/web/src/features/activites/use-cases/list/export/buildAccompagnementsWorksheet.ts` and
the label files it imports (tests/data/coop/README.md lists them). The labels are La Coop's
own, typographic apostrophes included, kept apart from our referentials on purpose: those may
word a label differently on screen, the file must stay byte-for-byte La Coop's.
"""

from __future__ import annotations

import datetime as dt
import re

# `intraCellLineBreak`: several values in one cell, one per line.
SAUT = "\n"
FEUILLE = "Activités"
ANONYME = "Bénéficiaire anonyme"  # displayNameFromIdentity without a name


def entetes(soi_meme: bool, cra_v1: bool = False) -> tuple[str, ...]:
    """`activitesTableHeaders`: a mediator's own export, or a coordinator's (mediator
    columns, no person nor notes); « Source de la donnée » only when V1 records exist."""
    return (
        "Date",
        "Enregistré le",
        "Dernière modification le",
        *(() if soi_meme else ("Prénom du médiateur", "Nom du médiateur", "Rôle", "ID - Conum")),
        "Type",
        "Participants",
        *(("Bénéficiaire",) if soi_meme else ()),
        "Canaux d’accompagnement",
        "Nom du lieu",
        "Adresse",
        "Commune",
        "Code postal",
        "Code Insee",
        "Durée (min)",
        "Nom de l’atelier",
        "Matériel numérique utilisé",
        "Thématique(s) d’accompagnement",
        "Tags",
        "Nom de la démarche administrative",
        "Niveau d’autonomie (ou de l’atelier)",
        "Bénéficiaire réorienté",
        "Structure de redirection",
        "Commune du bénéficiaire",
        "Code postal du bénéficiaire",
        "Code Insee du bénéficiaire",
        "Genre du bénéficiaire",
        "Tranche d’âge du bénéficiaire",
        "Statut du bénéficiaire",
        *(("Notes supplémentaires",) if soi_meme else ()),
        *(("Source de la donnée",) if cra_v1 else ()),
        "ID CRA",
    )


COLONNES = entetes(soi_meme=True)

# Our stored values → La Coop's labels (type-activite.ts, type-lieu.ts, materiel.ts,
# structures-redirection.ts, genre.ts, tranche-age.ts, statut-social.ts).
TYPES = {"individuel": "Accompagnement individuel", "collectif": "Atelier collectif"}
CANAUX = {
    "lieu_activite": "Lieu d’activité",
    "autre": "Autre lieu",
    "domicile": "À domicile",
    "a_distance": "À distance",
}
MATERIELS = {
    "ordinateur": "Ordinateur",
    "telephone": "Téléphone",
    "tablette": "Tablette",
    "autre": "Autre",
    "aucun": "Pas de matériel",
}
REDIRECTIONS = {
    "administration": "Administration (mairie, préfecture…)",
    "mediation_numerique": "Autre structure de médiation numérique",
    "operateur_ou_organisme_en_charge": (
        "Opérateur ou organisme en charge de la démarche administrative"
    ),
    "aide_sociale": "Structure d’aide sociale (maison des solidarités, centre social…)",
    "insertion_professionnelle": (
        "Structure d’insertion professionnelle (France Travail, mission locale, chambre de "
        "commerce…)"
    ),
    "aide_aux_demarches_administratives": (
        "Structure d’aide aux démarches administratives (France Services…)"
    ),
    "autre": "Autre",
}
GENRES = {"masculin": "Masculin", "feminin": "Féminin", "non_communique": "Non communiqué"}
TRANCHES = {
    "soixante_dix_plus": "70 ans et plus",
    "soixante_soixante_neuf": "60 - 69 ans",
    "quarante_cinquante_neuf": "40 - 59 ans",
    "vingt_cinq_trente_neuf": "25 - 39 ans",
    "dix_huit_vingt_quatre": "18 - 24 ans",
    "douze_dix_huit": "12 - 17 ans",
    "moins_de_douze": "Moins de 12 ans",
    "non_communique": "Non communiqué",
}
STATUTS = {
    "retraite": "Retraité",
    "sans_emploi": "Sans emploi",
    "en_emploi": "En emploi",
    "scolarise": "Scolarisé",
    "non_communique": "Non communiqué ou hétérogène",
}
NON_COMMUNIQUE = "non_communique"
# autonomieStars and niveauAtelierStars, written « n/3 » (3 = number of values).
ETOILES_AUTONOMIE = {"entierement_accompagne": 1, "partiellement_autonome": 2, "autonome": 3}
ETOILES_NIVEAU = {"debutant": 1, "intermediaire": 2, "avance": 3}
OUI, NON = "Oui", "Non"
SOURCE_V2 = "La Coop de la médiation numérique (V2)"
SOURCE_V1 = "Espace coop (V1)"


def horodatage(moment: dt.datetime) -> str:
    """date-fns `dd/MM/yyyy 'à' HH:mm`."""
    return moment.strftime("%d/%m/%Y à %H:%M")


def bloc_informations(
    *, nom: str, prenom: str, role: str, total: int, exporte_le: dt.datetime
) -> list[list[object]]:
    """addExportMetadata.ts: title, then its rows and an empty one (straight apostrophes in
    « Date d'export » and « Heure d'export », as La Coop writes them)."""
    return [
        ["Informations export"],
        ["Nom", nom or "-"],
        ["Prénom", prenom or "-"],
        ["Rôle", role],
        ["Total", total],
        ["Date d'export", exporte_le.strftime("%d/%m/%Y")],
        ["Heure d'export", exporte_le.strftime("%H:%M")],
        [],
    ]


def bloc_filtres(*, periode: str | None, mediateur: str | None) -> list[list[object]]:
    """buildWorksheetHelpers.ts `addFilters`: « - » for a filter not chosen; the « Médiateur »
    row only when someone exports another's activities; then an empty row."""
    lignes: list[list[object]] = [["Filtres"], ["Période", periode or "-"]]
    lignes += [
        [libelle, "-"]
        for libelle in (
            "Source",
            "Lieux d’accompagnement",
            "Communes",
            "Départements",
            "Type d’accompagnement",
            "Rôle",
            "Thématiques non administratives",
            "Thématiques administratives",
            "Tags",
        )
    ]
    if mediateur:
        lignes.append(["Médiateur", mediateur])
    return [*lignes, []]


def cle(texte: object) -> str:
    """A header or label compared loosely: case, spaces and the apostrophe's shape aside (older
    MedNum exports wrote ' where La Coop writes ’)."""
    return re.sub(r"\s+", " ", str(texte).replace("’", "'")).strip().lower()
