"""The `beneficiaires` read model: one row per person, identity columns blanked on erasure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from domain.beneficiaires.events import (
    BeneficiaireAnonymise,
    BeneficiaireEnregistre,
    Identite,
    IdentiteModifiee,
    Profil,
    ProfilModifie,
)
from projections.base import Projection

_PROFIL = (
    "genre",
    "tranche_age",
    "annee_naissance",
    "statut_social",
    "commune_residence",
    "deja_accompagne",
)
_IDENTITE = ("prenom", "nom", "telephone", "courriel", "notes")
_INSERT = (
    "INSERT INTO beneficiaires (id, version, mediateur, consentement_le, cree_le, modifie_le, "
    + ", ".join(_PROFIL + _IDENTITE)
    + ") VALUES ($1, $2, $3, $4, $5, $5, "
    + ", ".join(f"${i}" for i in range(6, 6 + len(_PROFIL) + len(_IDENTITE)))
    + ") ON CONFLICT (id) DO NOTHING"
)
_PROFIL_MODIFIE = (
    "UPDATE beneficiaires SET version = $2, modifie_le = $3, "
    + ", ".join(f"{c} = ${i}" for i, c in enumerate(_PROFIL, start=4))
    + " WHERE id = $1"
)
_IDENTITE_MODIFIEE = (
    "UPDATE beneficiaires SET version = $2, modifie_le = $3, "
    "consentement_le = coalesce($4, consentement_le), "
    + ", ".join(f"{c} = ${i}" for i, c in enumerate(_IDENTITE, start=5))
    + " WHERE id = $1 AND NOT anonymise"
)
_ANONYMISE = (
    "UPDATE beneficiaires SET version = $2, modifie_le = $3, anonymise = true, "
    "anonymise_le = $3, motif_anonymisation = $4, "
    + ", ".join(f"{c} = NULL" for c in _IDENTITE)
    + " WHERE id = $1"
)


def _profil(profil: Profil) -> list[Any]:
    return [getattr(profil, c) for c in _PROFIL]


def _identite(identite: Identite | None) -> list[Any]:
    return [getattr(identite, c) if identite else None for c in _IDENTITE]


class BeneficiairesProjection(Projection):
    name = "beneficiaires"
    event_types = (BeneficiaireEnregistre, ProfilModifie, IdentiteModifiee, BeneficiaireAnonymise)
    tables = ("beneficiaires",)

    async def apply(self, conn: asyncpg.Connection, events: Sequence[Any]) -> None:
        for e in events:
            kind = type(e)
            base = [e.originator_id, e.originator_version]
            if kind is BeneficiaireEnregistre:
                await conn.execute(
                    _INSERT,
                    *base,
                    e.mediateur,
                    e.consentement_le,
                    e.timestamp,
                    *_profil(e.profil),
                    *_identite(e.identite),
                )
            elif kind is ProfilModifie:
                await conn.execute(_PROFIL_MODIFIE, *base, e.timestamp, *_profil(e.profil))
            elif kind is IdentiteModifiee:
                await conn.execute(
                    _IDENTITE_MODIFIEE,
                    *base,
                    e.timestamp,
                    e.consentement_le,
                    *_identite(e.identite),
                )
            else:
                await conn.execute(_ANONYMISE, *base, e.timestamp, e.motif)
