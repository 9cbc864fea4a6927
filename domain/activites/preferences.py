"""What the fast entry form pre-selects for a mediator, from their last activities: the
last place, the usual equipment, the most frequent duration and set of thématiques, and
the durations they use often enough to deserve a quick-pick button (La Coop's adaptive
durations: used more than 5 times)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import TypeVar
from uuid import UUID

import msgspec

from domain.activites.referentiel import DUREES_RAPIDES

SEUIL_DUREE_FREQUENTE = 5
T = TypeVar("T", bound=Hashable)


class Recente(msgspec.Struct, frozen=True, kw_only=True):
    """One of the mediator's last activities, as much as the form needs of it."""

    type_lieu: str
    lieu_id: UUID | None
    commune: str | None
    materiel: tuple[str, ...]
    thematiques: tuple[str, ...]
    duree: int


class Preferences(msgspec.Struct, frozen=True, kw_only=True):
    type_lieu: str = "lieu_activite"
    lieu_id: UUID | None = None
    commune: str | None = None
    materiel: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    duree: int | None = None
    durees: tuple[int, ...] = DUREES_RAPIDES  # the quick-pick buttons


def _plus_frequent(valeurs: Sequence[T]) -> T:
    """The most frequent value; ties go to the most recent (the list is newest first)."""
    comptes = Counter(valeurs)
    meilleur = max(comptes.values())
    return next(v for v in valeurs if comptes[v] == meilleur)


def preferences(recentes: Sequence[Recente]) -> Preferences:
    """`recentes`: newest first (the caller reads about 50)."""
    if not recentes:
        return Preferences()
    derniere = recentes[0]
    comptes = Counter(r.duree for r in recentes)
    frequentes = {d for d, n in comptes.items() if n > SEUIL_DUREE_FREQUENTE}
    durees = tuple(sorted(set(DUREES_RAPIDES) | frequentes))
    materiel = _plus_frequent([r.materiel for r in recentes])
    thematiques = _plus_frequent([r.thematiques for r in recentes])
    duree = _plus_frequent([r.duree for r in recentes])
    return Preferences(
        type_lieu=derniere.type_lieu,
        lieu_id=derniere.lieu_id,
        commune=derniere.commune,
        materiel=materiel,
        thematiques=thematiques,
        duree=duree,
        durees=durees,
    )
