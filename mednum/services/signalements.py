"""The write side of citizens' reports: receive one, answer one, through Hub.executer."""

from __future__ import annotations

from uuid import UUID

from domain.lieux.events import LieuRecense
from domain.lieux.state import fold as fold_lieu
from domain.signalements import decide
from domain.signalements.commands import SignalerErreur, TraiterSignalement
from domain.signalements.decide import Signalement
from mednum.services.executeur import Hub, Resultat

AUTEUR_PUBLIC = "public"
"""Reports come from people without an account: no e-mail of theirs goes in `auteur`."""


class Signalements:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def signalement(self, signalement_id: UUID) -> Signalement | None:
        return decide.fold(self.hub.events(signalement_id))

    def _lieu_ouvert(self, lieu_id: UUID) -> bool:
        events = self.hub.events(lieu_id)
        if not events or not isinstance(events[0], LieuRecense):
            return False
        lieu = fold_lieu(events)
        return lieu is not None and not lieu.ferme

    def signaler(self, commande: SignalerErreur) -> Resultat:
        return self.hub.creer(
            commande,
            None,
            lambda nouvel_id, ctx: decide.signaler(
                nouvel_id, commande, self._lieu_ouvert(commande.lieu_id), ctx
            ),
            AUTEUR_PUBLIC,
        )

    def traiter(self, signalement_id: UUID, commande: TraiterSignalement, auteur: str) -> Resultat:
        """Handled or rejected: the reporter's e-mail is no longer needed, its key goes."""
        resultat = self.hub.executer(
            commande,
            signalement_id,
            lambda events, ctx: decide.traiter(decide.fold(events), commande, ctx),
            auteur,
        )
        self.hub.app.coffre.detruire(signalement_id)
        return resultat
