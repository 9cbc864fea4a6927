"""What happens to a report: received from the public, then handled or rejected."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from domain.base import Evenement

ISSUES = {"traite": "traité", "rejete": "rejeté"}


class SignalementRecu(Evenement, frozen=True, kw_only=True):
    # The e-mail is encrypted with the report's own key, destroyed once the report is handled
    # (mednum/infra/chiffrement.py): it serves one answer, then it is gone.
    CHAMPS_PERSONNELS: ClassVar[tuple[str, ...]] = ("courriel",)

    lieu_id: UUID
    champ: str
    """What is wrong: a key of CHAMPS_SIGNALES."""
    message: str
    courriel: str | None = None
    """For an answer, if the person gave one (nothing else identifies them)."""


class SignalementTraite(Evenement, frozen=True, kw_only=True):
    issue: str
    """A key of ISSUES."""
    note: str | None = None


EVENEMENTS_SIGNALEMENT = (SignalementRecu, SignalementTraite)
