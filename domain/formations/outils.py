"""Small helpers shared by the trainings' decide functions."""

from __future__ import annotations

from datetime import date

from domain.base import FUSEAU_DU_HUB
from domain.errors import DomainError

PARIS = FUSEAU_DU_HUB


def date_fr(jour: date) -> str:
    return jour.strftime("%d/%m/%Y")


def texte_obligatoire(valeur: str, champ: str, quoi: str) -> str:
    texte = " ".join(valeur.split())
    if not texte:
        raise DomainError(f"Le champ « {champ} » est vide : indiquez {quoi}.", champ)
    return texte


def texte_facultatif(valeur: str | None) -> str | None:
    if valeur is None:
        return None
    return valeur.strip() or None
