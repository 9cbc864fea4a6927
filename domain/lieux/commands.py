"""Commands on mediation places. Field names are the national standard's (v1.0.2)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

Nom = Annotated[str, msgspec.Meta(max_length=250, examples=["Médiathèque de Dole"])]
Adresse = Annotated[str, msgspec.Meta(max_length=250, examples=["12 rue de la République"])]
CodePostal = Annotated[str, msgspec.Meta(description="5 chiffres", examples=["39100"])]
CodeInsee = Annotated[str, msgspec.Meta(description="Code officiel INSEE", examples=["39198"])]
Latitude = Annotated[float, msgspec.Meta(description="WGS84", examples=[47.0925])]
Longitude = Annotated[float, msgspec.Meta(description="WGS84", examples=[5.4897])]
Services = Annotated[
    list[str],
    msgspec.Meta(
        description="Services du standard national (9 valeurs)",
        examples=[["Aide aux démarches administratives"]],
    ),
]
Horaires = Annotated[
    str,
    msgspec.Meta(
        description="Horaires au format OpenStreetMap opening_hours",
        examples=["Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"],
    ),
]


DateMaj = Annotated[
    date,
    msgspec.Meta(
        description="Date à laquelle la source a vérifié ces informations (date_maj du "
        "standard) ; par défaut, le moment de l'enregistrement",
        examples=["2026-10-01"],
    ),
]
Liste = Annotated[list[str], msgspec.Meta(description="Valeurs, en liste")]
Texte = Annotated[str, msgspec.Meta(max_length=5000)]


class SaisieStandard(Commande, frozen=True, kw_only=True):
    """The national standard's other fields (v1.0.2), all optional. Lists take the
    standard's values; `telephone` is normalised to +33…; `pivot` is a SIRET or RNA number."""

    pivot: Annotated[str, msgspec.Meta(examples=["43493312300029"])] | None = None
    typologie: Liste = msgspec.field(default_factory=list)
    telephone: Annotated[str, msgspec.Meta(examples=["03 80 12 34 56"])] | None = None
    courriels: Liste = msgspec.field(default_factory=list)
    site_web: Liste = msgspec.field(default_factory=list)
    presentation_resume: Texte | None = None
    presentation_detail: Texte | None = None
    source: Texte | None = None
    itinerance: Liste = msgspec.field(default_factory=list)
    structure_parente: Texte | None = None
    publics_specifiquement_adresses: Liste = msgspec.field(default_factory=list)
    prise_en_charge_specifique: Liste = msgspec.field(default_factory=list)
    frais_a_charge: Liste = msgspec.field(default_factory=list)
    dispositif_programmes_nationaux: Liste = msgspec.field(default_factory=list)
    formations_labels: Liste = msgspec.field(default_factory=list)
    autres_formations_labels: Liste = msgspec.field(default_factory=list)
    modalites_acces: Liste = msgspec.field(default_factory=list)
    modalites_accompagnement: Liste = msgspec.field(default_factory=list)
    fiche_acces_libre: Texte | None = None
    prise_rdv: Texte | None = None


class ModificationStandard(Commande, frozen=True, kw_only=True):
    """The same fields for a change: left out, unchanged; `null` or `[]`, emptied."""

    pivot: str | msgspec.UnsetType | None = msgspec.UNSET
    typologie: Liste | msgspec.UnsetType = msgspec.UNSET
    telephone: str | msgspec.UnsetType | None = msgspec.UNSET
    courriels: Liste | msgspec.UnsetType = msgspec.UNSET
    site_web: Liste | msgspec.UnsetType = msgspec.UNSET
    presentation_resume: Texte | msgspec.UnsetType | None = msgspec.UNSET
    presentation_detail: Texte | msgspec.UnsetType | None = msgspec.UNSET
    source: Texte | msgspec.UnsetType | None = msgspec.UNSET
    itinerance: Liste | msgspec.UnsetType = msgspec.UNSET
    structure_parente: Texte | msgspec.UnsetType | None = msgspec.UNSET
    publics_specifiquement_adresses: Liste | msgspec.UnsetType = msgspec.UNSET
    prise_en_charge_specifique: Liste | msgspec.UnsetType = msgspec.UNSET
    frais_a_charge: Liste | msgspec.UnsetType = msgspec.UNSET
    dispositif_programmes_nationaux: Liste | msgspec.UnsetType = msgspec.UNSET
    formations_labels: Liste | msgspec.UnsetType = msgspec.UNSET
    autres_formations_labels: Liste | msgspec.UnsetType = msgspec.UNSET
    modalites_acces: Liste | msgspec.UnsetType = msgspec.UNSET
    modalites_accompagnement: Liste | msgspec.UnsetType = msgspec.UNSET
    fiche_acces_libre: Texte | msgspec.UnsetType | None = msgspec.UNSET
    prise_rdv: Texte | msgspec.UnsetType | None = msgspec.UNSET


class RecenserLieu(SaisieStandard, frozen=True, kw_only=True):
    """Add a mediation place to the registry."""

    nom: Nom
    adresse: Adresse
    code_postal: CodePostal
    code_insee: CodeInsee
    latitude: Latitude
    longitude: Longitude
    complement_adresse: Adresse | None = None
    services: Services = msgspec.field(default_factory=list)
    horaires: Horaires | None = None
    date_maj: DateMaj | None = None


class ModifierLieu(ModificationStandard, frozen=True, kw_only=True):
    """Change some fields of a place; a field left out stays as it is, `null` empties it.

    The place itself is named apart (the URL, for the API), like every command on an
    existing record.
    """

    version: Annotated[
        int,
        msgspec.Meta(ge=1, description="Version de la fiche sur laquelle la modification porte"),
    ]
    nom: Nom | msgspec.UnsetType = msgspec.UNSET
    adresse: Adresse | msgspec.UnsetType = msgspec.UNSET
    complement_adresse: Adresse | msgspec.UnsetType | None = msgspec.UNSET
    code_postal: CodePostal | msgspec.UnsetType = msgspec.UNSET
    code_insee: CodeInsee | msgspec.UnsetType = msgspec.UNSET
    latitude: Latitude | msgspec.UnsetType = msgspec.UNSET
    longitude: Longitude | msgspec.UnsetType = msgspec.UNSET
    services: Services | msgspec.UnsetType = msgspec.UNSET
    horaires: Horaires | msgspec.UnsetType | None = msgspec.UNSET
    date_maj: DateMaj | msgspec.UnsetType = msgspec.UNSET


class FermerLieu(Commande, frozen=True, kw_only=True):
    """Record that a place no longer welcomes the public."""

    version: Annotated[int, msgspec.Meta(ge=1)]
    motif: Annotated[str, msgspec.Meta(max_length=500)] = ""


class VerifierLieu(Commande, frozen=True, kw_only=True):
    """Confirm that a place's record is right as it is (it counts as verified today)."""

    version: Annotated[int, msgspec.Meta(ge=1)]


class FusionnerLieux(Commande, frozen=True, kw_only=True):
    """Merge a duplicate into the place named apart (the one kept): the kept place gains
    the fields it lacked, the duplicate disappears from lists, map and exports."""

    doublon: Annotated[UUID, msgspec.Meta(description="Le lieu en double, qui disparaît")]
    version: Annotated[int, msgspec.Meta(ge=1, description="Version du lieu gardé")]
    version_doublon: Annotated[int, msgspec.Meta(ge=1, description="Version du doublon")]


class AnnulerFusion(Commande, frozen=True, kw_only=True):
    """Undo the merge of the place named apart (the duplicate): both places are back."""

    version: Annotated[int, msgspec.Meta(ge=1, description="Version du lieu fusionné")]


class EcarterDoublon(Commande, frozen=True, kw_only=True):
    """Record that the place named apart and `autre` are not duplicates."""

    autre: UUID
