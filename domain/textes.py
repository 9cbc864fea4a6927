"""Texts people type: the form the hub stores them in, and the refusal of an empty one that a
record needs. Each context says how it normalises (white space, apostrophes, or only the
ends: a description keeps its lines)."""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.errors import DomainError

# An e-mail address's shape: no white space, one @, a dot in the domain.
COURRIEL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def espaces_simples(texte: str) -> str:
    """Runs of white space (line breaks included) as one space, none at the ends."""
    return " ".join(texte.split())


def texte_obligatoire(
    texte: str, champ: str, quoi: str, normaliser: Callable[[str], str] = espaces_simples
) -> str:
    """The text as stored; an empty one is refused on `champ`, saying what to give (`quoi`)."""
    propre = normaliser(texte)
    if not propre:
        raise DomainError(f"Le champ « {champ} » est vide : indiquez {quoi}.", champ)
    return propre


def texte_facultatif(
    texte: str | None, normaliser: Callable[[str], str] = espaces_simples
) -> str | None:
    """The text as stored, or None when there is none (an empty text is none)."""
    return (normaliser(texte) or None) if texte is not None else None
