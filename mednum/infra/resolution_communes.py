"""Finding the commune a row of a real file means, from its name, postcode and coordinates.

Real files write « Annecy Cedex 03 », « 74011 ANNECY CEDEX », « CHAMONIX », « Le Mans » (the
reference says « Mans »), « St-Étienne », a commune merged since into a « commune nouvelle »
(« Cran-Gevrier »), or the postcode of a neighbouring commune. The resolver tries, in order,
what is most certain first, and says each step it took, in French, for the import report:

1. the name (accents, case, hyphens, apostrophes, « St »/« Ste », a leading article and CEDEX
   set aside) among the communes of the postcode;
2. a commune of the postcode whose name starts with the given words (short forms);
3. the name in the postcode's département (wrong or CEDEX postcode);
4. a commune déléguée or associée of that name in the département, read as the commune it
   belongs to (shipped from the COG, see mednum/data/README.md);
5. a commune of the département whose name starts with the given words.

Several communes at one step are told apart by the coordinates, when the row has them (the
nearest centre); else the row is refused with the candidates named.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

import msgspec

from domain.errors import DomainError
from domain.lieux.position import distance_km
from mednum.infra.communes import DATA_DIR, Commune, ReferentielCommunes, normaliser

ANCIENNES_FILE = DATA_DIR / "communes-anciennes.csv.gz"
_ARTICLES = ("l", "le", "la", "les")
_CEDEX = re.compile(r"\bcedex\b(\s*\d{1,3})?", re.IGNORECASE)
_CODE_EN_TETE = re.compile(r"^\s*(\d{5})\s+")
_ARRONDISSEMENT = re.compile(r"\s+\d{1,2}\s*(e|er|eme|ème)?(\s+arrondissement)?$", re.IGNORECASE)
_ARTICLE_ENTRE_PARENTHESES = re.compile(r"^(.*?)\s*\((l'|le|la|les)\)\s*$", re.IGNORECASE)
_TYPES_ANCIENNES = {"deleguee": "commune déléguée", "associee": "commune associée"}


class Resolution(msgspec.Struct, frozen=True, kw_only=True):
    commune: Commune
    code_postal: str
    explications: list[str]


class Ancienne(msgspec.Struct, frozen=True, kw_only=True):
    code_insee: str
    nom: str
    type: str
    code_actuel: str


def cle(nom: str) -> str:
    """The name as compared: normalised, without a leading article (« Le Mans » = « Mans »)."""
    mots = normaliser(nom).split()
    if len(mots) > 1 and mots[0] in _ARTICLES:
        mots = mots[1:]
    return " ".join(mots)


def departement_du_code_postal(code_postal: str) -> str | None:
    if not re.fullmatch(r"\d{5}", code_postal):
        return None
    if code_postal.startswith("97") or code_postal.startswith("98"):
        return code_postal[:3]
    if code_postal.startswith("20"):
        return "2A" if code_postal[:3] in ("200", "201") else "2B"
    return code_postal[:2]


def lire_anciennes(path: Path = ANCIENNES_FILE) -> list[Ancienne]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [
            Ancienne(
                code_insee=row["code_insee"],
                nom=row["nom"],
                type=row["type"],
                code_actuel=row["code_actuel"],
            )
            for row in csv.DictReader(handle)
        ]


class ResolveurCommunes:
    def __init__(self, referentiel: ReferentielCommunes, anciennes: Iterable[Ancienne]) -> None:
        self._referentiel = referentiel
        self._par_cle: dict[str, list[Commune]] = defaultdict(list)
        self._par_code_postal: dict[str, list[Commune]] = defaultdict(list)
        self._par_departement: dict[str, list[Commune]] = defaultdict(list)
        for commune in referentiel:
            self._par_cle[cle(commune.nom)].append(commune)
            self._par_departement[commune.departement].append(commune)
            for code_postal in commune.codes_postaux:
                self._par_code_postal[code_postal].append(commune)
        # name key -> (old commune, the commune of the reference it is read as)
        self._anciennes: dict[str, list[tuple[Ancienne, Commune]]] = defaultdict(list)
        self._par_code_ancien: dict[str, Commune] = {}
        self._rattachee_a: dict[str, tuple[Ancienne, Commune]] = {}
        for ancienne in anciennes:
            actuelle = referentiel.get(ancienne.code_actuel)
            if actuelle is None or ancienne.code_insee == ancienne.code_actuel:
                continue  # a commune nouvelle created after the reference's vintage
            if ancienne.nom:
                self._anciennes[cle(ancienne.nom)].append((ancienne, actuelle))
            if referentiel.get(ancienne.code_insee) is None:
                self._par_code_ancien[ancienne.code_insee] = actuelle
            else:
                self._rattachee_a[ancienne.code_insee] = (ancienne, actuelle)

    def par_code_ancien(self, code_insee: str) -> Commune | None:
        """The commune of the reference an old INSEE code (of a merged commune) belongs to."""
        return self._par_code_ancien.get(code_insee)

    def resoudre(
        self,
        nom: str,
        code_postal: str,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> Resolution:
        explications: list[str] = []
        nom_lu, code_postal = self._nettoyer(nom, code_postal, explications)
        recherche = cle(nom_lu)
        departement = departement_du_code_postal(code_postal)
        du_code_postal = self._par_code_postal.get(code_postal, [])
        du_departement = self._par_departement.get(departement or "", [])
        etapes: list[tuple[Callable[[], list[Commune]], Callable[[Commune], str | None]]] = [
            (lambda: [c for c in du_code_postal if cle(c.nom) == recherche], lambda c: None),
            (
                lambda: [c for c in du_code_postal if cle(c.nom).startswith(recherche + " ")],
                lambda c: (
                    f"« {nom_lu} » lu « {c.nom} » (seule commune du code postal "
                    f"{code_postal} dont le nom commence ainsi)"
                ),
            ),
            (
                lambda: [c for c in self._par_cle.get(recherche, []) if c in du_departement],
                lambda c: f"« {nom_lu} » trouvée par son nom dans le département {departement}",
            ),
            (lambda: self._anciennes_du(recherche, departement), self._dire_ancienne(nom_lu)),
            (
                lambda: [c for c in du_departement if cle(c.nom).startswith(recherche + " ")],
                lambda c: (
                    f"« {nom_lu} » lu « {c.nom} » (seule commune du département "
                    f"{departement} dont le nom commence ainsi)"
                ),
            ),
        ]
        for candidates_de, explication_de in etapes:
            candidates = list(dict.fromkeys(candidates_de()))
            if not candidates:
                continue
            commune = self._departager(candidates, nom, latitude, longitude, explications)
            if (explication := explication_de(commune)) is not None:
                explications.append(explication)
            commune = self._commune_de_plein_exercice(commune, explications)
            if commune.nom != nom.strip() and not explications:
                explications.append(f"« {nom.strip()} » lu « {commune.nom} »")
            return Resolution(
                commune=commune,
                code_postal=self._code_postal(commune, code_postal, explications),
                explications=explications,
            )
        raise DomainError(
            f"La commune « {nom} » ({code_postal}) n'a pas été trouvée : ni parmi les communes "
            f"de ce code postal, ni dans le département {departement or 'inconnu'}, ni parmi les "
            "communes fusionnées depuis 2015. Vérifiez son nom ou ajoutez la colonne code_insee.",
            "commune",
        )

    def _nettoyer(self, nom: str, code_postal: str, explications: list[str]) -> tuple[str, str]:
        """The name without CEDEX, a leading postcode or an arrondissement; the postcode the
        name carried when the column had none."""
        lu = nom.strip()
        if match := _CODE_EN_TETE.match(lu):
            lu = lu[match.end() :]
            code_postal = code_postal or match.group(1)
        if _CEDEX.search(lu):
            lu = " ".join(_CEDEX.sub(" ", lu).split())
            explications.append(f"« {nom.strip()} » : mention CEDEX retirée")
        if match := _ARTICLE_ENTRE_PARENTHESES.match(lu):
            lu = f"{match.group(2)} {match.group(1)}"
        if (sans := _ARRONDISSEMENT.sub("", lu)) != lu and cle(sans) in self._par_cle:
            explications.append(f"« {lu} » : arrondissement lu comme la commune « {sans} »")
            lu = sans
        return lu, code_postal.strip()

    def _commune_de_plein_exercice(self, commune: Commune, explications: list[str]) -> Commune:
        """The reference (2018) keeps some communes déléguées as entries of their own, without
        postcode: such a name is read as the commune it belongs to."""
        if commune.codes_postaux or commune.code_insee not in self._rattachee_a:
            return commune
        ancienne, actuelle = self._rattachee_a[commune.code_insee]
        quoi = _TYPES_ANCIENNES.get(ancienne.type, "commune fusionnée")
        explications.append(
            f"{commune.nom} → {actuelle.nom} ({quoi} de la commune nouvelle {actuelle.nom})"
        )
        return actuelle

    def _anciennes_du(self, recherche: str, departement: str | None) -> list[Commune]:
        return [
            actuelle
            for ancienne, actuelle in self._anciennes.get(recherche, [])
            if departement is None or actuelle.departement == departement
        ]

    def _dire_ancienne(self, nom_lu: str) -> Callable[[Commune], str]:
        def dire(commune: Commune) -> str:
            types = {
                _TYPES_ANCIENNES.get(a.type, "commune fusionnée")
                for a, actuelle in self._anciennes.get(cle(nom_lu), [])
                if actuelle == commune
            }
            quoi = " ou ".join(sorted(types))
            return f"{nom_lu} → {commune.nom} ({quoi} de la commune nouvelle {commune.nom})"

        return dire

    @staticmethod
    def _departager(
        candidates: list[Commune],
        nom: str,
        latitude: float | None,
        longitude: float | None,
        explications: list[str],
    ) -> Commune:
        if len(candidates) == 1:
            return candidates[0]
        noms = ", ".join(f"{c.nom} ({c.code_insee})" for c in candidates)
        situees = [c for c in candidates if c.latitude is not None and c.longitude is not None]
        if latitude is None or longitude is None or not situees:
            raise DomainError(
                f"La commune « {nom} » est ambiguë : {noms}. Ajoutez la colonne code_insee, ou "
                "les coordonnées du lieu pour choisir la plus proche.",
                "commune",
            )
        par_distance = sorted(
            situees,
            key=lambda c: distance_km(latitude, longitude, c.latitude or 0.0, c.longitude or 0.0),
        )
        choisie = par_distance[0]
        km = distance_km(latitude, longitude, choisie.latitude or 0.0, choisie.longitude or 0.0)
        explications.append(
            f"« {nom} » ambiguë ({noms}) : {choisie.nom} ({choisie.code_insee}) retenue, son "
            f"centre est le plus proche des coordonnées (à {km:.0f} km)"
        )
        return choisie

    @staticmethod
    def _code_postal(commune: Commune, code_postal: str, explications: list[str]) -> str:
        if not commune.codes_postaux or code_postal in commune.codes_postaux:
            return code_postal
        remplacant = commune.codes_postaux[0]
        autres = (
            f" (elle en a plusieurs : {', '.join(commune.codes_postaux)} ; à vérifier)"
            if len(commune.codes_postaux) > 1
            else ""
        )
        explications.append(
            f"code postal {code_postal or '(vide)'} remplacé par {remplacant}, celui de "
            f"{commune.nom}{autres}"
        )
        return remplacant


_NIVEAUX = {"region": "région", "departement": "département", "epci": "EPCI", "commune": "commune"}


def hors_du_territoire(commune: Commune, territoire: str | None) -> str | None:
    """Why the commune is outside the hub's territory (« region:27 », « departement:21 »,
    « epci:SIREN », « commune:INSEE », as MEDNUM_RAPPORTS_TERRITOIRE writes it), or None."""
    if not territoire or ":" not in territoire:
        return None
    niveau, code = territoire.split(":", 1)
    valeur = {
        "region": commune.region,
        "departement": commune.departement,
        "epci": commune.epci,
        "commune": commune.code_insee,
    }.get(niveau)
    if niveau not in _NIVEAUX or valeur == code:
        return None
    return (
        f"Hors du territoire du hub ({_NIVEAUX[niveau]} {code}) : {commune.nom} est dans le "
        f"département {commune.departement}"
    )


@cache
def _anciennes() -> tuple[Ancienne, ...]:
    return tuple(lire_anciennes())


@lru_cache(maxsize=4)
def resolveur_communes(referentiel: ReferentielCommunes) -> ResolveurCommunes:
    """One resolver per reference (indexing 35k communes takes a fraction of a second)."""
    return ResolveurCommunes(referentiel, _anciennes())
