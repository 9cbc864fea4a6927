"""Commune and territory reference data: shipped compressed, loaded into PostgreSQL and memory.

Source: shared/data/communes-france.csv and territoires.csv (IGN Admin Express 2018, INSEE
COG; Licence Ouverte / Etalab 2.0), gzip-compressed into mednum/data/.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import asyncpg
import msgspec

from domain.lieux.referentiel import CommuneRef

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
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

    def get(self, code_insee: str) -> Commune | None:
        return self._par_code.get(code_insee)

    def ref(self, code_insee: str) -> CommuneRef | None:
        commune = self._par_code.get(code_insee)
        return commune.ref() if commune else None

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
    return True
