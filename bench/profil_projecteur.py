"""Where the registry projector's catch-up time goes: the `projector_catch_up` history, caught
up from position 0 as the bench does, with a clock on each phase.

    python -m bench.profil_projecteur [--events 100000] [--places 20000] [--repeats 3]

Per run, in ms per 1,000 events: CPU of this process (`time.process_time`) spent decoding
events with the store's mapper, folding them into rows (`prepare`), merging prepared batches
and encoding the rows' JSON, and its total (the rest: asyncpg reading rows off the socket
and sending statements, the event loop, the projector); PostgreSQL's CPU (all backends: the
writer and the reader); and the wall-clock time the projector waited for its write
statements. Then one merged write of the middle of the history is replayed (rolled
back) to split PostgreSQL's time: parsing the JSON documents alone, and the whole statement
with and without the four secondary indexes of `lieux`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence
from typing import Any

import asyncpg

import mednum.infra.lot_evenements as lot_evenements
import projections.lieux as lieux
from bench.bench_projector import write_history
from bench.common import CpuMeter, bench_server, fresh_database, settle
from bench.histoire_registre import generate_history
from mednum.infra.projector import Projector
from projections.lieux import _WRITE, LieuxProjection, Lignes, _encode

INDEX_SECONDAIRES = (
    "lieux_code_insee_idx",
    "lieux_departement_idx",
    "lieux_verifie_le_idx",
    "lieux_position_idx",
)


class Horloges:
    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.ecritures = 0
        self.lignes = 0
        self.attente_ecriture = 0.0

    def ajouter(self, phase: str, debut: float) -> None:
        self.cpu[phase] = self.cpu.get(phase, 0.0) + time.process_time() - debut


class LieuxChronometres(LieuxProjection):
    def __init__(self, horloges: Horloges) -> None:
        super().__init__()
        self.h = horloges

    async def prepare(self, reader: asyncpg.Connection, events: Sequence[Any]) -> Lignes:
        debut = time.process_time()
        try:
            return await super().prepare(reader, events)
        finally:
            self.h.ajouter("fold (prepare)", debut)

    def merge(self, earlier: Lignes, later: Lignes) -> Lignes:
        debut = time.process_time()
        try:
            return super().merge(earlier, later)
        finally:
            self.h.ajouter("merge", debut)

    async def write(self, conn: asyncpg.Connection, prepared: Lignes) -> None:
        self.h.ecritures += 1
        self.h.lignes += len(prepared.nouvelles) + len(prepared.modifiees)
        mur = time.perf_counter()
        await super().write(conn, prepared)
        self.h.attente_ecriture += time.perf_counter() - mur


async def _un_rattrapage(dsn: str, meter: CpuMeter) -> tuple[float, Horloges, Any]:
    horloges = Horloges()
    decoder, encode = lot_evenements.evenements_du_lot, lieux._encode

    async def decodeur_chronometre(conn: asyncpg.Connection, records: list[Any]) -> list[Any]:
        debut = time.process_time()
        try:
            return await decoder(conn, records)
        finally:
            horloges.ajouter("decode (msgspec mapper)", debut)

    def encodeur_chronometre(rows: Any) -> bytes:
        debut = time.process_time()
        try:
            return encode(rows)
        finally:
            horloges.ajouter("encode rows (msgspec)", debut)

    lot_evenements.evenements_du_lot = decodeur_chronometre
    lieux._encode = encodeur_chronometre
    projector = Projector(LieuxChronometres(horloges), batch_size=1000)
    conn, reader = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        await projector.reset(conn)
        await settle(dsn, "mednum_events")
        avant, cpu, mur = meter.sample(), time.process_time(), time.perf_counter()
        applied = await projector.catch_up(conn, reader=reader)
        mur, cpu = time.perf_counter() - mur, time.process_time() - cpu
        cout = meter.cost(avant, applied / 1000)
    finally:
        lot_evenements.evenements_du_lot = decoder
        lieux._encode = encode
        await reader.close()
        await conn.close()
    horloges.cpu["process total"] = cpu
    return applied / mur, horloges, cout


async def _decomposer_une_ecriture(dsn: str, events: int) -> dict[str, float]:
    """One merged write (20 batches from the middle of the history), replayed and rolled
    back: PostgreSQL's time split by part, milliseconds (median of 3)."""
    conn = await asyncpg.connect(dsn)
    try:
        projector = Projector(LieuxProjection(), batch_size=1000)
        await projector.reset(conn)
        milieu = await conn.fetchval(
            "SELECT notification_id FROM mednum_events ORDER BY notification_id OFFSET $1 LIMIT 1",
            events // 2,
        )
        tete = await conn.fetchval("SELECT max(notification_id) FROM mednum_events")
        await projector.catch_up(conn, limite=milieu)
        await conn.execute("VACUUM ANALYZE lieux")
        lot = await projector._read(conn, milieu, tete)
        for _ in range(19):
            lot = projector._merged(lot, await projector._read(conn, lot.end, tete))
        nouvelles, modifiees = lot.prepared
        documents = (_encode(list(nouvelles.values())), _encode(list(modifiees.values())))
        compte = (
            "(SELECT count(*) FROM json_populate_recordset(NULL::lieux, "
            "convert_from({}::bytea, 'UTF8')::json))"
        )
        parse = f"SELECT {compte.format('$1')} + {compte.format('$2')}"
        mesures: dict[str, float] = {
            "events": lot.size,
            "rows inserted": len(nouvelles),
            "rows updated": len(modifiees),
        }
        for nom, sql, avant in (
            ("parse the JSON only", parse, ()),
            ("whole statement", _WRITE, ()),
            (
                "whole statement, secondary indexes dropped",
                _WRITE,
                tuple(f"DROP INDEX {i}" for i in INDEX_SECONDAIRES),
            ),
        ):
            temps = []
            for _ in range(3):
                transaction = conn.transaction()
                await transaction.start()
                for instruction in avant:
                    await conn.execute(instruction)
                debut = time.perf_counter()
                await conn.execute(sql, *documents)
                temps.append((time.perf_counter() - debut) * 1000)
                await transaction.rollback()
            mesures[f"{nom} (ms)"] = statistics.median(temps)
        return mesures
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    history = generate_history(args.events, args.places)
    with bench_server() as server_dsn, fresh_database(server_dsn, "profil") as dsn:
        write_history(dsn, history.events)
        meter = CpuMeter(dsn)
        for run in range(args.repeats):
            rate, h, cout = asyncio.run(_un_rattrapage(dsn, meter))
            par_mille = {k: v * 1e6 / args.events for k, v in h.cpu.items()}
            phases = sum(v for k, v in par_mille.items() if k != "process total")
            print(f"run {run + 1}: {rate:,.0f} events/s, {h.ecritures} writes, {h.lignes:,} rows")
            for phase, ms in par_mille.items():
                print(f"  {phase:<36} {ms:6.2f} ms CPU / 1000 events")
            rest = par_mille["process total"] - phases
            print(f"  {'rest (asyncpg, event loop, projector)':<36} {rest:6.2f}")
            print(
                f"  PostgreSQL CPU (all backends)        {cout.postgres or 0:6.2f} ms / 1000 events"
            )
            print(
                f"  waiting for write statements (wall)  "
                f"{h.attente_ecriture * 1e6 / args.events:6.2f} ms / 1000 events"
            )
        for nom, valeur in asyncio.run(_decomposer_une_ecriture(dsn, args.events)).items():
            print(f"merged write: {nom}: {valeur:,.1f}")


if __name__ == "__main__":
    main()
