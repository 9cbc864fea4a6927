"""The write side of trainings: training paths, sessions, enrolment, attendance, completion.

Each use case goes through `Hub.executer` (idempotency receipt, optimistic concurrency).
Enrolment, attendance and completion carry no `version`: two coordinators enrolling aidants
in the same session at once is normal, so a version conflict there is retried on the fresh
session rather than shown. Completing a training that delivers a qualification records it
on the aidant (mednum/services/acteurs.py) with a command id derived from the session and
the aidant, so that a retry, or a second click, records it once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from domain.acteurs.commands import EnregistrerQualification
from domain.base import Contexte, Evenement
from domain.errors import ConflitDeVersion, DomainError
from domain.formations import decide_inscriptions as inscriptions
from domain.formations import decide_parcours as catalogue
from domain.formations import decide_sessions as sessions
from domain.formations.commands import (
    AnnulerInscription,
    CreerParcours,
    EnregistrerPresences,
    InscrireAidant,
    ModifierSession,
    ProgrammerSession,
    TerminerFormation,
)
from domain.formations.decide_inscriptions import AidantConnu
from domain.formations.decide_sessions import LieuConnu
from domain.formations.events import EVENEMENTS_PARCOURS, EVENEMENTS_SESSION
from domain.formations.state import Parcours, SessionFormation, fold_parcours, fold_session
from mednum.services.acteurs import Acteurs
from mednum.services.executeur import Hub, Resultat, sur_l_etat
from mednum.services.lieux import Lieux

logger = logging.getLogger(__name__)
# The enrolment commands decided on the session alone.
C = TypeVar("C", AnnulerInscription, EnregistrerPresences)

# uuid5 namespace of the qualifications that completed trainings record.
QUALIFICATION_NAMESPACE = uuid.UUID("3f7c2a51-8d4e-4b6a-9c1f-5e2d7a0b9c34")
_ESSAIS = 5


def command_id_qualification(session_id: UUID, aidant_id: UUID) -> UUID:
    return uuid.uuid5(QUALIFICATION_NAMESPACE, f"{session_id}:{aidant_id}")


# Filtered by type: the id of another kind of record is just "no such training path/session".
def _parcours(events: list[Any]) -> Parcours | None:
    return fold_parcours(e for e in events if isinstance(e, EVENEMENTS_PARCOURS))


def _session(events: list[Any]) -> SessionFormation | None:
    return fold_session(e for e in events if isinstance(e, EVENEMENTS_SESSION))


class Formations:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.acteurs = Acteurs(hub)

    # --- reading the write side ------------------------------------------------------------

    def parcours(self, parcours_id: UUID) -> Parcours | None:
        return _parcours(self.hub.events(parcours_id))

    def session(self, session_id: UUID) -> SessionFormation | None:
        return _session(self.hub.events(session_id))

    def historique(self, aggregate_id: UUID) -> list[Evenement]:
        return [
            e
            for e in self.hub.events(aggregate_id)
            if isinstance(e, EVENEMENTS_SESSION + EVENEMENTS_PARCOURS)
        ]

    def _lieu(self, lieu_id: UUID | None) -> LieuConnu | None:
        if lieu_id is None:
            return None
        try:
            lieu = Lieux(self.hub).lieu(lieu_id)
        except ValueError:  # the id of another kind of record
            return None
        return LieuConnu(id=lieu.id, nom=lieu.nom, ferme=lieu.ferme) if lieu else None

    def _aidant(self, aidant_id: UUID) -> AidantConnu | None:
        try:
            aidant = self.acteurs.aidant(aidant_id)
        except ValueError:  # the id of another kind of record
            return None
        if aidant is None:
            return None
        return AidantConnu(id=aidant.id, type_aidant=aidant.type_aidant, desactive=aidant.desactive)

    # --- training paths --------------------------------------------------------------------

    def creer_parcours(
        self, commande: CreerParcours, auteur: str, parcours_id: UUID | None = None
    ) -> Resultat:
        return self.hub.creer(
            commande,
            parcours_id,
            lambda nouvel_id, ctx: catalogue.creer_parcours(nouvel_id, commande, ctx),
            auteur,
        )

    modifier_parcours = sur_l_etat(_parcours, catalogue.modifier_parcours)

    archiver_parcours = sur_l_etat(_parcours, catalogue.archiver_parcours)

    # --- sessions --------------------------------------------------------------------------

    def programmer_session(
        self, commande: ProgrammerSession, auteur: str, session_id: UUID | None = None
    ) -> Resultat:
        return self.hub.creer(
            commande,
            session_id,
            lambda nouvel_id, ctx: sessions.programmer_session(
                nouvel_id,
                self.parcours(commande.parcours_id),
                self._lieu(commande.lieu_id),
                commande,
                ctx,
            ),
            auteur,
        )

    def modifier_session(
        self, session_id: UUID, commande: ModifierSession, auteur: str
    ) -> Resultat:
        def decide(events: list[Any], ctx: Contexte) -> list[Any]:
            session = _session(events)
            lieu_id = commande.lieu_id if isinstance(commande.lieu_id, UUID) else None
            if lieu_id is None and session is not None and commande.lieu_id is not None:
                lieu_id = session.lieu_id  # unchanged, but the mode may change to in person
            return list(sessions.modifier_session(session, self._lieu(lieu_id), commande, ctx))

        return self.hub.executer(commande, session_id, decide, auteur)

    annuler_session = sur_l_etat(_session, sessions.annuler_session)

    # --- enrolment, attendance, completion -------------------------------------------------

    def inscrire(self, session_id: UUID, commande: InscrireAidant, auteur: str) -> Resultat:
        def decide(events: list[Any], ctx: Contexte) -> list[Any]:
            session = _session(events)
            parcours = self.parcours(session.parcours_id) if session else None
            return list(
                inscriptions.inscrire_aidant(
                    session, parcours, self._aidant(commande.aidant_id), commande, ctx
                )
            )

        return self._avec_reessais(commande, session_id, decide, auteur)

    def annuler_inscription(
        self, session_id: UUID, commande: AnnulerInscription, auteur: str
    ) -> Resultat:
        decision = _sur_la_session(inscriptions.annuler_inscription, commande)
        return self._avec_reessais(commande, session_id, decision, auteur)

    def enregistrer_presences(
        self, session_id: UUID, commande: EnregistrerPresences, auteur: str
    ) -> Resultat:
        decision = _sur_la_session(inscriptions.enregistrer_presences, commande)
        return self._avec_reessais(commande, session_id, decision, auteur)

    def terminer_formation(
        self, session_id: UUID, commande: TerminerFormation, auteur: str
    ) -> Resultat:
        """Record the completion, then the qualification it delivers on the aidant. A failure
        between the two is repaired by sending the command again."""

        def decide(events: list[Any], ctx: Contexte) -> list[Any]:
            session = _session(events)
            parcours = self.parcours(session.parcours_id) if session else None
            return list(inscriptions.terminer_formation(session, parcours, commande, ctx))

        resultat = self._avec_reessais(commande, session_id, decide, auteur)
        self._enregistrer_qualification(session_id, commande.aidant_id, auteur)
        return resultat

    def _enregistrer_qualification(self, session_id: UUID, aidant_id: UUID, auteur: str) -> None:
        session = self.session(session_id)
        inscription = session.inscriptions.get(aidant_id) if session else None
        if session is None or inscription is None or inscription.terminee_le is None:
            return
        if inscription.qualification_delivree is None:
            return
        # Everything comes from the stored completion, so a retry sends the very same command.
        commande = EnregistrerQualification(
            command_id=command_id_qualification(session_id, aidant_id),
            type=inscription.qualification_delivree,
            obtenue_le=session.fin,
            libelle=inscription.libelle or None,
        )
        try:
            self.acteurs.enregistrer_qualification(aidant_id, commande, auteur)
        except DomainError as refus:
            # The training is done all the same (the aidant may have been deactivated since):
            # the coordinator records the qualification by hand if it still matters.
            logger.warning(
                "qualification %s not recorded on aidant %s after session %s: %s",
                commande.type,
                aidant_id,
                session_id,
                refus.message,
            )

    def _avec_reessais(
        self,
        commande: Any,
        session_id: UUID,
        decide: Callable[[list[Any], Contexte], list[Any]],
        auteur: str,
    ) -> Resultat:
        for essai in range(_ESSAIS):
            try:
                return self.hub.executer(commande, session_id, decide, auteur)
            except ConflitDeVersion:
                if essai == _ESSAIS - 1:
                    raise
        raise AssertionError("unreachable")


def _sur_la_session(
    decision: Callable[[SessionFormation | None, C, Contexte], Sequence[Evenement]], commande: C
) -> Callable[[list[Any], Contexte], list[Any]]:
    """A decision that needs the session alone, in the form `executer` calls."""
    return lambda events, ctx: list(decision(_session(events), commande, ctx))
