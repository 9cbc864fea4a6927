"""The PDF, XLSX and CSV of a frozen report: produced once in the background, stored with
their SHA-256 (table rapports_fichiers, migration 0064), then served from there.

A frozen report never changes and its outputs are deterministic from its content, so one
production per (report, format) is enough. As for verifications, the row is the lock across
processes: a request finds the file ready, or being produced (started by whoever opened the
row), or opens the row and starts the production itself. A production whose heartbeat
stopped for `ABANDON`, or that failed, is started again by the next request."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from uuid import UUID

import asyncpg
import msgspec

from domain.evaluation.rapport import Rapport

logger = logging.getLogger(__name__)

ABANDON = dt.timedelta(minutes=2)
BATTEMENT = 1.0
Rendu = Callable[[Rapport], bytes]


class Fichier(msgspec.Struct, frozen=True, kw_only=True):
    rapport_id: UUID
    format: str
    demande_le: dt.datetime
    produit_le: dt.datetime | None
    empreinte: str | None
    taille: int | None
    erreur: str | None

    @property
    def pret(self) -> bool:
        return self.produit_le is not None

    @property
    def en_cours(self) -> bool:
        return self.produit_le is None and self.erreur is None


_COLONNES = (
    "f.rapport_id, f.format, f.demande_le, f.produit_le, f.empreinte, "
    "octet_length(f.contenu) AS taille, f.erreur"
)


def _fichier(row: asyncpg.Record) -> Fichier:
    return Fichier(**dict(row))


async def etat(conn: asyncpg.Connection, rapport_id: UUID, format: str) -> Fichier | None:
    row = await conn.fetchrow(
        f"SELECT {_COLONNES} FROM rapports_fichiers f WHERE rapport_id = $1 AND format = $2",
        rapport_id,
        format,
    )
    return None if row is None else _fichier(row)


async def contenu(conn: asyncpg.Connection, rapport_id: UUID, format: str) -> bytes | None:
    """The stored file, once produced."""
    donnees: bytes | None = await conn.fetchval(
        "SELECT contenu FROM rapports_fichiers WHERE rapport_id = $1 AND format = $2 "
        "AND produit_le IS NOT NULL",
        rapport_id,
        format,
    )
    return donnees


async def demander(conn: asyncpg.Connection, rapport_id: UUID, format: str) -> tuple[Fichier, bool]:
    """The file's state, after opening its production when nobody produces it: (state,
    whether the caller must start `produire`)."""
    maintenant = dt.datetime.now(dt.UTC)
    row = await conn.fetchrow(
        "INSERT INTO rapports_fichiers AS f (rapport_id, format, demande_le, battement) "
        "VALUES ($1, $2, $3, $3) ON CONFLICT (rapport_id, format) DO UPDATE "
        "SET demande_le = $3, battement = $3, erreur = NULL "
        "WHERE f.produit_le IS NULL AND (f.erreur IS NOT NULL OR f.battement < $4) "
        f"RETURNING {_COLONNES}",
        rapport_id,
        format,
        maintenant,
        maintenant - ABANDON,
    )
    if row is not None:
        return _fichier(row), True
    existant = await etat(conn, rapport_id, format)
    assert existant is not None
    return existant, False


async def produire(
    pool: asyncpg.Pool, rapport_id: UUID, format: str, rapport: Rapport, rendre: Rendu
) -> None:
    """Render in a worker thread (a regional PDF takes seconds), store, or record why not."""

    async def battre() -> None:
        while True:
            await asyncio.sleep(BATTEMENT)
            await pool.execute(
                "UPDATE rapports_fichiers SET battement = now() WHERE rapport_id = $1 "
                "AND format = $2 AND produit_le IS NULL",
                rapport_id,
                format,
            )

    battement = asyncio.create_task(battre())
    try:
        donnees = await asyncio.to_thread(rendre, rapport)
    except OSError:  # WeasyPrint could not load Pango
        await _echec(
            pool,
            rapport_id,
            format,
            "Le PDF ne peut pas être produit sur ce serveur : installez Pango (paquets Debian "
            "libpango-1.0-0 et libpangoft2-1.0-0). Le tableur et le CSV restent disponibles.",
        )
        return
    except asyncio.CancelledError:
        await _echec(pool, rapport_id, format, "Production interrompue (arrêt du serveur).")
        raise
    except Exception:
        logger.exception("rendering %s of report %s failed", format, rapport_id)
        await _echec(
            pool,
            rapport_id,
            format,
            "La production du fichier a échoué sur une erreur technique : signalez-la à "
            "l'équipe technique.",
        )
        return
    finally:
        battement.cancel()
    await pool.execute(
        "UPDATE rapports_fichiers SET contenu = $3, empreinte = $4, produit_le = now(), "
        "battement = now() WHERE rapport_id = $1 AND format = $2",
        rapport_id,
        format,
        donnees,
        hashlib.sha256(donnees).hexdigest(),
    )


async def _echec(pool: asyncpg.Pool, rapport_id: UUID, format: str, erreur: str) -> None:
    await pool.execute(
        "UPDATE rapports_fichiers SET erreur = $3, battement = now() WHERE rapport_id = $1 "
        "AND format = $2",
        rapport_id,
        format,
        erreur,
    )
