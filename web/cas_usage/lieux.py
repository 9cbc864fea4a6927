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
from web.exposition import Fiche, Formulaire, cas_de_la_table, page_refus
from web.pages import lieux, lieux_formulaire, lieux_suivi, signalements

FICHE = "/lieux/{id}"
LIEU = "/lieux/{lieu_id:uuid}"
# The place's page has no room for a refused action's errors: the error page shows them.
ACTIONS = Fiche(LIEU, FICHE, page_refus)
TAG = "Lieux"

# Creations run without a record id: the table's `etat` is then never read.
lieu = cas_de_la_table(EDITEURS, tag=TAG, etat=Lieux.lieu)

LIEUX = [
    lieu(
        RecenserLieu,
        Lieux.recenser_lieu,
        api="POST /lieux",
        resume="Recenser un lieu",
        description="Recenser un lieu.",
        formulaire=Formulaire(
            "/lieux/nouveau", lieux.page_formulaire, FICHE, lieux_formulaire.lire_recensement
        ),
    ),
    lieu(
        ModifierLieu,
        Lieux.modifier_lieu,
        api=f"PATCH {LIEU}",
        description="Modifier un lieu : seuls les champs présents changent ; `version` est "
        "obligatoire.",
        formulaire=ACTIONS.action(
            "modifier", lieux_formulaire.lire_modification, lieux.page_formulaire
        ),
    ),
    lieu(
        FermerLieu,
        Lieux.fermer_lieu,
        api=f"POST {LIEU}/fermeture",
        description="Fermer un lieu (il reste dans l'historique, mais disparaît de la carte).",
        formulaire=ACTIONS.action("fermer", lieux_formulaire.lire_fermeture),
    ),
    lieu(
        VerifierLieu,
        Lieux.verifier_lieu,
        api=f"POST {LIEU}/verification",
        resume="Confirmer qu'une fiche est à jour",
        description="Confirmer qu'une fiche est à jour.",
        formulaire=ACTIONS.action("verifier", lieux_suivi.lire_version),
    ),
    lieu(
        FusionnerLieux,
        Lieux.fusionner_lieux,
        api=f"POST {LIEU}/fusion",
        resume="Fusionner un doublon dans ce lieu",
        description="Fusionner un doublon dans ce lieu : ce lieu est gardé et complété ; le "
        "doublon disparaît des listes, de la carte et des exports. Réversible : voir "
        "`annulation-fusion`.",
        formulaire=ACTIONS.action("fusionner", lieux_suivi.lire_fusion),
    ),
    lieu(
        AnnulerFusion,
        Lieux.annuler_fusion,
        api=f"POST {LIEU}/annulation-fusion",
        resume="Annuler la fusion de ce lieu (le doublon)",
        description="Annuler la fusion de ce lieu (le doublon) : les deux lieux redeviennent "
        "distincts ; le lieu gardé retrouve ses valeurs d'avant la fusion, sauf celles "
        "modifiées depuis.",
        formulaire=ACTIONS.action("annuler-fusion", lieux_suivi.lire_version),
    ),
    lieu(
        EcarterDoublon,
        Lieux.ecarter_doublon,
        api=f"POST {LIEU}/doublons-ecartes",
        resume="Indiquer que deux lieux ne sont pas des doublons",
        description="Indiquer que deux lieux ne sont pas des doublons.",
        etat=None,
        formulaire=Formulaire(
            f"{LIEU}/ecarter-doublon", page_refus, "/lieux/doublons", lieux_suivi.lire_ecart
        ),
    ),
    # A citizen's report: only the HTML form, and no state to join to a conflict.
    lieu(
        TraiterSignalement,
        Signalements.traiter,
        tag="",
        etat=None,
        formulaire=Formulaire(
            "/lieux/signalements/{signalement_id:uuid}/traitement",
            signalements.page_file,
            "/lieux/signalements",
            signalements.lire_traitement,
        ),
    ),
]
