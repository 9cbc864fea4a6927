"""Rules for reports: what a valid report is, and that a report is answered once."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import msgspec

from domain.base import Contexte, Evenement, a_jour, premier, suivant
from domain.errors import DomainError, IntrouvableError
from domain.signalements.commands import MESSAGE_MAX, SignalerErreur, TraiterSignalement
from domain.signalements.events import ISSUES, SignalementRecu, SignalementTraite
from domain.textes import COURRIEL

# What a citizen can say is wrong, as the form offers it.
CHAMPS_SIGNALES = {
    "horaires": "Les horaires",
    "adresse": "L'adresse ou la position sur la carte",
    "contact": "Le téléphone, le courriel ou le site",
    "services": "Les services proposés",
    "ferme": "Le lieu est fermé ou n'existe plus",
    "autre": "Autre chose",
}


class Signalement(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    lieu_id: UUID
    statut: str
    """« a_traiter », or a key of ISSUES once answered."""


def evolve(etat: Signalement | None, event: Evenement) -> Signalement | None:
    if isinstance(event, SignalementRecu):
        return Signalement(
            id=event.originator_id,
            version=event.originator_version,
            lieu_id=event.lieu_id,
            statut="a_traiter",
        )
    if etat is None:
        return None
    if isinstance(event, SignalementTraite):
        return msgspec.structs.replace(etat, version=event.originator_version, statut=event.issue)
    return etat


def fold(events: Sequence[Evenement]) -> Signalement | None:
    """The report, or None when the id is no report (nothing, or another kind of record)."""
    if not events or not isinstance(events[0], SignalementRecu):
        return None
    etat: Signalement | None = None
    for event in events:
        etat = evolve(etat, event)
    return etat


def signaler(
    signalement_id: UUID, commande: SignalerErreur, lieu_existe: bool, ctx: Contexte
) -> list[Evenement]:
    if not lieu_existe:
        raise IntrouvableError("Ce lieu n'existe pas ou plus : revenez à la carte.", "lieu_id")
    if commande.champ not in CHAMPS_SIGNALES:
        raise DomainError("Choisissez ce qui ne va pas dans la liste proposée.", "champ")
    message = commande.message.strip()
    if not message:
        raise DomainError(
            "Décrivez l'erreur en quelques mots (par exemple les bons horaires).", "message"
        )
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            f"Le message dépasse {MESSAGE_MAX} caractères : raccourcissez-le.", "message"
        )
    courriel = (commande.courriel or "").strip() or None
    if courriel is not None and not COURRIEL.match(courriel):
        raise DomainError(
            "Adresse électronique illisible : corrigez-la (nom@exemple.fr) ou laissez le "
            "champ vide.",
            "courriel",
        )
    return [
        premier(
            SignalementRecu,
            signalement_id,
            ctx,
            lieu_id=commande.lieu_id,
            champ=commande.champ,
            message=message,
            courriel=courriel,
        )
    ]


def traiter(
    etat: Signalement | None, commande: TraiterSignalement, ctx: Contexte
) -> list[Evenement]:
    etat = a_jour(etat, commande.version, "Ce signalement n'existe pas.", "signalement_id")
    if etat.statut != "a_traiter":
        raise DomainError(
            f"Ce signalement est déjà {ISSUES[etat.statut]} : rien à faire de plus.", "issue"
        )
    if commande.issue not in ISSUES:
        raise DomainError("Choisissez « traité » ou « rejeté ».", "issue")
    return [
        suivant(
            SignalementTraite,
            etat,
            ctx,
            issue=commande.issue,
            note=(commande.note or "").strip() or None,
        )
    ]
