"""Verification of a frozen report (issue 13, item 6): the regional report of 2025 frozen over
100,000 sessions, then verified as the background job does it — the events up to its position
replayed into a throw-away copy of the report's read models, with the reference data of its
version, and the bytes compared. Printed, no bar.

Unlike bench_rapports (which hands events to the projections directly), the events here go
through the event store, since the replay reads them from there. Baseline, in the same run: the
live projectors of the same read models catching up from zero on the same events — the replay
can hardly be faster than that, so the ratio says what the copy, the reference data and the
comparison add.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import asyncpg

from bench.common import Result, fresh_database, lancer, note, report
from bench.donnees_rapports import JOURS, REGION, Generateur
from mednum.infra.eventstore import open_event_store
from mednum.infra.projector import Projector
from mednum.rapports import verifications
from mednum.rapports.calcul import PROJECTIONS_DU_RAPPORT
from mednum.rapports.figes import figer, lire
from projections.catalogue import all_projections

PERIODE = "2025"
# Events per save(): with 1,000 (bench_projector's batch), psycopg's pipeline stalled for good
# on the encrypted beneficiaries' events (insert_events waiting in Pipeline.sync).
LOT = 100
AUJOURDHUI = dt.date(2026, 12, 31)


def _evenements(total: int, seed: int) -> list[object]:
    gen = Generateur(seed)
    activites = [gen.activite(i * JOURS // total) for i in range(total)]
    return [*gen.lieux, *gen.beneficiaires(seed + 1), *activites]


def _ecrire(dsn: str, evenements: list[object]) -> float:
    """Through the event store (keys and encryption included); returns events/s."""
    app = open_event_store(dsn)
    try:
        debut = time.perf_counter()
        for depart in range(0, len(evenements), LOT):
            app.save(*evenements[depart : depart + LOT])  # type: ignore[arg-type]
        return len(evenements) / (time.perf_counter() - debut)
    finally:
        app.close()


async def _projeter(dsn: str) -> float:
    """The live projectors of the report's read models, from zero to the head: seconds."""
    conn = await asyncpg.connect(dsn)
    try:
        debut = time.perf_counter()
        for projection in all_projections():
            if projection.name in PROJECTIONS_DU_RAPPORT:
                await Projector(projection, batch_size=5000).catch_up(conn)
        return time.perf_counter() - debut
    finally:
        await conn.close()


async def _figer_et_verifier(dsn: str) -> tuple[float, verifications.VerificationRapport, int]:
    async with asyncpg.create_pool(dsn, min_size=1, max_size=4) as pool:
        fige = await figer(
            pool, REGION, PERIODE, nature="ponctuel", seuil=11, auteur="bench",
            aujourd_hui=AUJOURDHUI,
        )  # fmt: skip
        async with pool.acquire() as conn:
            _, rapport = await lire(conn, fige.id)
            ouverte, _ = await verifications.demander(conn, fige, "bench")
        debut = time.perf_counter()
        await verifications.executer(pool, dsn, ouverte, fige, rapport)
        secondes = time.perf_counter() - debut
        async with pool.acquire() as conn:
            finie = await verifications.derniere(conn, fige.id)
        assert finie is not None
        return secondes, finie, fige.position


def run(server_dsn: str, *, sessions: int = 100_000, seed: int = 13) -> Result:
    with fresh_database(server_dsn, "verification") as dsn:
        debut = time.perf_counter()
        evenements = _evenements(sessions, seed)
        debit = _ecrire(dsn, evenements)
        note(
            f"{len(evenements):,} events ({sessions:,} sessions) written in "
            f"{time.perf_counter() - debut:.0f} s ({debit:,.0f} events/s)"
        )
        projection = asyncio.run(_projeter(dsn))
        secondes, finie, position = asyncio.run(_figer_et_verifier(dsn))
    assert finie.erreur is None and finie.identique, f"verification failed: {finie}"
    note(
        f"verification of the frozen report {REGION.nom} {PERIODE} at position {position:,}: "
        f"{secondes:.1f} s ({position / secondes:,.0f} events/s), identical; live projectors "
        f"of the same read models from zero: {projection:.1f} s"
    )
    return report(
        Result(
            f"verification_{sessions // 1000}k", secondes, projection, "s", 0.0,
            higher_is_better=False,
            extra={"sessions": sessions, "events": position, "identique": True},
        )
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    lancer(__doc__, argv, run, sessions=100_000)


if __name__ == "__main__":
    main()
