"""Commands on activities. They double as the JSON API's bodies.

Ranges and rules (duration, dates, thématiques…) are checked by decide.py, not by msgspec, so
that a refusal is a 422 naming the field in French rather than a type error."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from domain.activites.events import ParticipantsAnonymes
from domain.base import Commande, champs_poses
from domain.beneficiaires.events import Profil

TypeActivite = Annotated[
    str, msgspec.Meta(max_length=20, description="individuel ou collectif", examples=["individuel"])
]
Duree = Annotated[int, msgspec.Meta(description="En minutes, de 1 à 600", examples=[30])]
TypeLieu = Annotated[
    str,
    msgspec.Meta(
        max_length=20,
        description="lieu_activite (avec lieu_id), domicile ou autre (avec commune), a_distance",
        examples=["lieu_activite"],
    ),
]
CodeInsee = Annotated[str, msgspec.Meta(max_length=10, examples=["21231"])]
Valeurs = Annotated[list[str], msgspec.Meta(max_length=40)]
Texte = Annotated[str, msgspec.Meta(max_length=2000)]
Court = Annotated[str, msgspec.Meta(max_length=300)]
Ids = Annotated[list[UUID], msgspec.Meta(max_length=200)]
Tags = Annotated[
    list[Annotated[str, msgspec.Meta(max_length=200)]],
    msgspec.Meta(
        max_length=40,
        description="Les tags du médiateur : 20 au plus, 80 caractères chacun, sans virgule",
        examples=[["Seniors", "Quartier des Grésilles"]],
    ),
]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version de l'activité sur laquelle la demande porte")
]


class EnregistrerActivite(Commande, frozen=True, kw_only=True):
    """Record an activity (compte rendu d'activité), individual or a workshop."""

    type: TypeActivite
    date: dt.date
    duree: Duree
    type_lieu: TypeLieu
    lieu_id: UUID | None = None
    commune: CodeInsee | None = None
    materiel: Valeurs = msgspec.field(default_factory=list)
    thematiques: Valeurs = msgspec.field(default_factory=list)
    precisions_demarche: Court | None = None
    notes: Texte | None = None
    motif_retard: Court | None = None
    tags: Tags = msgspec.field(default_factory=list)
    autonomie: Court | None = None
    oriente_vers_structure: bool = False
    structure_de_redirection: Court | None = None
    beneficiaire_id: UUID | None = None
    profil: Profil | None = None
    titre_atelier: Court | None = None
    niveau: Court | None = None
    beneficiaires: Ids = msgspec.field(default_factory=list)
    participants: ParticipantsAnonymes | None = None


class CorrigerActivite(Commande, frozen=True, kw_only=True):
    """Correct some fields: a field left out stays as it is, `null` empties an optional one.
    The type (individuel / collectif) cannot change: delete and record again."""

    version: Version
    date: dt.date | msgspec.UnsetType = msgspec.UNSET
    duree: Duree | msgspec.UnsetType = msgspec.UNSET
    type_lieu: TypeLieu | msgspec.UnsetType = msgspec.UNSET
    lieu_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    commune: CodeInsee | msgspec.UnsetType | None = msgspec.UNSET
    materiel: Valeurs | msgspec.UnsetType = msgspec.UNSET
    thematiques: Valeurs | msgspec.UnsetType = msgspec.UNSET
    precisions_demarche: Court | msgspec.UnsetType | None = msgspec.UNSET
    notes: Texte | msgspec.UnsetType | None = msgspec.UNSET
    motif_retard: Court | msgspec.UnsetType | None = msgspec.UNSET
    tags: Tags | msgspec.UnsetType = msgspec.UNSET
    autonomie: Court | msgspec.UnsetType | None = msgspec.UNSET
    oriente_vers_structure: bool | msgspec.UnsetType = msgspec.UNSET
    structure_de_redirection: Court | msgspec.UnsetType | None = msgspec.UNSET
    beneficiaire_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    profil: Profil | msgspec.UnsetType | None = msgspec.UNSET
    titre_atelier: Court | msgspec.UnsetType | None = msgspec.UNSET
    niveau: Court | msgspec.UnsetType | None = msgspec.UNSET
    beneficiaires: Ids | msgspec.UnsetType = msgspec.UNSET
    participants: ParticipantsAnonymes | msgspec.UnsetType | None = msgspec.UNSET

    def champs_donnes(self) -> dict[str, object]:
        return champs_poses(self, CHAMPS_CORRIGEABLES)


class SupprimerActivite(Commande, frozen=True, kw_only=True):
    """Delete an activity (it leaves the figures; its history stays). A reason is required."""

    version: Version
    motif: Court


CHAMPS_CORRIGEABLES: tuple[str, ...] = tuple(
    name for name in CorrigerActivite.__struct_fields__ if name not in ("command_id", "version")
)
