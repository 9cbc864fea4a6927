"""The registry's places: register, change, close, verify, merge and un-merge, set apart
two records that are not duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from domain.base import Contexte, Evenement
from domain.errors import IntrouvableError
from domain.lieux import decide as registre
from domain.lieux import fusion
from domain.lieux.commands import (
    AnnulerFusion,
    EcarterDoublon,
    FusionnerLieux,
    ModifierLieu,
    RecenserLieu,
)
from domain.lieux.doublons import paire
from domain.lieux.historique import (
    Changement,
    Trace,
    doublons_absorbes,
    historique,
    provenance,
)
from domain.lieux.state import Lieu
from domain.lieux.state import fold as fold_lieu
from mednum.services.executeur import Hub, Resultat, sur_l_etat


class Lieux:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def recenser_lieu(
        self, commande: RecenserLieu, auteur: str, lieu_id: UUID | None = None
    ) -> Resultat:
        """`lieu_id` is drawn at random unless given (imports derive it from the source's id,
        so that the same file maps to the same places)."""
        return self.hub.creer(
            commande,
            lieu_id,
            lambda nouvel_id, ctx: registre.recenser_lieu(
                nouvel_id, commande, self.hub.communes.ref(commande.code_insee), ctx
            ),
            auteur,
        )

    def modifier_lieu(self, lieu_id: UUID, commande: ModifierLieu, auteur: str) -> Resultat:
        code_insee = commande.code_insee
        return self.hub.executer(
            commande,
            lieu_id,
            lambda events, ctx: registre.modifier_lieu(
                fold_lieu(events),
                commande,
                self.hub.communes.ref(code_insee) if isinstance(code_insee, str) else None,
                ctx,
            ),
            auteur,
        )

    fermer_lieu = sur_l_etat(fold_lieu, registre.fermer_lieu)

    verifier_lieu = sur_l_etat(fold_lieu, fusion.verifier_lieu)

    def fusionner_lieux(self, garde_id: UUID, commande: FusionnerLieux, auteur: str) -> Resultat:
        return self.hub.executer(
            commande,
            garde_id,
            lambda events, ctx: fusion.fusionner_lieux(
                fold_lieu(events), self.lieu(commande.doublon), commande, ctx
            ),
            auteur,
        )

    def annuler_fusion(self, doublon_id: UUID, commande: AnnulerFusion, auteur: str) -> Resultat:
        def decide(events: list[Any], ctx: Contexte) -> Sequence[Evenement]:
            doublon = fold_lieu(events)
            garde = self.lieu(doublon.fusionne_dans) if doublon and doublon.fusionne_dans else None
            return fusion.annuler_fusion(doublon, garde, commande, ctx)

        return self.hub.executer(commande, doublon_id, decide, auteur)

    def ecarter_doublon(self, lieu_id: UUID, commande: EcarterDoublon, auteur: str) -> Resultat:
        """Recorded on the smaller id of the pair, so that each pair is judged once."""
        premier, second = paire(lieu_id, commande.autre)
        if self.lieu(second) is None:
            raise IntrouvableError("Ce lieu n'existe pas dans le registre.", "autre")
        return self.hub.executer(
            commande,
            premier,
            lambda events, ctx: fusion.ecarter_doublon(fold_lieu(events), second, commande, ctx),
            auteur,
        )

    def lieu(self, lieu_id: UUID) -> Lieu | None:
        return fold_lieu(self.hub.events(lieu_id))

    def historique(self, lieu_id: UUID) -> tuple[list[Changement], dict[str, Trace]]:
        """The place's changes, oldest first, and each field's provenance (a value copied by a
        merge credited to the duplicate's source). Empty when the place does not exist."""
        changements = historique(self.hub.events(lieu_id))
        doublons = {str(d): historique(self.hub.events(d)) for d in doublons_absorbes(changements)}
        return changements, provenance(changements, doublons)
