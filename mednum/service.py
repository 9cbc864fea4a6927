"""The service layer: runs a command through the domain and saves its events, exactly once.

Each use case is: load the record's events, fold them into state, call the pure decide
function, save the new events with an idempotency receipt in one transaction. A retried
command (same `command_id`) finds its receipt and gets the first answer back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
from eventsourcing.persistence import IntegrityError

from domain.base import Commande, Contexte, Evenement
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.registry import decide as registre
from domain.registry import fusion
from domain.registry.commands import (
    AnnulerFusion,
    EcarterDoublon,
    FermerLieu,
    FusionnerLieux,
    ModifierLieu,
    RecenserLieu,
    VerifierLieu,
)
from domain.registry.doublons import paire
from domain.registry.state import Lieu
from domain.registry.state import fold as fold_lieu
from mednum.communes import ReferentielCommunes
from mednum.eventstore import MedNumApplication, Receipt


class Resultat(msgspec.Struct, frozen=True, kw_only=True):
    """What a command answers: the record, its new version, where its last event sits."""

    id: UUID
    version: int
    notification_id: int | None
    rejoue: bool = False


class CommandeDejaUtilisee(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Cet identifiant de demande (command_id) a déjà servi pour une autre demande : "
            "générez-en un nouveau pour chaque nouvelle demande.",
            "command_id",
        )


class Hub:
    """Entry point of the write side: one method per use case."""

    def __init__(
        self,
        app: MedNumApplication,
        communes: ReferentielCommunes,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self.communes = communes
        self.clock = clock

    # --- lieux -----------------------------------------------------------------------------

    def recenser_lieu(
        self, commande: RecenserLieu, auteur: str, lieu_id: UUID | None = None
    ) -> Resultat:
        """`lieu_id` is drawn at random unless given (imports derive it from the source's id,
        so that the same file maps to the same places)."""
        lieu_id = lieu_id or uuid4()
        return self.executer(
            commande,
            lieu_id,
            lambda _events, ctx: registre.recenser_lieu(
                lieu_id, commande, self.communes.ref(commande.code_insee), ctx
            ),
            auteur,
            creation=True,
        )

    def modifier_lieu(self, lieu_id: UUID, commande: ModifierLieu, auteur: str) -> Resultat:
        code_insee = commande.code_insee
        return self.executer(
            commande,
            lieu_id,
            lambda events, ctx: registre.modifier_lieu(
                fold_lieu(events),
                commande,
                self.communes.ref(code_insee) if isinstance(code_insee, str) else None,
                ctx,
            ),
            auteur,
        )

    def fermer_lieu(self, lieu_id: UUID, commande: FermerLieu, auteur: str) -> Resultat:
        return self.executer(
            commande,
            lieu_id,
            lambda events, ctx: registre.fermer_lieu(fold_lieu(events), commande, ctx),
            auteur,
        )

    def verifier_lieu(self, lieu_id: UUID, commande: VerifierLieu, auteur: str) -> Resultat:
        return self.executer(
            commande,
            lieu_id,
            lambda events, ctx: fusion.verifier_lieu(fold_lieu(events), commande, ctx),
            auteur,
        )

    def fusionner_lieux(self, garde_id: UUID, commande: FusionnerLieux, auteur: str) -> Resultat:
        return self.executer(
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

        return self.executer(commande, doublon_id, decide, auteur)

    def ecarter_doublon(self, lieu_id: UUID, commande: EcarterDoublon, auteur: str) -> Resultat:
        """Recorded on the smaller id of the pair, so that each pair is judged once."""
        premier, second = paire(lieu_id, commande.autre)
        if self.lieu(second) is None:
            raise IntrouvableError("Ce lieu n'existe pas dans le registre.", "autre")
        return self.executer(
            commande,
            premier,
            lambda events, ctx: fusion.ecarter_doublon(fold_lieu(events), second, commande, ctx),
            auteur,
        )

    def lieu(self, lieu_id: UUID) -> Lieu | None:
        return fold_lieu(self.events(lieu_id))

    # --- the generic path, shared by the other services (structures, aidants, trainings) ---

    def events(self, aggregate_id: UUID) -> list[Any]:
        return list(self.app.events.get(aggregate_id))

    def executer(
        self,
        commande: Commande,
        aggregate_id: UUID,
        decide: Callable[[list[Any], Contexte], Sequence[Evenement]],
        auteur: str,
        *,
        creation: bool = False,
    ) -> Resultat:
        # A creation's new id is drawn afresh on each try, so it cannot be part of the hash.
        target = b"" if creation else aggregate_id.bytes
        payload_hash = hashlib.sha256(
            type(commande).__name__.encode() + target + msgspec.json.encode(commande)
        ).digest()
        # Idempotency is checked optimistically: a retry either fails to decide (its first
        # attempt changed the record) or fails to save (its receipt exists); only then is the
        # receipt read. The usual path costs one read and one write.
        history = [] if creation else self.events(aggregate_id)
        try:
            new_events = decide(history, Contexte(auteur=auteur, maintenant=self.clock()))
        except DomainError:
            previous = self._receipt(commande.command_id, payload_hash)
            if previous is not None:
                return previous
            raise
        version = new_events[-1].originator_version if new_events else len(history)
        receipt = Receipt(
            command_id=commande.command_id,
            command_type=type(commande).__name__,
            payload_hash=payload_hash,
            aggregate_id=aggregate_id,
            version=version,
        )
        try:
            recordings = self.app.save(*new_events, receipt=receipt)
        except IntegrityError:
            # Either the same command raced us (its receipt exists) or another command
            # changed the record since we read it.
            previous = self._receipt(commande.command_id, payload_hash)
            if previous is not None:
                return previous
            current = len(self.events(aggregate_id))
            raise ConflitDeVersion(len(history), current) from None
        if not recordings:
            # Nothing changed: answer as a replay of this command will, with the place in the
            # log of the record's current version.
            replay = self._receipt(commande.command_id, payload_hash)
            assert replay is not None
            return msgspec.structs.replace(replay, rejoue=False)
        return Resultat(
            id=aggregate_id, version=version, notification_id=recordings[-1].notification.id
        )

    def _receipt(self, command_id: UUID, payload_hash: bytes) -> Resultat | None:
        with self.app.recorder.datastore.transaction(commit=False) as curs:  # type: ignore[attr-defined]
            curs.execute(
                "SELECT r.payload_hash, r.aggregate_id, r.version, e.notification_id "
                "FROM command_receipts r LEFT JOIN mednum_events e "
                "ON e.originator_id = r.aggregate_id AND e.originator_version = r.version "
                "WHERE r.command_id = %s",
                (command_id,),
            )
            row = curs.fetchone()
        if row is None:
            return None
        if bytes(row["payload_hash"]) != payload_hash:
            raise CommandeDejaUtilisee()
        return Resultat(
            id=row["aggregate_id"],
            version=row["version"],
            notification_id=row["notification_id"],
            rejoue=True,
        )
