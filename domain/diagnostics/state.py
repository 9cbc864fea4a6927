"""A diagnostic as the write side knows it: the fold of its events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import msgspec

from domain.base import champs_propres, memes_champs, replier
from domain.diagnostics.events import (
    Constat,
    DiagnosticAnnule,
    DiagnosticCorrige,
    DiagnosticRealise,
    NiveauEvalue,
)


class Diagnostic(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    beneficiaire_id: UUID
    auteur: str
    date: date
    source: str
    scores: dict[str, int]
    score_importe: int | None = None
    drapeaux: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    cible: int | None = None
    competences_cibles: tuple[str, ...] = ()
    note: str | None = None
    niveau: int | None = None
    grille_version: str | None = None
    annule: bool = False


EvenementDiagnostic = DiagnosticRealise | DiagnosticCorrige | NiveauEvalue | DiagnosticAnnule
CHAMPS_CONSTAT = champs_propres(Constat)


def constat(event: Constat) -> dict[str, object]:
    return {champ: getattr(event, champ) for champ in CHAMPS_CONSTAT}


def evolve(diagnostic: Diagnostic | None, event: EvenementDiagnostic) -> Diagnostic:
    if isinstance(event, DiagnosticRealise):
        return Diagnostic(
            id=event.originator_id,
            version=event.originator_version,
            **memes_champs(event, Diagnostic),
        )
    if diagnostic is None:
        raise ValueError(f"{type(event).__name__} before DiagnosticRealise")
    diagnostic = msgspec.structs.replace(diagnostic, version=event.originator_version)
    if isinstance(event, DiagnosticCorrige):
        return msgspec.structs.replace(diagnostic, **constat(event))
    if isinstance(event, NiveauEvalue):
        return msgspec.structs.replace(
            diagnostic, niveau=event.niveau, grille_version=event.grille_version
        )
    return msgspec.structs.replace(diagnostic, annule=True)


def fold(events: Iterable[object]) -> Diagnostic | None:
    """The diagnostic, or None: no events, or those of another kind of record."""
    return replier(evolve, DiagnosticRealise, events)
