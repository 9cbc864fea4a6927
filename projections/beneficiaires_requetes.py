"""Reading the `beneficiaires` read model; every read of personal data is logged."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import asyncpg
import msgspec

from domain.beneficiaires.events import Identite
from projections.listes import Conditions, Liste, lecteur


class BeneficiaireVue(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    mediateur: str  # who follows the person: the only mediator who reaches the record
    suivi: bool
    prenom: str | None
    nom: str | None
    telephone: str | None
    courriel: str | None
    notes: str | None
    consentement_le: date | None
    genre: str
    tranche_age: str
    annee_naissance: int | None
    statut_social: str
    commune_residence: str | None
    commune: str | None  # its name, for display
    deja_accompagne: bool
    anonymise: bool
    cree_le: datetime


_SELECT = (
    "SELECT b.id, b.version, b.mediateur, b.nom IS NOT NULL AS suivi, b.prenom, b.nom, "
    "b.telephone, b.courriel, b.notes, b.consentement_le, b.genre, b.tranche_age, "
    "b.annee_naissance, b.statut_social, b.commune_residence, c.nom AS commune, "
    "b.deja_accompagne, b.anonymise, b.cree_le "
    "FROM beneficiaires b LEFT JOIN communes c ON c.code_insee = b.commune_residence"
)


_BENEFICIAIRES = Liste(
    _SELECT,
    "beneficiaires b",
    "b.nom IS NULL, lower(b.nom), lower(b.prenom), b.cree_le DESC",
    "b.id",
    lecteur(BeneficiaireVue),
)


async def lister_beneficiaires(
    conn: asyncpg.Connection,
    *,
    mediateur: str | None,
    q: str | None = None,
    suivis: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[BeneficiaireVue], int]:
    """A mediator's people (all of them for `mediateur=None`: admins), followed ones by name."""
    c = Conditions()
    if mediateur is not None:
        c.ajouter(f"b.mediateur = {c.param(mediateur)}")
    if suivis is not None:
        c.ajouter("b.nom IS NOT NULL" if suivis else "b.nom IS NULL")
    if q:
        n = c.param(f"%{' '.join(q.split())}%")
        # By name either way round, by e-mail, or by phone digits (« 06 12 » finds +33 6 12…).
        conditions = [
            f"mednum_sans_accents(b.nom || ' ' || b.prenom) LIKE mednum_sans_accents({n})",
            f"mednum_sans_accents(b.prenom || ' ' || b.nom) LIKE mednum_sans_accents({n})",
            f"lower(b.courriel) LIKE lower({n})",
        ]
        chiffres = "".join(c for c in q if c.isdigit())
        if len(chiffres) >= 4:
            national = chiffres[1:] if chiffres.startswith("0") else chiffres
            telephone = c.param(f"%{national}%")
            conditions.append(f"regexp_replace(b.telephone, '\\D', '', 'g') LIKE {telephone}")
        c.ajouter("(" + " OR ".join(conditions) + ")")
    return await _BENEFICIAIRES.page(conn, c.where(), limit, offset)


async def lire_beneficiaire(
    conn: asyncpg.Connection, beneficiaire_id: UUID
) -> BeneficiaireVue | None:
    return await _BENEFICIAIRES.lire(conn, beneficiaire_id)


async def identites_suivies(
    conn: asyncpg.Connection, mediateur: str
) -> list[tuple[UUID, Identite]]:
    """The people a mediator follows by name, for the duplicate check while typing."""
    records = await conn.fetch(
        "SELECT id, prenom, nom, telephone, courriel FROM beneficiaires "
        "WHERE mediateur = $1 AND nom IS NOT NULL",
        mediateur,
    )
    return [
        (
            r["id"],
            Identite(
                prenom=r["prenom"] or "",
                nom=r["nom"],
                telephone=r["telephone"],
                courriel=r["courriel"],
            ),
        )
        for r in records
    ]


async def journaliser(
    conn: asyncpg.Connection, qui: str, action: str, beneficiaire_id: UUID | None = None
) -> None:
    """Who read or exported whose personal data (QUALITY.md: reads are logged)."""
    await conn.execute(
        "INSERT INTO journal_acces (qui, beneficiaire_id, action) VALUES ($1, $2, $3)",
        qui,
        beneficiaire_id,
        action,
    )


async def identites_perimees(conn: asyncpg.Connection, jours: int, aujourdhui: date) -> list[UUID]:
    """Followed people whose last activity (or, without any, their record's creation) is
    older than `jours` days."""
    records = await conn.fetch(
        "SELECT b.id FROM beneficiaires b "
        "LEFT JOIN (SELECT beneficiaire_id, max(date) AS derniere FROM accompagnements "
        "  WHERE beneficiaire_id IS NOT NULL GROUP BY beneficiaire_id) a "
        "ON a.beneficiaire_id = b.id "
        "WHERE b.nom IS NOT NULL AND NOT b.anonymise "
        "AND coalesce(a.derniere, (b.cree_le AT TIME ZONE 'Europe/Paris')::date) < $1 "
        "ORDER BY b.id",
        aujourdhui - timedelta(days=jours),
    )
    return [r["id"] for r in records]
