"""An activity as the write side knows it: the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import msgspec

from domain.activites.events import (
    ActiviteCorrigee,
    ActiviteEnregistree,
    ActiviteSupprimee,
    CompteRendu,
)
from domain.base import etat_cree


class Activite(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    mediateur: str  # owner: only they (and admins) reach the record
    compte_rendu: CompteRendu
    supprimee: bool = False
    motif_suppression: str | None = None


EvenementActivite = ActiviteEnregistree | ActiviteCorrigee | ActiviteSupprimee


def evolve(activite: Activite | None, event: EvenementActivite) -> Activite:
    if isinstance(event, ActiviteEnregistree):
        return etat_cree(Activite, event)
    if activite is None:
        raise ValueError(f"{type(event).__name__} before ActiviteEnregistree")
    activite = msgspec.structs.replace(activite, version=event.originator_version)
    if isinstance(event, ActiviteCorrigee):
        return msgspec.structs.replace(activite, compte_rendu=event.compte_rendu)
    return msgspec.structs.replace(activite, supprimee=True, motif_suppression=event.motif)


def fold(events: Iterable[object]) -> Activite | None:
    """The activity, or None: no events, or those of another kind of record."""
    activite: Activite | None = None
    for event in events:
        if activite is None and not isinstance(event, ActiviteEnregistree):
            return None
        if not isinstance(event, ActiviteEnregistree | ActiviteCorrigee | ActiviteSupprimee):
            return None
        activite = evolve(activite, event)
    return activite
