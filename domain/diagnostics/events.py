"""What happened to diagnostics. They name the beneficiary by id; the only field that may
identify them, the free note, is stored encrypted with the beneficiary's key."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

import msgspec

from domain.base import Evenement


class Constat(Evenement, frozen=True, kw_only=True):
    """The fields a diagnostic records (shared by its creation and its corrections)."""

    date: date
    source: str
    scores: dict[str, int]
    score_importe: int | None = None
    drapeaux: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    cible: int | None = None
    competences_cibles: tuple[str, ...] = ()
    note: str | None = None

    # A free note may say anything of the person: it is encrypted with the beneficiary's key
    # (not the diagnostic's), so that erasing the person makes it unreadable too.
    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = ("note",)
    CHAMP_PERSONNE: ClassVar[str] = "beneficiaire_id"


class DiagnosticRealise(Constat, frozen=True, kw_only=True):
    beneficiaire_id: UUID


class DiagnosticCorrige(Constat, frozen=True, kw_only=True):
    motif: str
    beneficiaire_id: UUID | None = None
    """None only in corrections recorded before notes were encrypted (their note is plain)."""


class DetailNiveau(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """How the level was reached, so that anyone can check it by hand."""

    methode: str  # "scores" or "score_importe"
    moyenne: float | None = None
    moyenne_arrondie: int | None = None
    plafond: int | None = None  # weakest score + the grid's ecart_max
    score_importe: int | None = None
    bareme: str | None = None  # the source whose calibration was used


class NiveauEvalue(Evenement, frozen=True, kw_only=True):
    """The level the diagnostic gives, with the version of the grid that computed it: a new
    grid version never rewrites it."""

    niveau: int
    grille_version: str
    detail: DetailNiveau


class DiagnosticAnnule(Evenement, frozen=True, kw_only=True):
    motif: str


EVENEMENTS_DIAGNOSTIC = (DiagnosticRealise, DiagnosticCorrige, NiveauEvalue, DiagnosticAnnule)
