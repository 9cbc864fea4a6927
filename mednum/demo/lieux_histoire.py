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

import msgspec

PART_IMPORT_INITIAL = 0.3
IMPORT_INITIAL = (1000, 1095)  # days before loading
PROGRESSIFS = (20, 1000)
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
