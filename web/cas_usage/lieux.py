"""The registry's places, for coordinators: register, change, close, verify, merge and
un-merge, set apart two records that are not duplicates; and the handling of citizens'
reports. A citizen's report itself is anonymous, with its anti-spam: web/pages/signalements.py."""

from __future__ import annotations

from domain.lieux.commands import (
    AnnulerFusion,
    EcarterDoublon,
    FermerLieu,
    FusionnerLieux,
    ModifierLieu,
    RecenserLieu,
    VerifierLieu,
)
from domain.signalements.commands import TraiterSignalement
from mednum.services.lieux import Lieux
from mednum.services.signalements import Signalements
from web.api.lieux import EDITEURS
from web.exposition import CasUsage, Formulaire
from web.pages import lieux, lieux_suivi, signalements

FICHE = "/lieux/{id}"
LIEU = "/lieux/{lieu_id:uuid}"
TAG = "Lieux"

LIEUX = [
    CasUsage(
        RecenserLieu,
        EDITEURS,
        Lieux.recenser_lieu,
        api="POST /lieux",
        resume="Recenser un lieu",
        description="Recenser un lieu.",
        tag=TAG,
        formulaire=Formulaire(
            "/lieux/nouveau", lieux.page_formulaire, FICHE, lieux.lire_recensement
        ),
    ),
    CasUsage(
        ModifierLieu,
        EDITEURS,
        Lieux.modifier_lieu,
        api=f"PATCH {LIEU}",
        description="Modifier un lieu : seuls les champs présents changent ; `version` est "
        "obligatoire.",
        tag=TAG,
        etat=Lieux.lieu,
        formulaire=Formulaire(
            f"{LIEU}/modifier", lieux.page_formulaire, FICHE, lieux.lire_modification
        ),
    ),
    CasUsage(
        FermerLieu,
        EDITEURS,
        Lieux.fermer_lieu,
        api=f"POST {LIEU}/fermeture",
        description="Fermer un lieu (il reste dans l'historique, mais disparaît de la carte).",
        tag=TAG,
        etat=Lieux.lieu,
        formulaire=Formulaire(f"{LIEU}/fermer", lieux.page_refus, FICHE, lieux.lire_fermeture),
    ),
    CasUsage(
        VerifierLieu,
        EDITEURS,
        Lieux.verifier_lieu,
        api=f"POST {LIEU}/verification",
        resume="Confirmer qu'une fiche est à jour",
        description="Confirmer qu'une fiche est à jour.",
        tag=TAG,
        etat=Lieux.lieu,
        formulaire=Formulaire(
            f"{LIEU}/verifier", lieux.page_refus, FICHE, lieux_suivi.lire_version
        ),
    ),
    CasUsage(
        FusionnerLieux,
        EDITEURS,
        Lieux.fusionner_lieux,
        api=f"POST {LIEU}/fusion",
        resume="Fusionner un doublon dans ce lieu",
        description="Fusionner un doublon dans ce lieu : ce lieu est gardé et complété ; le "
        "doublon disparaît des listes, de la carte et des exports. Réversible : voir "
        "`annulation-fusion`.",
        tag=TAG,
        etat=Lieux.lieu,
        formulaire=Formulaire(
            f"{LIEU}/fusionner", lieux.page_refus, FICHE, lieux_suivi.lire_fusion
        ),
    ),
    CasUsage(
        AnnulerFusion,
        EDITEURS,
        Lieux.annuler_fusion,
        api=f"POST {LIEU}/annulation-fusion",
        resume="Annuler la fusion de ce lieu (le doublon)",
        description="Annuler la fusion de ce lieu (le doublon) : les deux lieux redeviennent "
        "distincts ; le lieu gardé retrouve ses valeurs d'avant la fusion, sauf celles "
        "modifiées depuis.",
        tag=TAG,
        etat=Lieux.lieu,
        formulaire=Formulaire(
            f"{LIEU}/annuler-fusion", lieux.page_refus, FICHE, lieux_suivi.lire_version
        ),
    ),
    CasUsage(
        EcarterDoublon,
        EDITEURS,
        Lieux.ecarter_doublon,
        api=f"POST {LIEU}/doublons-ecartes",
        resume="Indiquer que deux lieux ne sont pas des doublons",
        description="Indiquer que deux lieux ne sont pas des doublons.",
        tag=TAG,
        formulaire=Formulaire(
            f"{LIEU}/ecarter-doublon", lieux.page_refus, "/lieux/doublons", lieux_suivi.lire_ecart
        ),
    ),
    CasUsage(
        TraiterSignalement,
        EDITEURS,
        Signalements.traiter,
        formulaire=Formulaire(
            "/lieux/signalements/{signalement_id:uuid}/traitement",
            signalements.page_file,
            "/lieux/signalements",
            signalements.lire_traitement,
        ),
    ),
]
