"""What an evaluation report holds: figures already computed and already protected.

A report is data, not presentation: the HTML page, the PDF, the XLSX and the CSV are all
rendered from one `Rapport`. Its canonical JSON (`contenu_canonique`) is what a frozen report
stores and what a regeneration must reproduce byte for byte, so nothing in it may depend on
the moment it is computed: the cut-off is an event position and that event's timestamp.
"""

from __future__ import annotations

import datetime as dt

import msgspec

NIVEAUX_TERRITOIRE = ("region", "departement", "epci", "commune")


class Territoire(msgspec.Struct, frozen=True, kw_only=True):
    niveau: str
    """A key of NIVEAUX_TERRITOIRE."""
    code: str
    """Code INSEE of the commune, département or région; SIREN of the EPCI."""
    nom: str


class Periode(msgspec.Struct, frozen=True, kw_only=True):
    debut: dt.date
    fin: dt.date
    """Inclusive."""
    libelle: str
    """« mars 2026 », « 1er trimestre 2026 », « année 2025 », « du 3 mars au 12 avril 2026 »."""


class Cellule(msgspec.Struct, frozen=True, kw_only=True):
    valeur: float | None
    """None when the cell is hidden (small-cell suppression) or has no meaning (a rate over 0)."""
    masquee: bool = False
    """Hidden by statistical secrecy: shown as « < 11 » (primary) or « s » (secondary)."""
    secondaire: bool = False
    numerateur: float | None = None
    denominateur: float | None = None
    """A published rate's parts, as the dictionary defines them (None for a count)."""
    non_calculable: bool = False
    """A rate whose denominator is empty (zero people, no funds recorded): « non calculable »,
    never 0."""


class Ligne(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    modalite: str
    """Stable key of the row (a thématique's value, a département's code)."""
    libelle: str
    cellules: list[Cellule]
    """One per column of the table."""
    unite: str | None = None
    """The row's own unit where the rows of one table differ (the detail tables of rates and
    means); None: the table's. Left out of the canonical bytes when None, so that reports
    frozen before it existed still verify."""


class Tableau(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    """Indicator id, then what the rows are: « M4.6.thematiques », « M4.1.departements »."""
    indicateur: str
    """« M4.6 »: a key of the indicator dictionary."""
    titre: str
    colonnes: list[str]
    lignes: list[Ligne]
    total: Ligne | None = None
    unite: str = "nombre"
    """« nombre », « pourcentage », « euros », « heures »."""


class ChiffreCle(msgspec.Struct, frozen=True, kw_only=True):
    indicateur: str
    libelle: str
    valeur: Cellule
    precedente: Cellule
    """The same period one year earlier."""
    unite: str = "nombre"


class CommuneCarte(msgspec.Struct, frozen=True, kw_only=True):
    """What the maps show for one commune of the territory."""

    code: str
    nom: str
    epci: str | None
    ifn: float | None
    """Indice de Fragilité Numérique (0-10), None when none was imported."""
    lieux: int
    """Open places recensed in the commune."""


class EpciCarte(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    nom: str
    couverture: Cellule
    """M4.12: unique beneficiaries over 12 months / estimated target population, in %."""


class LieuCarte(msgspec.Struct, frozen=True, kw_only=True):
    latitude: float
    longitude: float


class Definition(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One entry of the method annex."""

    id: str
    libelle: str
    definition: str
    formule: str
    source: str
    numerateur: str = ""
    denominateur: str = ""
    """What a rate of the indicator is made of; empty for a count or a convention."""
    a_la_date: str = ""
    """The indicator's as-of rule; empty for a convention. Empty fields are left out of the
    canonical bytes, so that the conventions read as before."""


class EnTete(msgspec.Struct, frozen=True, kw_only=True):
    """What a report is of, and the state of the data it reads: the first fields of a
    `Rapport`, and of what it is composed from (composition.Contexte)."""

    titre: str
    territoire: Territoire
    periode: Periode
    periode_precedente: Periode
    position: int
    """The last event taken into account."""
    arrete_au: dt.datetime
    """When that event was recorded: « données arrêtées au … »."""


class Rapport(EnTete, frozen=True, kw_only=True):
    seuil_secret: int
    chiffres_cles: list[ChiffreCle]
    tableaux: list[Tableau]
    communes: list[CommuneCarte]
    epci: list[EpciCarte]
    lieux: list[LieuCarte]
    methode: list[Definition]


def contenu_canonique(rapport: Rapport) -> bytes:
    """The bytes a frozen report stores: msgspec encodes fields in declaration order, so the
    same figures always give the same bytes."""
    return msgspec.json.encode(rapport)


def lire_contenu(contenu: bytes) -> Rapport:
    return msgspec.json.decode(contenu, type=Rapport)
