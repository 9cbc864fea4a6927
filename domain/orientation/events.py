"""What happened to a referral. People are named by id only: no identity here, ever."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.base import Evenement


class OrientationProposee(Evenement, frozen=True, kw_only=True):
    """An offer proposed to a person (`beneficiaire_id`), or to an anonymous citizen who
    asked to keep their self-orientation (`beneficiaire_id` and `mediateur` None)."""

    beneficiaire_id: UUID | None
    mediateur: str | None  # the owner: only they (and admins) reach it
    regles_version: str
    regle: str
    offre_type: str
    regles: tuple[str, ...]  # every rule behind the proposal (e.g. R3 and R7)
    pourquoi: tuple[str, ...]  # one sentence per rule, in plain French
    niveau: int | None
    lieux_proposes: tuple[UUID, ...]
    lieu_choisi: UUID | None = None


class OrientationAcceptee(Evenement, frozen=True, kw_only=True):
    lieu_choisi: UUID


class LienPriseEnChargeEmis(Evenement, frozen=True, kw_only=True):
    """A link for the receiving place to confirm it takes the person in. Only a keyed hash
    of its token is kept: whoever reads the events cannot rebuild the link."""

    empreinte: str
    expire_le: datetime


class OrientationRefusee(Evenement, frozen=True, kw_only=True):
    motif: str


class PriseEnCharge(Evenement, frozen=True, kw_only=True):
    """The receiving place confirmed, through its link (no account needed)."""


class OrientationAboutie(Evenement, frozen=True, kw_only=True):
    """The first activity recorded at the chosen place for that person closed the loop."""

    activite_id: UUID
    date: date


class OrientationExpiree(Evenement, frozen=True, kw_only=True):
    """30 days without reaching the place."""


EVENEMENTS_ORIENTATION = (
    OrientationProposee,
    OrientationAcceptee,
    LienPriseEnChargeEmis,
    OrientationRefusee,
    PriseEnCharge,
    OrientationAboutie,
    OrientationExpiree,
)
