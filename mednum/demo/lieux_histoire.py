"""A demo place's life before the day the demo is loaded: when it was recorded, when a
coordinator confirmed it since, and whether it closed.

About three places in ten came with the registry's first import, three years ago; the
others were recorded one by one since. Places are confirmed every four to eighteen months,
so that at any past date some are stale (M1.2 varies); one in nine was never confirmed
since it was recorded 13 to 30 months ago (the coordinators' list of records to verify); a
few closed on a past date. Ages count back from the day of loading, in days; each place
draws from its own generator (seeded by its index), so this history moves nothing else.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import msgspec

from domain.base import Contexte, Evenement
from domain.lieux import decide as registre
from domain.lieux import fusion
from domain.lieux.commands import FermerLieu, RecenserLieu, VerifierLieu
from domain.lieux.historique import AUTEUR_DEMO
from domain.lieux.referentiel import CommuneRef
from domain.lieux.state import fold

PART_IMPORT_INITIAL = 0.3
IMPORT_INITIAL = (1000, 1095)  # days before loading
PROGRESSIFS = (20, 1000)
COORDINATION_DEMO = "coordination@mednum-demo.fr"
_NAMESPACE = uuid.UUID("2d7c4e91-0a6b-4f3e-8c15-9b2e7d4a6f80")
PERIMES = 9  # one place in nine is never confirmed
PART_FERMES = 0.06
ECART_VERIFICATIONS = (150, 600)


class HistoireLieu(msgspec.Struct, frozen=True, kw_only=True):
    recense: int
    """Days before loading."""
    verifications: tuple[int, ...] = ()
    """Days before loading, oldest first."""
    fermeture: int | None = None


def histoire(rang: int, seed: int) -> HistoireLieu:
    """The history of the demo place of 1-based rank `rang`."""
    if rang % PERIMES == 0:
        return HistoireLieu(recense=400 + rang * 37 % 500)
    rng = random.Random(f"{seed}-histoire-{rang}")
    bornes = IMPORT_INITIAL if rng.random() < PART_IMPORT_INITIAL else PROGRESSIFS
    recense = rng.randint(*bornes)
    fermeture = None
    if recense > 240 and rng.random() < PART_FERMES:
        fermeture = rng.randint(30, recense - 180)
    verifications = []
    age = recense
    while True:
        age -= rng.randint(*ECART_VERIFICATIONS)
        if age < 2 or (fermeture is not None and age <= fermeture):
            break
        verifications.append(age)
    return HistoireLieu(recense=recense, verifications=tuple(verifications), fermeture=fermeture)


def doublon_recense(original: HistoireLieu, rang: int) -> int:
    """Days before loading that a second source recorded the place again: a few weeks to a
    few months after the original."""
    return max(1, original.recense - 20 - rang * 13 % 200)


def evenements(
    lieu_id: UUID,
    commande: RecenserLieu,
    commune: CommuneRef | None,
    h: HistoireLieu,
    le: Callable[[int], datetime],
) -> list[Evenement]:
    """The place's events from its recording to today, each decided by the domain's own rules
    with the clock at its day (`le(age)`): saved at once, one transaction per place."""

    def ctx(auteur: str, age: int) -> Contexte:
        return Contexte(auteur=auteur, maintenant=le(age))

    events: list[Evenement] = list(
        registre.recenser_lieu(lieu_id, commande, commune, ctx(AUTEUR_DEMO, h.recense))
    )
    for rang, age in enumerate(h.verifications):
        lieu = fold(events)
        assert lieu is not None
        verification = VerifierLieu(
            command_id=uuid.uuid5(_NAMESPACE, f"{lieu_id}/{rang}"), version=lieu.version
        )
        events += fusion.verifier_lieu(lieu, verification, ctx(COORDINATION_DEMO, age))
    if h.fermeture is not None:
        lieu = fold(events)
        assert lieu is not None
        fermeture = FermerLieu(
            command_id=uuid.uuid5(_NAMESPACE, f"{lieu_id}/fermeture"),
            version=lieu.version,
            motif="Le lieu n'accueille plus de public.",
        )
        events += registre.fermer_lieu(lieu, fermeture, ctx(COORDINATION_DEMO, h.fermeture))
    return events
