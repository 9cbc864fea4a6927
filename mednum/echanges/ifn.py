"""`mednum import ifn FILE`: the Indice de Fragilité Numérique per commune, for the map.

The file is the open-data CSV (`name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,
poverty_rate,older_65_rate,nscol15p_rate,total`; `total` is the index, 0 to 10, higher is
more fragile). Each import replaces the whole table in one transaction: the map never shows a
mix of two files. Rows without an index are skipped and counted.
"""

from __future__ import annotations

import csv
from pathlib import Path

import asyncpg
import msgspec

from domain.errors import DomainError

COLONNES = ("code", "name", "total")
TAUX = (
    "no_thd_coverage_rate",
    "no_4g_coverage_rate",
    "poverty_rate",
    "older_65_rate",
    "nscol15p_rate",
)


class BilanIfn(msgspec.Struct, frozen=True, kw_only=True):
    importees: int
    ignorees: int


def _nombre(texte: str | None) -> float | None:
    texte = (texte or "").strip().replace(",", ".")
    return float(texte) if texte else None


def lire_ifn(chemin: Path) -> tuple[list[tuple[object, ...]], int]:
    with chemin.open(encoding="utf-8-sig", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        manquantes = [c for c in COLONNES if c not in (lecteur.fieldnames or [])]
        if manquantes:
            raise DomainError(
                "Ce fichier n'est pas un fichier IFN par commune : colonne(s) "
                + ", ".join(manquantes)
                + " absente(s).",
                manquantes[0],
            )
        lignes: list[tuple[object, ...]] = []
        ignorees = 0
        for numero, ligne in enumerate(lecteur, start=2):
            try:
                score = _nombre(ligne["total"])
                taux = [_nombre(ligne.get(c)) for c in TAUX]
            except ValueError:
                raise DomainError(
                    f"Ligne {numero} : un nombre est illisible ({ligne['code']}).", "total"
                ) from None
            code = (ligne["code"] or "").strip()
            if score is None or len(code) != 5:
                ignorees += 1
                continue
            if not 0 <= score <= 10:
                raise DomainError(f"Ligne {numero} : l'indice doit être entre 0 et 10.", "total")
            lignes.append((code, ligne["name"].strip(), score, *taux))
        return lignes, ignorees


async def importer_ifn(conn: asyncpg.Connection, chemin: Path) -> BilanIfn:
    lignes, ignorees = lire_ifn(chemin)
    async with conn.transaction():
        await conn.execute("TRUNCATE ifn_communes")
        await conn.copy_records_to_table(
            "ifn_communes",
            records=lignes,
            columns=["code_insee", "nom", "score", *TAUX],
        )
        # a new version of the reference data: frozen reports keep replaying with theirs
        await conn.execute("SELECT archiver_referentiel()")
    return BilanIfn(importees=len(lignes), ignorees=ignorees)
