"""Structures and aidants, for coordinators: register, change and close structures, attach
and detach their places; register, change and deactivate aidants, affiliate them, record
their qualifications, withdraw their habilitation."""

from __future__ import annotations

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
from web.exposition import CasUsage, Fiche, Formulaire, cas_de_la_table
from web.pages import acteurs_aidants as aidants
from web.pages import acteurs_formulaires as formulaires
from web.pages import acteurs_structures as structures

STRUCTURE = "/structures/{structure_id:uuid}"
AIDANT = "/aidants/{aidant_id:uuid}"
ADMINISTRATION = roles(Role.ADMIN)
FICHE_STRUCTURE = Fiche(STRUCTURE, "/structures/{id}", structures.page_detail)
FICHE_AIDANT = Fiche(AIDANT, "/aidants/{id}", aidants.page_detail)


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
        formulaire=FICHE_STRUCTURE.action(
            "modifier", structures.lire_modification, structures.page_formulaire
        ),
    ),
    structure(
        FermerStructure,
        Acteurs.fermer_structure,
        api=f"POST {STRUCTURE}/fermeture",
        description="Fermer une structure (elle reste dans l'historique).",
        formulaire=FICHE_STRUCTURE.action("fermer", structures.lire_fermeture),
    ),
    structure(
        RattacherLieu,
        Acteurs.rattacher_lieu,
        api=f"POST {STRUCTURE}/lieux",
        description="Rattacher un lieu du registre à la structure (qui le porte).",
        formulaire=FICHE_STRUCTURE.action("lieux", structures.lire_lieu),
    ),
    structure(
        DetacherLieu,
        Acteurs.detacher_lieu,
        api=f"POST {STRUCTURE}/lieux/detachement",
        description="Détacher un lieu de la structure.",
        formulaire=FICHE_STRUCTURE.action("lieux/detacher", structures.lire_lieu),
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
        formulaire=FICHE_AIDANT.action(
            "modifier", aidants.lire_modification, aidants.page_formulaire
        ),
    ),
    # The places where the aidant works, from its page: the same change, without the API
    # (and without reading the aidant again on a conflict).
    aidant(
        ModifierAidant,
        Acteurs.modifier_aidant,
        tag="",
        etat=None,
        formulaire=FICHE_AIDANT.action("lieux", formulaires.lire_lieux),
    ),
    aidant(
        DesactiverAidant,
        Acteurs.desactiver_aidant,
        api=f"POST {AIDANT}/desactivation",
        description="Désactiver un aidant (il reste dans l'historique).",
        formulaire=FICHE_AIDANT.action("desactiver", formulaires.lire_desactivation),
    ),
    aidant(
        EffacerAidant,
        Acteurs.effacer_aidant,
        acces=ADMINISTRATION,
        api=f"POST {AIDANT}/effacement",
        description="Effacer l'identité d'un aidant (droit à l'effacement) : nom, e-mail et "
        "téléphone détruits partout (sa clé est détruite) ; type, structures, qualifications, "
        "formations et séances restent pour les statistiques. Réservé aux administrateurs.",
        formulaire=FICHE_AIDANT.action("effacer", formulaires.lire_effacement),
    ),
    aidant(
        AffilierAidant,
        Acteurs.affilier_aidant,
        api=f"POST {AIDANT}/affiliations",
        description="Affilier l'aidant à une structure sur une période (sans chevauchement).",
        formulaire=FICHE_AIDANT.action("affiliations", formulaires.lire_affiliation),
    ),
    aidant(
        TerminerAffiliation,
        Acteurs.terminer_affiliation,
        api=f"POST {AIDANT}/affiliations/fin",
        description="Terminer l'affiliation en cours de l'aidant avec une structure.",
        formulaire=FICHE_AIDANT.action("affiliations/terminer", formulaires.lire_fin_affiliation),
    ),
    aidant(
        EnregistrerQualification,
        Acteurs.enregistrer_qualification,
        api=f"POST {AIDANT}/qualifications",
        description="Enregistrer une qualification ; formation et test PIX Aidants Connect "
        "valides habilitent l'aidant.",
        formulaire=FICHE_AIDANT.action("qualifications", formulaires.lire_qualification),
    ),
    aidant(
        CorrigerQualification,
        Acteurs.corriger_qualification,
        api=f"POST {AIDANT}/qualifications/correction",
        description="Corriger une qualification (date, expiration, score), avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        formulaire=FICHE_AIDANT.action("qualifications/corriger", formulaires.lire_correction),
    ),
    aidant(
        AnnulerQualification,
        Acteurs.annuler_qualification,
        api=f"POST {AIDANT}/qualifications/annulation",
        description="Annuler une qualification saisie par erreur, avec le motif ; "
        "l'habilitation Aidants Connect suit.",
        formulaire=FICHE_AIDANT.action("qualifications/annuler", formulaires.lire_annulation),
    ),
    aidant(
        RetirerHabilitation,
        Acteurs.retirer_habilitation,
        api=f"POST {AIDANT}/habilitation/retrait",
        description="Retirer l'habilitation Aidants Connect, avec son motif.",
        formulaire=FICHE_AIDANT.action("habilitation/retirer", formulaires.lire_retrait),
    ),
]

ACTEURS: list[CasUsage] = [*STRUCTURES, *AIDANTS]
