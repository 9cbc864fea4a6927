"""Frozen reports: computed at a consistent event position, stored as canonical bytes with
their SHA-256, listed and read back — for a financeur only within its perimeter."""

from __future__ import annotations

import datetime as dt
import hashlib
from uuid import UUID, uuid4

import asyncpg
import msgspec

from domain.errors import DomainError, IntrouvableError
from domain.evaluation.periodes import est_complete, jour_fr, lire_periode
from domain.evaluation.rapport import Rapport, Territoire, contenu_canonique, lire_contenu
from mednum.rapports.calcul import calculer_pour_figer


class RapportFige(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nature: str
    territoire: Territoire
    periode: str
    position: int
    empreinte: str
    genere_le: dt.datetime
    genere_par: str
    referentiel: str | None = None
    """The version (SHA-256) of the reference data the report read; None if frozen before
    versions were recorded."""

    @property
    def libelle_periode(self) -> str:
        """« novembre 2026 », « 3e trimestre 2026 »…: what a funder reads."""
        return lire_periode(self.periode).libelle


async def figer(
    pool: asyncpg.Pool,
    t: Territoire,
    code_periode: str,
    *,
    nature: str,
    seuil: int,
    auteur: str,
    aujourd_hui: dt.date | None = None,
) -> RapportFige:
    """Compute and store a report; a scheduled one (monthly, quarterly) is stored once. A
    period that is not over yet is refused: its figures would still grow after signature."""
    periode = lire_periode(code_periode)
    aujourd_hui = aujourd_hui or dt.datetime.now(dt.UTC).date()
    if not est_complete(periode, aujourd_hui):
        raise DomainError(
            f"La période « {periode.libelle} » n'est pas terminée : elle se termine le "
            f"{jour_fr(periode.fin)}. Un rapport ne peut être figé qu'une fois sa période "
            "écoulée ; consultez ses chiffres provisoires en attendant.",
            "periode",
        )
    rapport, referentiel = await calculer_pour_figer(pool, t, periode, seuil)
    contenu = contenu_canonique(rapport)
    fige = RapportFige(
        id=uuid4(),
        nature=nature,
        territoire=t,
        periode=code_periode,
        position=rapport.position,
        empreinte=hashlib.sha256(contenu).hexdigest(),
        genere_le=dt.datetime.now(dt.UTC),
        genere_par=auteur,
        referentiel=referentiel,
    )
    async with pool.acquire() as conn:
        inserted = await conn.fetchval(
            "INSERT INTO rapports (id, nature, niveau, code, periode, position, contenu, "
            "empreinte, genere_le, genere_par, referentiel) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
            "ON CONFLICT (nature, niveau, code, periode) WHERE nature <> 'ponctuel' DO NOTHING "
            "RETURNING id",
            fige.id,
            nature,
            t.niveau,
            t.code,
            code_periode,
            fige.position,
            contenu,
            fige.empreinte,
            fige.genere_le,
            auteur,
            referentiel,
        )
    if inserted is None:
        raise DomainError(f"Le rapport {nature} {code_periode} est déjà figé.", "periode")
    return fige


_COLONNES = (
    "r.id, r.nature, r.niveau, r.code, r.periode, r.position, r.empreinte, r.genere_le, "
    "r.genere_par, r.referentiel, coalesce(t.nom, c.nom, r.code) AS nom"
)
_JOINTURES = (
    "LEFT JOIN territoires t ON t.niveau = r.niveau AND t.code = r.code "
    "LEFT JOIN communes c ON r.niveau = 'commune' AND c.code_insee = r.code"
)


def _fige(row: asyncpg.Record) -> RapportFige:
    return RapportFige(
        id=row["id"],
        nature=row["nature"],
        territoire=Territoire(niveau=row["niveau"], code=row["code"], nom=row["nom"]),
        periode=row["periode"],
        position=row["position"],
        empreinte=row["empreinte"],
        genere_le=row["genere_le"],
        genere_par=row["genere_par"],
        referentiel=row["referentiel"],
    )


async def lister(
    conn: asyncpg.Connection, perimetre: tuple[str, str] | None = None
) -> list[RapportFige]:
    """Frozen reports, newest first; a financeur's only of territories within its own."""
    if perimetre is None:
        rows = await conn.fetch(
            f"SELECT {_COLONNES} FROM rapports r {_JOINTURES} ORDER BY r.genere_le DESC"
        )
    else:
        rows = await conn.fetch(
            f"SELECT {_COLONNES} FROM rapports r {_JOINTURES} WHERE "
            "(r.niveau, r.code) IN (SELECT * FROM territoires_dans($1, $2)) "
            "ORDER BY r.genere_le DESC",
            *perimetre,
        )
    return [_fige(r) for r in rows]


async def lire(conn: asyncpg.Connection, rapport_id: UUID) -> tuple[RapportFige, Rapport]:
    row = await conn.fetchrow(
        f"SELECT {_COLONNES}, r.contenu FROM rapports r {_JOINTURES} WHERE r.id = $1",
        rapport_id,
    )
    if row is None:
        raise IntrouvableError("Ce rapport n'existe pas (ou plus).")
    return _fige(row), lire_contenu(row["contenu"])


async def dans_perimetre(
    conn: asyncpg.Connection, t: Territoire, perimetre: tuple[str, str] | None
) -> bool:
    if perimetre is None:
        return True
    return bool(
        await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM territoires_dans($1, $2) WHERE niveau = $3 "
            "AND code = $4)",
            *perimetre,
            t.niveau,
            t.code,
        )
    )


async def territoires_du_perimetre(
    conn: asyncpg.Connection, niveau: str, code: str
) -> list[Territoire]:
    """Every territory of a perimeter with its name, broadest first, then by name: what the
    reports page offers to pick from."""
    rows = await conn.fetch(
        "SELECT d.niveau, d.code, coalesce(t.nom, c.nom) AS nom "
        "FROM territoires_dans($1, $2) d "
        "LEFT JOIN territoires t ON t.niveau = d.niveau AND t.code = d.code "
        "LEFT JOIN communes c ON d.niveau = 'commune' AND c.code_insee = d.code "
        "WHERE coalesce(t.nom, c.nom) IS NOT NULL "
        "ORDER BY array_position(ARRAY['region', 'departement', 'epci', 'commune'], d.niveau), "
        "nom, d.code",
        niveau,
        code,
    )
    return [Territoire(niveau=r["niveau"], code=r["code"], nom=r["nom"]) for r in rows]
