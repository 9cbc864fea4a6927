"""Verification of a frozen report as a background run: the events up to the report's
position are replayed with the reference data of its version (mednum/rapports/rejeu.py), and
the bytes compared with the stored ones.

One run per report at a time across every process: the row of a running verification is the
lock (unique index on the report while `fin` is NULL, migration 0063); a second request
while one runs gets the running one. A run beats a heartbeat with its progress every
second; one whose heartbeat stopped for `ABANDON` (its process died) is closed as
interrupted by the next request, so a report is never locked for good."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from uuid import UUID, uuid4

import asyncpg
import msgspec

from domain.errors import DomainError
from domain.evaluation.detail import sans_detail_absent
from domain.evaluation.differences import Difference, differences
from domain.evaluation.rapport import Rapport, contenu_canonique
from mednum.rapports.figes import RapportFige
from mednum.rapports.rejeu import recalculer

ABANDON = dt.timedelta(minutes=2)
BATTEMENT = 1.0  # seconds between two writes of the progress


class VerificationRapport(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    rapport_id: UUID
    demandee_par: str
    debut: dt.datetime
    fin: dt.datetime | None
    etape: int
    """Read models replayed so far, out of `etapes`."""
    etapes: int
    position_atteinte: int
    position_cible: int
    referentiel: str | None
    """The version of the reference data replayed with (None: as they stand, for a report
    frozen before versions were recorded)."""
    identique: bool | None
    """None while running, or when the run failed (`erreur`)."""
    empreinte_recalculee: str | None
    differences: list[Difference]
    erreur: str | None

    @property
    def en_cours(self) -> bool:
        return self.fin is None

    @property
    def pourcentage(self) -> int:
        """Share of the replay done: whole read models, plus the current one's position."""
        if self.fin is not None:
            return 100
        courant = self.position_atteinte / self.position_cible if self.position_cible else 0
        return min(99, int(100 * (self.etape + min(courant, 1)) / max(self.etapes, 1)))


_COLONNES = (
    "id, rapport_id, demandee_par, debut, fin, etape, etapes, position_atteinte, "
    "position_cible, referentiel, identique, empreinte_recalculee, differences, erreur"
)


def _verification(row: asyncpg.Record) -> VerificationRapport:
    champs = dict(row)
    ecarts = msgspec.json.decode(champs.pop("differences"), type=list[Difference])
    return VerificationRapport(**champs, differences=ecarts)


async def derniere(conn: asyncpg.Connection, rapport_id: UUID) -> VerificationRapport | None:
    """The running verification of the report, else its last finished one."""
    row = await conn.fetchrow(
        f"SELECT {_COLONNES} FROM verifications WHERE rapport_id = $1 "
        "ORDER BY fin IS NULL DESC, debut DESC LIMIT 1",
        rapport_id,
    )
    return None if row is None else _verification(row)


async def demander(
    conn: asyncpg.Connection, fige: RapportFige, auteur: str
) -> tuple[VerificationRapport, bool]:
    """Open a run of the report's verification, or find the one running: (the run, whether
    it is new and must be started by the caller with `executer`)."""
    maintenant = dt.datetime.now(dt.UTC)
    async with conn.transaction():
        await conn.execute(
            "UPDATE verifications SET fin = $2, erreur = 'Vérification interrompue (le "
            "serveur qui la menait s''est arrêté) : relancez-la.' "
            "WHERE rapport_id = $1 AND fin IS NULL AND battement < $3",
            fige.id,
            maintenant,
            maintenant - ABANDON,
        )
        row = await conn.fetchrow(
            "INSERT INTO verifications (id, rapport_id, demandee_par, debut, battement, "
            "position_cible, referentiel) VALUES ($1, $2, $3, $4, $4, $5, $6) "
            f"ON CONFLICT (rapport_id) WHERE fin IS NULL DO NOTHING RETURNING {_COLONNES}",
            uuid4(),
            fige.id,
            auteur,
            maintenant,
            fige.position,
            fige.referentiel,
        )
    if row is not None:
        return _verification(row), True
    en_cours = await derniere(conn, fige.id)
    assert en_cours is not None and en_cours.en_cours
    return en_cours, False


async def executer(
    pool: asyncpg.Pool,
    dsn: str,
    verification: VerificationRapport,
    fige: RapportFige,
    rapport: Rapport,
) -> None:
    """Run an opened verification to its end and record the result (or why it failed)."""
    etat = {"etape": 0, "etapes": 1, "position": 0}

    def progres(etape: int, etapes: int, position: int) -> None:
        etat.update(etape=etape, etapes=etapes, position=position)

    async def battre() -> None:
        while True:
            await asyncio.sleep(BATTEMENT)
            await pool.execute(
                "UPDATE verifications SET battement = now(), etape = $2, etapes = $3, "
                "position_atteinte = $4 WHERE id = $1 AND fin IS NULL",
                verification.id,
                etat["etape"],
                etat["etapes"],
                etat["position"],
            )

    battement = asyncio.create_task(battre())
    try:
        rejoue = await recalculer(
            dsn,
            rapport.territoire,
            rapport.periode,
            position=fige.position,
            seuil=rapport.seuil_secret,
            referentiel=fige.referentiel,
            progres=progres,
        )
    except asyncio.CancelledError:
        await _terminer(
            pool,
            verification.id,
            erreur="Vérification interrompue (arrêt du serveur) : relancez-la.",
            etat=etat,
        )
        raise
    except DomainError as refus:
        await _terminer(pool, verification.id, erreur=refus.message, etat=etat)
        return
    except Exception:
        await _terminer(
            pool,
            verification.id,
            erreur="La vérification a échoué sur une erreur "
            "technique : signalez-la à l'équipe technique.",
            etat=etat,
        )
        raise
    finally:
        battement.cancel()
    # What is compared is the figures: a report frozen before the trend and drill-down tables
    # existed is compared without them, and the method annex (text that later versions word
    # better) is the frozen one.
    rejoue = msgspec.structs.replace(sans_detail_absent(rejoue, rapport), methode=rapport.methode)
    empreinte = hashlib.sha256(contenu_canonique(rejoue)).hexdigest()
    await _terminer(
        pool,
        verification.id,
        etat=etat,
        identique=empreinte == fige.empreinte,
        empreinte=empreinte,
        ecarts=[] if empreinte == fige.empreinte else differences(rapport, rejoue),
    )


async def _terminer(
    pool: asyncpg.Pool,
    verification_id: UUID,
    *,
    etat: dict[str, int],
    erreur: str | None = None,
    identique: bool | None = None,
    empreinte: str | None = None,
    ecarts: list[Difference] | None = None,
) -> None:
    await pool.execute(
        "UPDATE verifications SET fin = now(), battement = now(), etape = $2, etapes = $3, "
        "position_atteinte = $4, erreur = $5, identique = $6, empreinte_recalculee = $7, "
        "differences = $8::jsonb WHERE id = $1",
        verification_id,
        etat["etape"],
        etat["etapes"],
        etat["position"],
        erreur,
        identique,
        empreinte,
        msgspec.json.encode(ecarts or []).decode(),
    )
