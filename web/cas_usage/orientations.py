"""Tracked referrals, for mediators on the people they accompany: propose, accept (the
answer carries the receiving place's one-time link), renew that link, refuse.

Kept by hand in the page modules: the proposal form (it posts under the person's address but
leads to the new referral), the accept and renew forms (they show the link once instead of
redirecting), and the public flows (the place's confirmation finds the referral from its
token's hash in the read model; a citizen keeping their self-orientation)."""

from __future__ import annotations

from domain.orientation.commands import (
    AccepterOrientation,
    ProposerOrientation,
    RefuserOrientation,
    RenouvelerLien,
)
from mednum.services.orientation import Orientations
from web.api.orientations import EcritureAvecLien, avec_lien
from web.auth.guards import MEDIATION, utilisateur
from web.exposition import CasUsage, Formulaire, cas_de_la_table
from web.pages import orientation_mediateur as pages

TAG = "Orientation"

# Creations run without a record id: the table's `etat` is then never read.
cas = cas_de_la_table(MEDIATION, tag=TAG, etat=Orientations.orientation, appelant=utilisateur)

ORIENTATIONS: list[CasUsage] = [
    cas(
        ProposerOrientation,
        Orientations.proposer,
        api="POST /orientations",
        operation="proposerOrientationSuivie",
        description="Proposer une offre à une personne que j'accompagne : la règle doit "
        "s'appliquer à sa situation (niveau, signalements) ; ses raisons sont enregistrées.",
    ),
    cas(
        AccepterOrientation,
        Orientations.accepter,
        api="POST /orientations/{orientation_id:uuid}/acceptation",
        description="La personne accepte : renvoie le lien (valable 8 jours) à transmettre "
        "au lieu.",
        reponse=avec_lien,
        type_reponse=EcritureAvecLien,
    ),
    cas(
        RenouvelerLien,
        Orientations.renouveler_lien,
        api="POST /orientations/{orientation_id:uuid}/lien",
        operation="renouvelerLienOrientation",
        description="Un nouveau lien de 8 jours pour le lieu (l'ancien ne fonctionne plus).",
        reponse=avec_lien,
        type_reponse=EcritureAvecLien,
    ),
    cas(
        RefuserOrientation,
        Orientations.refuser,
        api="POST /orientations/{orientation_id:uuid}/refus",
        description="La personne refuse (R8), avec le motif.",
        formulaire=Formulaire(
            "/orientations/{orientation_id:uuid}/refuser",
            pages.page_suivi,
            "/orientations/{id}",
            pages.lire_refus,
        ),
    ),
]
