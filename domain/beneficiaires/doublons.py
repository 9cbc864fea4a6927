"""Is this new person already followed? Checked while a mediator types, before creating.

La Coop's rule (coop_aidants.md §1.5), one point each: a close last name, a close first
name, the same phone, the same e-mail; two points make a probable duplicate. Names are
compared without accents, case, spaces or hyphens. La Coop's "close" is a trigram similarity
above 0.4; ours is difflib's ratio from 0.7, which ranks typing variants alike
(Dupont/Dupond 0.83, Lefevre/Lefebvre 0.93) and keeps distinct names apart
(Martin/Bernard 0.31).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from uuid import UUID

import msgspec

from domain.beneficiaires.events import Identite

PROCHE = 0.7


class Ressemblance(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    points: int
    raisons: tuple[str, ...]


def _cle(texte: str | None) -> str:
    if not texte:
        return ""
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_.lower() if c.isalnum())


def _proches(a: str | None, b: str | None) -> bool:
    x, y = _cle(a), _cle(b)
    return bool(x and y) and SequenceMatcher(None, x, y).ratio() >= PROCHE


def ressemblance(saisie: Identite, autre: Identite) -> list[str]:
    raisons = []
    if _proches(saisie.nom, autre.nom):
        raisons.append("nom proche")
    if _proches(saisie.prenom, autre.prenom):
        raisons.append("prénom proche")
    if saisie.telephone and saisie.telephone == autre.telephone:
        raisons.append("même téléphone")
    if saisie.courriel and autre.courriel and saisie.courriel.lower() == autre.courriel.lower():
        raisons.append("même e-mail")
    return raisons


def doublons_probables(
    saisie: Identite, suivis: Iterable[tuple[UUID, Identite]]
) -> list[Ressemblance]:
    """The followed people who resemble the one being typed, most alike first."""
    trouves = []
    for beneficiaire_id, identite in suivis:
        raisons = ressemblance(saisie, identite)
        if len(raisons) >= 2:
            trouves.append(
                Ressemblance(id=beneficiaire_id, points=len(raisons), raisons=tuple(raisons))
            )
    return sorted(trouves, key=lambda r: -r.points)
