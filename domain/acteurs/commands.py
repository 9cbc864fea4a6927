"""Commands on structures and aidants. They double as the JSON API's bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from domain.base import Commande

Nom = Annotated[str, msgspec.Meta(max_length=250, examples=["Centre social des Grésilles"])]
Siret = Annotated[
    str,
    msgspec.Meta(
        max_length=20, description="14 chiffres, clé comprise", examples=["21210231100017"]
    ),
]
TypeStructure = Annotated[
    str,
    msgspec.Meta(
        max_length=100,
        description="Type d'organisation d'Aidants Connect (libellé exact)",
        examples=["Centres sociaux"],
    ),
]
Adresse = Annotated[str, msgspec.Meta(max_length=250, examples=["3 rue Jean-de-Cirey"])]
CodePostal = Annotated[str, msgspec.Meta(max_length=10, examples=["21000"])]
CodeInsee = Annotated[str, msgspec.Meta(max_length=10, examples=["21231"])]
NumeroFranceServices = Annotated[
    str, msgspec.Meta(max_length=50, description="Numéro de labellisation France Services")
]
SiteWeb = Annotated[str, msgspec.Meta(max_length=500, examples=["https://www.exemple.fr"])]
Lieux = Annotated[
    list[UUID],
    msgspec.Meta(max_length=200, description="Identifiants de lieux du registre"),
]
Motif = Annotated[str, msgspec.Meta(max_length=500)]
Prenom = Annotated[str, msgspec.Meta(max_length=100, examples=["Camille"])]
NomPersonne = Annotated[str, msgspec.Meta(max_length=100, examples=["Martin"])]
TypeAidant = Annotated[
    str,
    msgspec.Meta(
        max_length=50,
        description="conseiller_numerique, mediateur_numerique_salarie, agent_france_services, "
        "travailleur_social, agent_accueil, benevole ou service_civique",
        examples=["conseiller_numerique"],
    ),
]
Courriel = Annotated[str, msgspec.Meta(max_length=250, examples=["camille.martin@exemple.fr"])]
Telephone = Annotated[str, msgspec.Meta(max_length=30, examples=["03 80 12 34 56"])]
Compte = Annotated[
    str,
    msgspec.Meta(max_length=250, description="E-mail du compte MedNum de l'aidant, s'il en a un"),
]
Version = Annotated[
    int, msgspec.Meta(ge=1, description="Version de la fiche sur laquelle la demande porte")
]


# --- structures ------------------------------------------------------------------------------


class RecenserStructure(Commande, frozen=True, kw_only=True):
    """Add a structure (porteuse or employeuse) to the registry, with the places it runs."""

    siret: Siret
    nom: Nom
    type_structure: TypeStructure
    adresse: Adresse
    code_postal: CodePostal
    code_insee: CodeInsee
    numero_france_services: NumeroFranceServices | None = None
    site_web: SiteWeb | None = None
    lieux: Lieux = msgspec.field(default_factory=list)


class ModifierStructure(Commande, frozen=True, kw_only=True):
    """Change some fields: a field left out stays as it is, `null` empties an optional one."""

    version: Version
    siret: Siret | msgspec.UnsetType = msgspec.UNSET
    nom: Nom | msgspec.UnsetType = msgspec.UNSET
    type_structure: TypeStructure | msgspec.UnsetType = msgspec.UNSET
    adresse: Adresse | msgspec.UnsetType = msgspec.UNSET
    code_postal: CodePostal | msgspec.UnsetType = msgspec.UNSET
    code_insee: CodeInsee | msgspec.UnsetType = msgspec.UNSET
    numero_france_services: NumeroFranceServices | msgspec.UnsetType | None = msgspec.UNSET
    site_web: SiteWeb | msgspec.UnsetType | None = msgspec.UNSET


class FermerStructure(Commande, frozen=True, kw_only=True):
    """Record that a structure has closed (it stays in the history)."""

    version: Version
    motif: Motif = ""


class RattacherLieu(Commande, frozen=True, kw_only=True):
    """The structure runs this place (again). Attaching an attached place changes nothing."""

    lieu_id: UUID


class DetacherLieu(Commande, frozen=True, kw_only=True):
    """The structure no longer runs this place."""

    lieu_id: UUID


# --- aidants ---------------------------------------------------------------------------------


class EnregistrerAidant(Commande, frozen=True, kw_only=True):
    """Add an aidant (a person who helps) to the registry."""

    prenom: Prenom
    nom: NomPersonne
    type_aidant: TypeAidant
    email: Courriel | None = None
    telephone: Telephone | None = None
    compte: Compte | None = None
    lieux: Lieux = msgspec.field(default_factory=list)


class ModifierAidant(Commande, frozen=True, kw_only=True):
    """Change some fields; `lieux` replaces the list of places where the aidant works."""

    version: Version
    prenom: Prenom | msgspec.UnsetType = msgspec.UNSET
    nom: NomPersonne | msgspec.UnsetType = msgspec.UNSET
    type_aidant: TypeAidant | msgspec.UnsetType = msgspec.UNSET
    email: Courriel | msgspec.UnsetType | None = msgspec.UNSET
    telephone: Telephone | msgspec.UnsetType | None = msgspec.UNSET
    compte: Compte | msgspec.UnsetType | None = msgspec.UNSET
    lieux: Lieux | msgspec.UnsetType = msgspec.UNSET


class DesactiverAidant(Commande, frozen=True, kw_only=True):
    """The aidant leaves the registry's active list (left the territory, stopped helping…)."""

    version: Version
    motif: Motif = ""


class EffacerAidant(Commande, frozen=True, kw_only=True):
    """Erase the aidant's identity for good (right to erasure): name, e-mail, telephone. Their
    statistics stay (type, structures, qualifications, trainings, sessions)."""

    version: Version
    motif: Motif = "effacement"


class AffilierAidant(Commande, frozen=True, kw_only=True):
    """The aidant works for a structure from `debut` (until `fin`, when known)."""

    structure_id: UUID
    debut: Annotated[date, msgspec.Meta(description="Premier jour (AAAA-MM-JJ)")]
    fin: Annotated[date, msgspec.Meta(description="Dernier jour, s'il est connu")] | None = None


class TerminerAffiliation(Commande, frozen=True, kw_only=True):
    """End the aidant's open affiliation with this structure on `fin` (its last day)."""

    structure_id: UUID
    fin: date


class EnregistrerQualification(Commande, frozen=True, kw_only=True):
    """A training, test, certification or label the aidant obtained. Recording the same type
    on the same date again changes nothing, so no `version` is needed."""

    type: Annotated[
        str,
        msgspec.Meta(
            max_length=50,
            description="formation_aidants_connect, test_pix_aidants_connect, "
            "certification_pix, ccp_titre_professionnel ou label",
        ),
    ]
    obtenue_le: date
    expire_le: date | None = None
    libelle: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=250,
                description="Pour un label : une valeur de formations_labels du standard national",
            ),
        ]
        | None
    ) = None
    score: Annotated[int, msgspec.Meta(description="Score du test PIX, s'il est connu")] | None = (
        None
    )


class RetirerHabilitation(Commande, frozen=True, kw_only=True):
    """Withdraw the aidant's Aidants Connect habilitation, with the reason."""

    motif: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


MotifObligatoire = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class CorrigerQualification(Commande, frozen=True, kw_only=True):
    """Correct a recorded qualification (a wrong date or score), with the reason; the values
    left out stay as they were."""

    version: Version
    qualification: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            description="Numéro de la qualification (version où elle a été "
            "enregistrée, donné par la fiche de l'aidant)",
        ),
    ]
    obtenue_le: date | msgspec.UnsetType = msgspec.UNSET
    expire_le: date | msgspec.UnsetType | None = msgspec.UNSET
    score: int | msgspec.UnsetType | None = msgspec.UNSET
    motif: MotifObligatoire


class AnnulerQualification(Commande, frozen=True, kw_only=True):
    """Cancel a qualification recorded by mistake, with the reason."""

    version: Version
    qualification: Annotated[int, msgspec.Meta(ge=1)]
    motif: MotifObligatoire
