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
from web.exposition import CasUsage, Formulaire, cas_de_la_table
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


# Creations run without a record id: the table's `etat` is then never read.
structure = cas_de_la_table(COORDINATION, tag="Structures", etat=Acteurs.structure)
aidant = cas_de_la_table(COORDINATION, tag="Aidants", etat=Acteurs.aidant)

STRUCTURES = [
    structure(
        RecenserStructure,
        Acteurs.recenser_structure,
        api="POST /structures",
        description="Recenser une structure ; son SIRET ne doit être celui d'aucune structure "
        "ouverte.",
        controle=siret_libre,
        formulaire=Formulaire(
            "/structures/nouvelle",
            structures.page_formulaire,
            "/structures/{id}",
            structures.lire_fiche,
        ),
    ),
    structure(
        ModifierStructure,
        Acteurs.modifier_structure,
        api=f"PATCH {STRUCTURE}",
        description="Modifier une structure : seuls les champs présents changent ; `version` "
        "obligatoire.",
        controle=siret_libre,
        formulaire=Formulaire(
            STRUCTURE + "/modifier",
            structures.page_formulaire,
            "/structures/{id}",
            structures.lire_modification,
        ),
    ),
    structure(
        FermerStructure,
        Acteurs.fermer_structure,
        api=f"POST {STRUCTURE}/fermeture",
        description="Fermer une structure (elle reste dans l'historique).",
        formulaire=_fiche_structure("/fermer", structures.lire_fermeture),
    ),
    structure(
        RattacherLieu,
        Acteurs.rattacher_lieu,
        api=f"POST {STRUCTURE}/lieux",
        description="Rattacher un lieu du registre à la structure (qui le porte).",
        formulaire=_fiche_structure("/lieux", structures.lire_lieu),
    ),
    structure(
        DetacherLieu,
        Acteurs.detacher_lieu,
        api=f"POST {STRUCTURE}/lieux/detachement",
        description="Détacher un lieu de la structure.",
        formulaire=_fiche_structure("/lieux/detacher", structures.lire_lieu),
    ),
]

AIDANTS = [
    aidant(
        EnregistrerAidant,
        Acteurs.enregistrer_aidant,
        api="POST /aidants",
        description="Enregistrer un aidant.",
        formulaire=Formulaire(
            "/aidants/nouveau", aidants.page_formulaire, "/aidants/{id}", aidants.lire_fiche
        ),
    ),
    aidant(
        ModifierAidant,
        Acteurs.modifier_aidant,
        api=f"PATCH {AIDANT}",
        description="Modifier un aidant : seuls les champs présents changent ; `version` "
        "obligatoire.",
        formulaire=Formulaire(
            AIDANT + "/modifier",
            aidants.page_formulaire,
            "/aidants/{id}",
            aidants.lire_modification,
        ),
    ),
    # The places where the aidant works, from its page: the same change, without the API
    # (and without reading the aidant again on a conflict).
    aidant(
        ModifierAidant,
        Acteurs.modifier_aidant,
        tag="",
        etat=None,
        formulaire=_fiche_aidant("/lieux", formulaires.lire_lieux),
    ),
    aidant(
        DesactiverAidant,
        Acteurs.desactiver_aidant,
        api=f"POST {AIDANT}/desactivation",
        description="Désactiver un aidant (il reste dans l'historique).",
        formulaire=_fiche_aidant("/desactiver", formulaires.lire_desactivation),
    ),
    aidant(
        EffacerAidant,
        Acteurs.effacer_aidant,
        acces=ADMINISTRATION,
        api=f"POST {AIDANT}/effacement",
        description="Effacer l'identité d'un aidant (droit à l'effacement) : nom, e-mail et "
        "téléphone détruits partout (sa clé est détruite) ; type, structures, qualifications, "
        "formations et séances restent pour les statistiques. Réservé aux administrateurs.",
        formulaire=_fiche_aidant("/effacer", formulaires.lire_effacement),
    ),
    aidant(
        AffilierAidant,
        Acteurs.affilier_aidant,
        api=f"POST {AIDANT}/affiliations",
        description="Affilier l'aidant à une structure sur une période (sans chevauchement).",
        formulaire=_fiche_aidant("/affiliations", formulaires.lire_affiliation),
    ),
    aidant(
        TerminerAffiliation,
        Acteurs.terminer_affiliation,
        api=f"POST {AIDANT}/affiliations/fin",
        description="Terminer l'affiliation en cours de l'aidant avec une structure.",
        formulaire=_fiche_aidant("/affiliations/terminer", formulaires.lire_fin_affiliation),
    ),
    aidant(
        EnregistrerQualification,
        Acteurs.enregistrer_qualification,
        api=f"POST {AIDANT}/qualifications",
        description="Enregistrer une qualification ; formation et test PIX Aidants Connect "
        "valides habilitent l'aidant.",
        formulaire=_fiche_aidant("/qualifications", formulaires.lire_qualification),
    ),
    aidant(
        CorrigerQualification,
        Acteurs.corriger_qualification,
        api=f"POST {AIDANT}/qualifications/correction",
        description="Corriger une qualification (date, expiration, score), avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        formulaire=_fiche_aidant("/qualifications/corriger", formulaires.lire_correction),
    ),
    aidant(
        AnnulerQualification,
        Acteurs.annuler_qualification,
        api=f"POST {AIDANT}/qualifications/annulation",
        description="Annuler une qualification saisie par erreur, avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        formulaire=_fiche_aidant("/qualifications/annuler", formulaires.lire_annulation),
    ),
    aidant(
        RetirerHabilitation,
        Acteurs.retirer_habilitation,
        api=f"POST {AIDANT}/habilitation/retrait",
        description="Retirer l'habilitation Aidants Connect, avec son motif.",
        formulaire=_fiche_aidant("/habilitation/retirer", formulaires.lire_retrait),
    ),
]

ACTEURS: list[CasUsage] = [*STRUCTURES, *AIDANTS]
