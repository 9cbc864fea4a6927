"""Commune and territory reference data: shipped compressed, loaded into PostgreSQL and memory.

Source: shared/data/communes-france.csv and territoires.csv (IGN Admin Express 2018, INSEE
COG; Licence Ouverte / Etalab 2.0), gzip-compressed into mednum/data/.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import asyncpg
import msgspec

from domain.lieux.referentiel import CommuneRef

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
# An INSEE code or a postcode (Corsica's INSEE codes have 2A/2B); « Dijon (21000) ».
_CODE = re.compile(r"\d[\dAB]\d{3}")
_NOM_ET_CODE = re.compile(r"(.*?)[\s,(–—-]+(\d[\dABab]\d{3})\)?\s*")
COMMUNES_FILE = DATA_DIR / "communes-france.csv.gz"
TERRITOIRES_FILE = DATA_DIR / "territoires.csv.gz"


class Commune(msgspec.Struct, frozen=True, kw_only=True):
    code_insee: str
    nom: str
    departement: str
    region: str
    epci: str | None
    population: int
    codes_postaux: tuple[str, ...]
    latitude: float | None
    longitude: float | None

    def ref(self) -> CommuneRef:
        return CommuneRef(
            code_insee=self.code_insee,
            nom=self.nom,
            codes_postaux=self.codes_postaux,
            departement=self.departement,
        )


def normaliser(texte: str) -> str:
    """Lower case, no accents, no punctuation: « Saint-Étienne » and « st etienne » meet."""
    sans_accents = "".join(
        c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c)
    ).casefold()
    mots = "".join(c if c.isalnum() else " " for c in sans_accents).split()
    abreviations = {"st": "saint", "ste": "sainte"}
    return " ".join(abreviations.get(mot, mot) for mot in mots)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def read_communes(path: Path = COMMUNES_FILE) -> list[Commune]:
    return [
        Commune(
            code_insee=row["code_insee"],
            nom=row["nom"],
            departement=row["departement"],
            region=row["region"],
            epci=row["epci"] or None,
            population=int(row["population"] or 0),
            codes_postaux=tuple(row["codes_postaux"].split()),
            latitude=float(row["latitude"]) if row["latitude"] else None,
            longitude=float(row["longitude"]) if row["longitude"] else None,
        )
        for row in _rows(path)
    ]


class ReferentielCommunes:
    """All communes in memory (35k, a few MB): the write side checks codes without a query."""

    def __init__(self, communes: list[Commune]) -> None:
        self._par_code = {c.code_insee: c for c in communes}
        self._noms: dict[str, list[Commune]] | None = None
        self._postaux: dict[str, list[Commune]] | None = None

    def get(self, code_insee: str) -> Commune | None:
        return self._par_code.get(code_insee)

    def ref(self, code_insee: str) -> CommuneRef | None:
        commune = self._par_code.get(code_insee)
        return commune.ref() if commune else None

    def resoudre(self, saisie: str, territoire: str = "") -> tuple[Commune | None, list[Commune]]:
        """What a person typed for a commune: its INSEE code, a postcode, its name (case and
        accents ignored) or « Nom (code) ». Returns the commune when one is meant, else None
        and the candidates to ask about (the hub's territory, `region:27` or
        `departement:21`, first). An exact name found once in the territory is that one."""
        candidats = self._candidats(saisie.strip())
        niveau, _, code = territoire.partition(":")
        attribut = {"region": "region", "departement": "departement"}.get(niveau)

        def chez_nous(c: Commune) -> bool:
            return attribut is not None and getattr(c, attribut) == code

        nom = normaliser(saisie)
        if nom and not _CODE.search(saisie) and not any(chez_nous(c) for c in candidats):
            # « Chalon » names two communes elsewhere: Chalon-sur-Saône, here, is asked too.
            candidats += [
                c
                for cle, communes in self._par_nom().items()
                if cle.startswith(nom + " ")
                for c in communes
                if chez_nous(c)
            ]
        candidats.sort(key=lambda c: (not chez_nous(c), -c.population, c.nom))
        if len(candidats) == 1:
            return candidats[0], candidats
        exacts = [c for c in candidats if normaliser(c.nom) == nom and chez_nous(c)]
        if len(exacts) == 1:
            return exacts[0], candidats
        return None, candidats

    def libelle(self, code_insee: str) -> str:
        """« Dijon (21000) »: how a commune is shown in a form, and read back by `resoudre`."""
        commune = self._par_code.get(code_insee)
        if commune is None:
            return code_insee
        return f"{commune.nom} ({(commune.codes_postaux or (code_insee,))[0]})"

    def _candidats(self, texte: str) -> list[Commune]:
        if not texte:
            return []
        code = _CODE.fullmatch(texte.upper())
        if code:
            return self._par_codes(code.group(0))
        avec_code = _NOM_ET_CODE.fullmatch(texte)
        if avec_code:
            nom, code_saisi = normaliser(avec_code.group(1)), avec_code.group(2).upper()
            par_code = self._par_codes(code_saisi)
            exacts = [c for c in par_code if normaliser(c.nom) == nom]
            return exacts or [c for c in par_code if normaliser(c.nom).startswith(nom)]
        nom = normaliser(texte)
        if not nom:
            return []
        exacts = self._par_nom().get(nom, [])
        if exacts:
            return list(exacts)
        return [c for cle, cs in self._par_nom().items() if cle.startswith(nom) for c in cs]

    def du_code_postal(self, code_postal: str) -> list[Commune]:
        """The communes of a postcode, the most populous first (not the commune whose INSEE
        code it also is: 21300 is Chenôve's postcode and Gissey-sur-Ouche's INSEE code)."""
        return sorted(self._par_postal().get(code_postal, []), key=lambda c: -c.population)

    def _par_codes(self, code: str) -> list[Commune]:
        """The commune of that INSEE code and those of that postcode."""
        trouves = {c.code_insee: c for c in self._par_postal().get(code, [])}
        if code in self._par_code:
            trouves[code] = self._par_code[code]
        return list(trouves.values())

    def _par_nom(self) -> dict[str, list[Commune]]:
        if self._noms is None:
            self._noms = {}
            for c in self._par_code.values():
                self._noms.setdefault(normaliser(c.nom), []).append(c)
        return self._noms

    def _par_postal(self) -> dict[str, list[Commune]]:
        if self._postaux is None:
            self._postaux = {}
            for c in self._par_code.values():
                for cp in c.codes_postaux:
                    self._postaux.setdefault(cp, []).append(c)
        return self._postaux

    def __iter__(self) -> Iterator[Commune]:
        return iter(self._par_code.values())

    def __len__(self) -> int:
        return len(self._par_code)


@cache
def referentiel_communes() -> ReferentielCommunes:
    return ReferentielCommunes(read_communes())


def _checksum(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


async def load_reference_data(conn: asyncpg.Connection) -> bool:
    """(Re)load communes and territories when the shipped files changed; True if loaded."""
    checksum = _checksum(COMMUNES_FILE, TERRITOIRES_FILE)
    async with conn.transaction():
        await conn.execute("LOCK TABLE reference_data IN EXCLUSIVE MODE")
        current = await conn.fetchval("SELECT checksum FROM reference_data WHERE name = 'communes'")
        if current == checksum:
            return False
        await conn.execute("DELETE FROM communes")
        await conn.execute("DELETE FROM territoires")
        await conn.copy_records_to_table(
            "communes",
            records=[
                (
                    c.code_insee,
                    c.nom,
                    normaliser(c.nom),
                    c.departement,
                    c.region,
                    c.epci,
                    c.population,
                    list(c.codes_postaux),
                    c.latitude,
                    c.longitude,
                )
                for c in referentiel_communes()
            ],
            columns=[
                "code_insee",
                "nom",
                "nom_normalise",
                "departement",
                "region",
                "epci",
                "population",
                "codes_postaux",
                "latitude",
                "longitude",
            ],
        )
        await conn.copy_records_to_table(
            "territoires",
            records=[
                (r["niveau"], r["code"], r["nom"], r["parent"] or None)
                for r in _rows(TERRITOIRES_FILE)
            ],
            columns=["niveau", "code", "nom", "parent"],
        )
        await conn.execute(
            "INSERT INTO reference_data (name, checksum) VALUES ('communes', $1) "
            "ON CONFLICT (name) DO UPDATE SET checksum = $1, loaded_at = now()",
            checksum,
        )
        # a new version of the reference data: frozen reports keep replaying with theirs
        await conn.execute("SELECT archiver_referentiel()")
    return True
