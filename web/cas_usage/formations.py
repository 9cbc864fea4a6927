"""Trainings, for coordinators: the catalogue of training paths (create, change, archive),
sessions (schedule, change, cancel), enrolments, attendance and completions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.formations.commands import (
    AnnulerInscription,
    AnnulerSession,
    ArchiverParcours,
    CreerParcours,
    EnregistrerPresences,
    InscrireAidant,
    ModifierParcours,
    ModifierSession,
    ProgrammerSession,
    TerminerFormation,
)
from mednum.services.formations import Formations
from web.api.formations import COORDINATION
from web.exposition import Fiche, Formulaire, cas_de_la_table
from web.pages import formations_formulaires as formulaires
from web.pages import formations_sessions as sessions
from web.pages.formations import page_formulaire

# Refused actions of a path's page show the error page; a session's page says each form's
# refusal in that form's block.
PARCOURS = Fiche("/formations/parcours/{parcours_id:uuid}", "/formations/parcours/{id}")
SESSION = Fiche("/formations/sessions/{session_id:uuid}", "/formations/sessions/{id}")
API_SESSION = "/sessions-formation/{session_id:uuid}"
TAG = "Formations"


def _sur_la_session(
    bloc: str, action: str, lire: Callable[[dict[str, Any]], dict[str, Any]]
) -> Formulaire:
    """One of the forms of the session's page: a refusal shows it again, told in `bloc`."""
    return SESSION.action(action, lire, sessions.fiche_avec_erreur(bloc))


cas = cas_de_la_table(COORDINATION, tag=TAG)

FORMATIONS = [
    cas(
        CreerParcours,
        Formations.creer_parcours,
        api="POST /parcours",
        description="Ajouter un parcours au catalogue (les heures des modules font la durée).",
        formulaire=Formulaire(
            "/formations/parcours/nouveau",
            page_formulaire,
            PARCOURS.suite,
            formulaires.lire_nouveau_parcours,
        ),
    ),
    cas(
        ModifierParcours,
        Formations.modifier_parcours,
        api="PATCH /parcours/{parcours_id:uuid}",
        description="Modifier un parcours : seuls les champs présents changent ; `version` "
        "obligatoire.",
        etat=Formations.parcours,
        formulaire=PARCOURS.action(
            "modifier", formulaires.lire_modification_parcours, page_formulaire
        ),
    ),
    cas(
        ArchiverParcours,
        Formations.archiver_parcours,
        api="POST /parcours/{parcours_id:uuid}/archivage",
        description="Retirer un parcours du catalogue (ses sessions et son historique restent).",
        etat=Formations.parcours,
        formulaire=PARCOURS.action("archiver", formulaires.lire_motif),
    ),
    cas(
        ProgrammerSession,
        Formations.programmer_session,
        api="POST /sessions-formation",
        description="Programmer une session d'un parcours, dans un lieu du registre ou à distance.",
        formulaire=Formulaire(
            "/formations/sessions/nouvelle",
            sessions.page_formulaire,
            SESSION.suite,
            formulaires.lire_nouvelle_session,
        ),
    ),
    cas(
        ModifierSession,
        Formations.modifier_session,
        api=f"PATCH {API_SESSION}",
        description="Modifier une session : seuls les champs présents changent ; `version` "
        "obligatoire.",
        etat=Formations.session,
        formulaire=SESSION.action(
            "modifier", formulaires.lire_modification_session, sessions.page_formulaire
        ),
    ),
    cas(
        AnnulerSession,
        Formations.annuler_session,
        api=f"POST {API_SESSION}/annulation",
        description="Annuler une session, avec son motif.",
        etat=Formations.session,
        formulaire=_sur_la_session("annulation", "annuler", formulaires.lire_motif),
    ),
    cas(
        InscrireAidant,
        Formations.inscrire,
        api=f"POST {API_SESSION}/inscriptions",
        description="Inscrire un aidant ; session complète : il passe en liste d'attente.",
        formulaire=_sur_la_session("inscription", "inscrire", formulaires.lire_inscription),
    ),
    cas(
        AnnulerInscription,
        Formations.annuler_inscription,
        api=f"POST {API_SESSION}/desinscriptions",
        description="Annuler une inscription ; le premier de la liste d'attente prend la place.",
        formulaire=_sur_la_session("inscrits", "desinscrire", formulaires.lire_desinscription),
    ),
    cas(
        EnregistrerPresences,
        Formations.enregistrer_presences,
        api=f"POST {API_SESSION}/presences",
        description="La feuille d'émargement : présent ou absent, par inscrit et par créneau "
        "passé.",
        formulaire=_sur_la_session("presences", "presences", formulaires.lire_presences),
    ),
    cas(
        TerminerFormation,
        Formations.terminer_formation,
        api=f"POST {API_SESSION}/fins-de-formation",
        description="Déclarer la formation terminée pour un aidant : à partir du dernier jour, "
        "s'il a été présent à chaque créneau. La qualification du parcours est alors "
        "enregistrée sur l'aidant.",
        formulaire=_sur_la_session("inscrits", "terminer", formulaires.lire_aidant),
    ),
]
