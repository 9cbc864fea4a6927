"""Structures and aidants, for coordinators: register, change and close structures, attach
and detach their places; register, change and deactivate aidants, affiliate them, record
their qualifications, withdraw their habilitation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.acteurs.commands import (
    AffilierAidant,
    AnnulerQualification,
    CorrigerQualification,
    DesactiverAidant,
    DetacherLieu,
    EffacerAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    FermerStructure,
    ModifierAidant,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
    RetirerHabilitation,
    TerminerAffiliation,
)
from mednum.accounts import Role
from mednum.services.acteurs import Acteurs
from web.api.acteurs import COORDINATION, siret_libre
from web.auth.guards import roles
from web.exposition import CasUsage, Formulaire
from web.pages import acteurs_aidants as aidants
from web.pages import acteurs_formulaires as formulaires
from web.pages import acteurs_structures as structures

STRUCTURE = "/structures/{structure_id:uuid}"
AIDANT = "/aidants/{aidant_id:uuid}"
ADMINISTRATION = roles(Role.ADMIN)
Lecture = Callable[[dict[str, Any]], dict[str, Any]]


def _fiche_structure(chemin: str, lire: Lecture) -> Formulaire:
    """A form of the structure's page, which shows it again after a refusal."""
    return Formulaire(STRUCTURE + chemin, structures.page_detail, "/structures/{id}", lire)


def _fiche_aidant(chemin: str, lire: Lecture) -> Formulaire:
    """A form of the aidant's page, which shows it again after a refusal."""
    return Formulaire(AIDANT + chemin, aidants.page_detail, "/aidants/{id}", lire)


STRUCTURES = [
    CasUsage(
        RecenserStructure,
        COORDINATION,
        Acteurs.recenser_structure,
        api="POST /structures",
        description="Recenser une structure ; son SIRET ne doit être celui d'aucune structure "
        "ouverte.",
        tag="Structures",
        controle=siret_libre,
        formulaire=Formulaire(
            "/structures/nouvelle",
            structures.page_formulaire,
            "/structures/{id}",
            structures.lire_fiche,
        ),
    ),
    CasUsage(
        ModifierStructure,
        COORDINATION,
        Acteurs.modifier_structure,
        api=f"PATCH {STRUCTURE}",
        description="Modifier une structure : seuls les champs présents changent ; `version` "
        "obligatoire.",
        tag="Structures",
        etat=Acteurs.structure,
        controle=siret_libre,
        formulaire=Formulaire(
            STRUCTURE + "/modifier",
            structures.page_formulaire,
            "/structures/{id}",
            structures.lire_modification,
        ),
    ),
    CasUsage(
        FermerStructure,
        COORDINATION,
        Acteurs.fermer_structure,
        api=f"POST {STRUCTURE}/fermeture",
        description="Fermer une structure (elle reste dans l'historique).",
        tag="Structures",
        etat=Acteurs.structure,
        formulaire=_fiche_structure("/fermer", structures.lire_fermeture),
    ),
    CasUsage(
        RattacherLieu,
        COORDINATION,
        Acteurs.rattacher_lieu,
        api=f"POST {STRUCTURE}/lieux",
        description="Rattacher un lieu du registre à la structure (qui le porte).",
        tag="Structures",
        etat=Acteurs.structure,
        formulaire=_fiche_structure("/lieux", structures.lire_lieu),
    ),
    CasUsage(
        DetacherLieu,
        COORDINATION,
        Acteurs.detacher_lieu,
        api=f"POST {STRUCTURE}/lieux/detachement",
        description="Détacher un lieu de la structure.",
        tag="Structures",
        etat=Acteurs.structure,
        formulaire=_fiche_structure("/lieux/detacher", structures.lire_lieu),
    ),
]

AIDANTS = [
    CasUsage(
        EnregistrerAidant,
        COORDINATION,
        Acteurs.enregistrer_aidant,
        api="POST /aidants",
        description="Enregistrer un aidant.",
        tag="Aidants",
        formulaire=Formulaire(
            "/aidants/nouveau", aidants.page_formulaire, "/aidants/{id}", aidants.lire_fiche
        ),
    ),
    CasUsage(
        ModifierAidant,
        COORDINATION,
        Acteurs.modifier_aidant,
        api=f"PATCH {AIDANT}",
        description="Modifier un aidant : seuls les champs présents changent ; `version` "
        "obligatoire.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=Formulaire(
            AIDANT + "/modifier",
            aidants.page_formulaire,
            "/aidants/{id}",
            aidants.lire_modification,
        ),
    ),
    # The places where the aidant works, from its page: the same change, without the API.
    CasUsage(
        ModifierAidant,
        COORDINATION,
        Acteurs.modifier_aidant,
        formulaire=_fiche_aidant("/lieux", formulaires.lire_lieux),
    ),
    CasUsage(
        DesactiverAidant,
        COORDINATION,
        Acteurs.desactiver_aidant,
        api=f"POST {AIDANT}/desactivation",
        description="Désactiver un aidant (il reste dans l'historique).",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/desactiver", formulaires.lire_desactivation),
    ),
    CasUsage(
        EffacerAidant,
        ADMINISTRATION,
        Acteurs.effacer_aidant,
        api=f"POST {AIDANT}/effacement",
        description="Effacer l'identité d'un aidant (droit à l'effacement) : nom, e-mail et "
        "téléphone détruits partout (sa clé est détruite) ; type, structures, qualifications, "
        "formations et séances restent pour les statistiques. Réservé aux administrateurs.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/effacer", formulaires.lire_effacement),
    ),
    CasUsage(
        AffilierAidant,
        COORDINATION,
        Acteurs.affilier_aidant,
        api=f"POST {AIDANT}/affiliations",
        description="Affilier l'aidant à une structure sur une période (sans chevauchement).",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/affiliations", formulaires.lire_affiliation),
    ),
    CasUsage(
        TerminerAffiliation,
        COORDINATION,
        Acteurs.terminer_affiliation,
        api=f"POST {AIDANT}/affiliations/fin",
        description="Terminer l'affiliation en cours de l'aidant avec une structure.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/affiliations/terminer", formulaires.lire_fin_affiliation),
    ),
    CasUsage(
        EnregistrerQualification,
        COORDINATION,
        Acteurs.enregistrer_qualification,
        api=f"POST {AIDANT}/qualifications",
        description="Enregistrer une qualification ; formation et test PIX Aidants Connect "
        "valides habilitent l'aidant.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/qualifications", formulaires.lire_qualification),
    ),
    CasUsage(
        CorrigerQualification,
        COORDINATION,
        Acteurs.corriger_qualification,
        api=f"POST {AIDANT}/qualifications/correction",
        description="Corriger une qualification (date, expiration, score), avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/qualifications/corriger", formulaires.lire_correction),
    ),
    CasUsage(
        AnnulerQualification,
        COORDINATION,
        Acteurs.annuler_qualification,
        api=f"POST {AIDANT}/qualifications/annulation",
        description="Annuler une qualification saisie par erreur, avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/qualifications/annuler", formulaires.lire_annulation),
    ),
    CasUsage(
        RetirerHabilitation,
        COORDINATION,
        Acteurs.retirer_habilitation,
        api=f"POST {AIDANT}/habilitation/retrait",
        description="Retirer l'habilitation Aidants Connect, avec son motif.",
        tag="Aidants",
        etat=Acteurs.aidant,
        formulaire=_fiche_aidant("/habilitation/retirer", formulaires.lire_retrait),
    ),
]

ACTEURS: list[CasUsage] = [*STRUCTURES, *AIDANTS]
