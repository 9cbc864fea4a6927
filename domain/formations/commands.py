"""Commands on training paths and their sessions. They double as the API's request bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande
from domain.formations.referentiel import CAPACITE_MAX, Mode, Moment

Titre = Annotated[str, msgspec.Meta(max_length=200, examples=["Formation Aidants Connect"])]
Texte = Annotated[str, msgspec.Meta(max_length=5000)]
Heures = Annotated[float, msgspec.Meta(gt=0, le=2000, description="En heures", examples=[14])]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version de la fiche sur laquelle la demande porte")
]
TypesAidant = Annotated[
    list[str],
    msgspec.Meta(
        max_length=20,
        description="Types d'aidants visés : conseiller_numerique, mediateur_numerique_salarie, "
        "agent_france_services, travailleur_social, agent_accueil, benevole, service_civique",
        examples=[["mediateur_numerique_salarie", "agent_france_services"]],
    ),
]
Qualification = Annotated[
    str,
    msgspec.Meta(
        description="Qualification enregistrée sur l'aidant à la fin de la formation : "
        "formation_aidants_connect ou ccp_titre_professionnel",
        examples=["formation_aidants_connect"],
    ),
]
Capacite = Annotated[int, msgspec.Meta(ge=1, le=CAPACITE_MAX, description="Places")]
Personne = Annotated[str, msgspec.Meta(max_length=200)]


class Module(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    titre: Titre
    heures: Heures


Modules = Annotated[list[Module], msgspec.Meta(max_length=50)]


class CreerParcours(Commande, frozen=True, kw_only=True):
    """Add a training path to the catalogue. Its modules' hours add up to its duration."""

    titre: Titre
    duree_heures: Heures
    types_aidant: TypesAidant
    modules: Modules = msgspec.field(default_factory=list)
    qualification_delivree: Qualification | None = None
    description: Texte | None = None


class ModifierParcours(Commande, frozen=True, kw_only=True):
    """Change some fields of a training path: left out, unchanged; `null`, emptied."""

    version: Version
    titre: Titre | msgspec.UnsetType = msgspec.UNSET
    duree_heures: Heures | msgspec.UnsetType = msgspec.UNSET
    types_aidant: TypesAidant | msgspec.UnsetType = msgspec.UNSET
    modules: Modules | msgspec.UnsetType = msgspec.UNSET
    qualification_delivree: Qualification | msgspec.UnsetType | None = msgspec.UNSET
    description: Texte | msgspec.UnsetType | None = msgspec.UNSET


class ArchiverParcours(Commande, frozen=True, kw_only=True):
    """Take a training path out of the catalogue (its sessions and history stay)."""

    version: Version
    motif: Annotated[str, msgspec.Meta(max_length=500)] = ""


class CreneauSaisi(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    jour: date
    moment: Annotated[Moment, msgspec.Meta(description="journee, matin ou apres_midi")] = "journee"


Creneaux = Annotated[
    list[CreneauSaisi],
    msgspec.Meta(
        max_length=120,
        description="Les journées ou demi-journées de la session. Vide : chaque jour du "
        "début à la fin, en journées entières",
    ),
]


class ProgrammerSession(Commande, frozen=True, kw_only=True):
    """Schedule a session of a training path, in a place of the registry or remotely."""

    parcours_id: UUID
    debut: date
    fin: date
    mode: Annotated[Mode, msgspec.Meta(description="presentiel ou distance")]
    formateur: Personne
    capacite: Capacite
    creneaux: Creneaux = msgspec.field(default_factory=list)
    lieu_id: Annotated[UUID, msgspec.Meta(description="Lieu du registre (présentiel)")] | None = (
        None
    )
    modalites_distance: (
        Annotated[
            str,
            msgspec.Meta(max_length=1000, description="Lien ou consignes de connexion (distance)"),
        ]
        | None
    ) = None
    organisme: Annotated[Personne, msgspec.Meta(description="Organisme de formation")] | None = None


class ModifierSession(Commande, frozen=True, kw_only=True):
    """Change some fields of a session: left out, unchanged; `null`, emptied."""

    version: Version
    debut: date | msgspec.UnsetType = msgspec.UNSET
    fin: date | msgspec.UnsetType = msgspec.UNSET
    creneaux: Creneaux | msgspec.UnsetType = msgspec.UNSET
    mode: Mode | msgspec.UnsetType = msgspec.UNSET
    lieu_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    modalites_distance: str | msgspec.UnsetType | None = msgspec.UNSET
    formateur: Personne | msgspec.UnsetType = msgspec.UNSET
    organisme: Personne | msgspec.UnsetType | None = msgspec.UNSET
    capacite: Capacite | msgspec.UnsetType = msgspec.UNSET


class AnnulerSession(Commande, frozen=True, kw_only=True):
    version: Version
    motif: Annotated[str, msgspec.Meta(max_length=500, examples=["Formateur indisponible"])]


class InscrireAidant(Commande, frozen=True, kw_only=True):
    """Enrol an aidant; when the session is full, on its waiting list."""

    aidant_id: UUID


class AnnulerInscription(Commande, frozen=True, kw_only=True):
    """Cancel an enrolment; the first on the waiting list then takes the place."""

    aidant_id: UUID
    motif: Annotated[str, msgspec.Meta(max_length=500)] = ""


class Presence(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    aidant_id: UUID
    creneau: Annotated[
        str,
        msgspec.Meta(
            max_length=30,
            description="Le créneau : AAAA-MM-JJ (journée), AAAA-MM-JJ/matin ou "
            "AAAA-MM-JJ/apres_midi",
            examples=["2026-03-02/matin"],
        ),
    ]
    present: bool


class EnregistrerPresences(Commande, frozen=True, kw_only=True):
    """The attendance sheet: present or absent, per enrolled aidant and per slot."""

    presences: Annotated[list[Presence], msgspec.Meta(min_length=1, max_length=10_000)]


class TerminerFormation(Commande, frozen=True, kw_only=True):
    """Record that an aidant completed the training (see decide_inscriptions for the rule)."""

    aidant_id: UUID
