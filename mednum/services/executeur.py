"""The service layer: runs a command through the domain and saves its events, exactly once.

Each use case is: load the record's events, fold them into state, call the pure decide
function, save the new events with an idempotency receipt in one transaction. A retried
command (same `command_id`) finds its receipt and gets the first answer back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID, uuid4

import msgspec
from eventsourcing.persistence import IntegrityError

from domain.base import Commande, Contexte, Evenement
from domain.errors import ConflitDeVersion, DomainError
from mednum.infra.communes import ReferentielCommunes
from mednum.infra.eventstore import MedNumApplication, Receipt


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


S = TypeVar("S")
C = TypeVar("C", bound=Commande)


class Hub:
    """Runs commands for every context's service (mednum/services/<context>.py)."""

    def __init__(
        self,
        app: MedNumApplication,
        communes: ReferentielCommunes,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self.communes = communes
        self.clock = clock

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

    def creer(
        self,
        commande: Commande,
        aggregate_id: UUID | None,
        decide: Callable[[UUID, Contexte], Sequence[Evenement]],
        auteur: str,
    ) -> Resultat:
        """The use case that creates a record: `decide` on the new record's id, drawn at random
        unless given (the demo and imports fix it, so that the same input maps to the same
        record)."""
        nouvel_id = aggregate_id or uuid4()
        return self.executer(
            commande, nouvel_id, lambda _events, ctx: decide(nouvel_id, ctx), auteur, creation=True
        )

    def appliquer(
        self,
        commande: C,
        aggregate_id: UUID,
        fold: Callable[[list[Any]], S],
        decide: Callable[[S, C, Contexte], Sequence[Evenement]],
        auteur: str,
    ) -> Resultat:
        """The usual use case on a record: `decide` on its state (its events folded) and the
        command, nothing else read."""
        return self.executer(
            commande, aggregate_id, lambda events, ctx: decide(fold(events), commande, ctx), auteur
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


class _Service(Protocol):
    hub: Hub


def sur_l_etat(
    fold: Callable[[list[Any]], S], decide: Callable[[S, C, Contexte], Sequence[Evenement]]
) -> Callable[[_Service, UUID, C, str], Resultat]:
    """The service method of a use case that `decide`s on the record's state and the command
    alone (`Hub.appliquer`): `(service, record id, command, caller)`.

    It takes the decision's name, as the web layer finds the service of a use case, and names
    its routes, after the method's name (mednum/composition.py, web/exposition.py)."""

    def methode(service: _Service, aggregate_id: UUID, commande: C, auteur: str) -> Resultat:
        return service.hub.appliquer(commande, aggregate_id, fold, decide, auteur)

    methode.__name__ = methode.__qualname__ = decide.__name__
    return methode
