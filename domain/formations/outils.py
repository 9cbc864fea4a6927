"""Small helpers shared by the trainings' decide functions."""

from __future__ import annotations

from datetime import date

from domain import textes
from domain.base import FUSEAU_DU_HUB

PARIS = FUSEAU_DU_HUB


def date_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def texte_facultatif(valeur: str | None) -> str | None:
    """An optional text of a training as typed but for its ends (a description keeps its
    lines)."""
    return textes.texte_facultatif(valeur, str.strip)
