"""Duplicate candidates: two places of the same commune with close names, addresses and
positions (the national map merges sources the same way, see carto_orientation.md §2.2).

The score is between 0 and 1: half from the name, a quarter from the address, a quarter from
the distance. Names and addresses are compared without accents, case, punctuation or the
words that tell places apart little ("de", "la", "rue"…).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from difflib import SequenceMatcher
from itertools import combinations
from uuid import UUID

import msgspec

SEUIL = 0.6
# How alike two texts are, between 0 and 1. The standard library's by default; the
# projection passes a faster, maintained one (rapidfuzz) through the same interface.
Ratio = Callable[[str, str], float]
# Articles and street words, which tell two places apart less than their proper names.
_MOTS_VIDES = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur"}
    | {"un", "une", "rue", "place", "avenue", "chemin", "boulevard"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class Candidat(msgspec.Struct, frozen=True, kw_only=True):
    """What the score needs to know of a place."""

    id: UUID
    nom: str
    adresse: str
    code_insee: str
    latitude: float
    longitude: float
    pivot: str | None = None


class Score(msgspec.Struct, frozen=True, kw_only=True):
    total: float
    nom: float
    adresse: float
    distance_m: float
    meme_pivot: bool


class PaireDoublon(msgspec.Struct, frozen=True, kw_only=True):
    a: UUID
    b: UUID
    score: Score


def normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte.replace("’", "'")).encode("ascii", "ignore")
    mots = _NON_ALNUM.split(sans_accents.decode().lower())
    return " ".join(m for m in mots if m and m not in _MOTS_VIDES)


def ratio_difflib(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def similarite(a: str, b: str, ratio: Ratio = ratio_difflib) -> float:
    """The better of a character and a word comparison of two normalised texts."""
    if not a or not b:
        return 0.0
    mots_a, mots_b = set(a.split()), set(b.split())
    jaccard = len(mots_a & mots_b) / len(mots_a | mots_b)
    return max(ratio(a, b), jaccard)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def score(a: Candidat, b: Candidat, ratio: Ratio = ratio_difflib) -> Score:
    nom = similarite(normaliser(a.nom), normaliser(b.nom), ratio)
    adresse = similarite(normaliser(a.adresse), normaliser(b.adresse), ratio)
    metres = distance_m(a.latitude, a.longitude, b.latitude, b.longitude)
    # Full marks under 50 m, none beyond 1 km.
    proximite = min(1.0, max(0.0, (1000 - metres) / 950))
    meme_pivot = a.pivot is not None and a.pivot == b.pivot
    total = 0.5 * nom + 0.25 * adresse + 0.25 * proximite
    if meme_pivot:
        total = min(1.0, total + 0.2)  # same SIRET: most likely the same body
    return Score(
        total=round(total, 3),
        nom=round(nom, 3),
        adresse=round(adresse, 3),
        distance_m=round(metres),
        meme_pivot=meme_pivot,
    )


def candidats_doublons(
    lieux: Iterable[Candidat],
    ecartes: Collection[tuple[UUID, UUID]] = (),
    seuil: float = SEUIL,
    ratio: Ratio = ratio_difflib,
) -> list[PaireDoublon]:
    """Pairs of the same commune scoring at least `seuil`, best first; `ecartes` holds the
    pairs (smaller id first) a coordinator already judged distinct."""
    par_commune: dict[str, list[Candidat]] = {}
    for lieu in lieux:
        par_commune.setdefault(lieu.code_insee, []).append(lieu)
    paires = []
    for groupe in par_commune.values():
        for a, b in _paires(groupe):
            if (a.id, b.id) in ecartes:
                continue
            s = score(a, b, ratio)
            if s.total >= seuil:
                paires.append(PaireDoublon(a=a.id, b=b.id, score=s))
    return sorted(paires, key=lambda p: (-p.score.total, p.a, p.b))


def paires_touchees(
    touches: Iterable[Candidat],
    voisins: Iterable[Candidat],
    seuil: float = SEUIL,
    ratio: Ratio = ratio_difflib,
) -> list[PaireDoublon]:
    """The candidate pairs that involve at least one of `touches` (places just created or
    changed), among the open places `voisins` (which include them): what must be recomputed
    after a change, rather than every pair of the commune. Same result as
    `candidats_doublons` restricted to those pairs."""
    par_commune: dict[str, list[Candidat]] = {}
    for voisin in voisins:
        par_commune.setdefault(voisin.code_insee, []).append(voisin)
    vues: set[tuple[UUID, UUID]] = set()
    paires = []
    for lieu in touches:
        for autre in par_commune.get(lieu.code_insee, ()):
            cle = paire(lieu.id, autre.id)
            if autre.id == lieu.id or cle in vues:
                continue
            vues.add(cle)
            a, b = (lieu, autre) if cle[0] == lieu.id else (autre, lieu)
            s = score(a, b, ratio)
            if s.total >= seuil:
                paires.append(PaireDoublon(a=a.id, b=b.id, score=s))
    return paires


def _paires(groupe: Sequence[Candidat]) -> Iterable[tuple[Candidat, Candidat]]:
    yield from combinations(sorted(groupe, key=lambda c: c.id), 2)


def paire(a: UUID, b: UUID) -> tuple[UUID, UUID]:
    """A pair in the order `ecartes` uses."""
    return (a, b) if a < b else (b, a)
