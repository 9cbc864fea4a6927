"""Projection catch-up: our batched asyncpg `Projector` versus eventsourcing's `ProjectionRunner`.

Both read the same `mednum_events` table of one fresh database, filled with a realistic
registry history (places created over time, then modified and sometimes closed), and build
the same `lieux` rows from position 0:

- ours: `Projector(LieuxProjection(), batch_size=1000).catch_up(conn, reader=reader)` over
  every event (batches prepared while one is written are merged into the next write);
- baseline: eventsourcing's `ProjectionRunner` with `MedNumApplication` as the application
  class, a `Projection` subclass and a `PostgresTrackingRecorder` view writing into a table of
  its own (`baselinelieux`, same columns and indexes as `lieux`), one statement and one
  transaction (with its tracking row) per event, as the library documents it.

The baseline runs twice: with the library's default durability (a WAL flush per commit) and
with `synchronous_commit = off`, the setting our projector uses. The ratio is taken against the
second, so that it says what batching earns and not what the flush setting earns; both rates
are printed. Each clock covers the catch-up only (not the runner's start-up or table creation).

The baseline runs at ~1.5k events/s, so it only processes a prefix of the history (the first
`--baseline-events`); throughputs (events/s) are compared. Both tables are checked against the
fold of the events in Python.
"""

from __future__ import annotations

import asyncio
import statistics
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
import msgspec

from bench.baseline_projection import BASELINE_NAME, run_baseline
from bench.common import (
    Cost,
    CpuMeter,
    Result,
    fresh_database,
    lancer,
    median_cost,
    note,
    report,
    settle,
    timer,
)
from bench.histoire_registre import generate_history
from domain.lieux.events import LieuFerme, LieuModifie, LieuRecense
from domain.lieux.state import Lieu, evolve
from mednum.infra.eventstore import open_event_store
from mednum.infra.projector import Projector
from projections.lieux import LieuxProjection, Lignes

NAME = "projector_catch_up"
GOAL = 30.0
QUALITY_BAR = 50_000  # events/s, QUALITY.md
SAVE_BATCH = 1000


def expected_rows(events: Sequence[Any]) -> dict[uuid.UUID, tuple[Any, ...]]:
    state: dict[uuid.UUID, Lieu] = {}
    for event in events:
        state[event.originator_id] = evolve(state.get(event.originator_id), event)
    return {
        lieu.id: (
            lieu.version,
            lieu.nom,
            lieu.adresse,
            lieu.complement_adresse,
            lieu.code_insee,
            lieu.latitude,
            lieu.longitude,
            list(lieu.services),
            lieu.horaires,
            lieu.ferme,
        )
        for lieu in state.values()
    }


async def table_rows(dsn: str, table: str) -> dict[uuid.UUID, tuple[Any, ...]]:
    conn = await asyncpg.connect(dsn)
    try:
        records = await conn.fetch(
            "SELECT id, version, nom, adresse, complement_adresse, code_insee, latitude, "
            f"longitude, services, horaires, ferme FROM {table}"
        )
    finally:
        await conn.close()
    return {r["id"]: tuple(r.values())[1:] for r in records}


def write_history(dsn: str, events: Sequence[Any]) -> float:
    """Save the events through `MedNumApplication`, 1000 per `save()`; returns events/s."""
    app = open_event_store(dsn)
    try:
        with timer() as elapsed:
            for start in range(0, len(events), SAVE_BATCH):
                app.save(*events[start : start + SAVE_BATCH])
    finally:
        app.close()
    return len(events) / elapsed[0]


# --- ours -----------------------------------------------------------------------------------


class LieuxComptes(LieuxProjection):
    """The real projection, counting its writes (transactions) and the rows they carry."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = self.rows = 0

    async def write(self, conn: asyncpg.Connection, prepared: Lignes) -> None:
        self.writes += 1
        self.rows += len(prepared.nouvelles) + len(prepared.modifiees)
        await super().write(conn, prepared)


async def run_ours(dsn: str, repeats: int, meter: CpuMeter) -> tuple[list[float], list[Cost]]:
    """Catch up from position 0 `repeats` times, each on a new connection as
    `mednum project --rebuild` does (reset in between); events/s of each run."""
    projection = LieuxComptes()
    projector = Projector(projection, batch_size=1000)
    rates: list[float] = []
    costs: list[Cost] = []
    for attempt in range(repeats):
        conn = await asyncpg.connect(dsn)
        reader = await asyncpg.connect(dsn)  # reads the next batch while one is written
        try:
            if attempt:
                await projector.reset(conn)
            projection.writes = projection.rows = 0
            await settle(dsn, "mednum_events")
            before = meter.sample()
            with timer() as elapsed:
                applied = await projector.catch_up(conn, reader=reader)
            costs.append(meter.cost(before, applied / 1000))
        finally:
            await reader.close()
            await conn.close()
        rates.append(applied / elapsed[0])
        note(
            f"ours run {attempt + 1}: {applied:,} events in {elapsed[0]:.2f} s, "
            f"{projection.writes} writes (transactions) of {projection.rows:,} rows in all"
        )
    return rates, costs


# --- the benchmark --------------------------------------------------------------------------


def compare(name: str, got: dict[uuid.UUID, tuple[Any, ...]], want: dict[Any, Any]) -> None:
    if got == want:
        note(f"check {name}: {len(got):,} rows, equal to the fold of the events")
        return
    wrong = [k for k in want if got.get(k) != want[k]]
    raise AssertionError(
        f"{name}: {len(got):,} rows, expected {len(want):,}; "
        f"{len(wrong)} differ, e.g. {wrong[:1]}: {got.get(wrong[0]) if wrong else None} "
        f"!= {want[wrong[0]] if wrong else None}"
    )


def run(
    server_dsn: str,
    *,
    events: int = 100_000,
    places: int = 20_000,
    baseline_events: int = 10_000,
    repeats: int = 3,
    baseline_timeout: float = 600.0,
) -> Result:
    baseline_events = min(baseline_events, events)
    print(
        f"[{NAME}] {events:,} events on {places:,} places; baseline on the first "
        f"{baseline_events:,}",
        flush=True,
    )
    with timer() as generated:
        history = generate_history(events, places)
    kinds = {t.__name__: sum(isinstance(e, t) for e in history.events) for t in EVENT_TYPES}
    note(f"generated in {generated[0]:.1f} s: {kinds}")
    with fresh_database(server_dsn, "proj") as dsn:
        write_rate = write_history(dsn, history.events)
        note(f"written through MedNumApplication.save(), {SAVE_BATCH}/save: {write_rate:,.0f} ev/s")
        limit = asyncio.run(_nth_notification_id(dsn, baseline_events))

        # Baseline first, while the read model tables are empty; then ours.
        asyncio.run(settle(dsn, "mednum_events"))
        meter = CpuMeter(dsn)
        flushed_rate, _ = run_baseline(
            dsn, limit, baseline_events, baseline_timeout, meter, synchronous_commit=True
        )
        asyncio.run(_drop_baseline_tables(dsn))
        asyncio.run(settle(dsn, "mednum_events"))
        baseline_rate, baseline_cost = run_baseline(
            dsn, limit, baseline_events, baseline_timeout, meter, synchronous_commit=False
        )
        rates, costs = asyncio.run(run_ours(dsn, repeats, meter))
        ours_rate = statistics.median(rates)
        ours_cost = median_cost(costs)

        prefix_expected = expected_rows(history.events[:baseline_events])
        whole_expected = expected_rows(history.events)
        baseline_rows = asyncio.run(table_rows(dsn, BASELINE_NAME))
        our_rows = asyncio.run(table_rows(dsn, "lieux"))
    compare(f"baseline (first {baseline_events:,} events)", baseline_rows, prefix_expected)
    compare(f"ours (all {events:,} events)", our_rows, whole_expected)
    assert len(our_rows) == history.places, "ours: one row per distinct place"
    distinct_prefix = len({e.originator_id for e in history.events[:baseline_events]})
    assert len(baseline_rows) == distinct_prefix, "baseline: one row per distinct place"

    result = report(
        Result(
            name=NAME,
            ours=ours_rate,
            baseline=baseline_rate,
            unit="events/s",
            goal=GOAL,
            extra={
                "events": events,
                "places": history.places,
                "baseline_events": baseline_events,
                "baseline_synchronous_commit": "off (as ours)",
                "baseline_default_commit_events_per_s": flushed_rate,
                "ours_runs": rates,
                "write_events_per_s": write_rate,
                "quality_bar_events_per_s": QUALITY_BAR,
                "ours_cpu_ms_per_1000_events": msgspec.to_builtins(ours_cost),
                "baseline_cpu_ms_per_1000_events": msgspec.to_builtins(baseline_cost),
            },
        )
    )
    note(
        f"throughputs compared: ours over all {events:,} events (median of {len(rates)} runs), "
        f"baseline over the first {baseline_events:,} events, both with synchronous_commit off"
    )
    note(
        f"baseline with the default synchronous_commit (a flush per event): "
        f"{flushed_rate:,.0f} events/s, ratio {ours_rate / flushed_rate:.1f}×"
    )
    note(
        f"ours absolute: {ours_rate:,.0f} events/s (QUALITY.md bar ≥ {QUALITY_BAR:,}): "
        f"{'OK' if ours_rate >= QUALITY_BAR else 'BELOW BAR'}"
    )
    note(f"CPU ms per 1000 events, ours: {ours_cost.text()}")
    note(f"CPU ms per 1000 events, baseline: {baseline_cost.text()}")
    return result


EVENT_TYPES = (LieuRecense, LieuModifie, LieuFerme)


async def _drop_baseline_tables(dsn: str) -> None:
    """Start the second baseline run from position 0 on an empty table."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"DROP TABLE IF EXISTS {BASELINE_NAME}, {BASELINE_NAME}_tracking")
    finally:
        await conn.close()


async def _nth_notification_id(dsn: str, n: int) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        value = await conn.fetchval(
            "SELECT notification_id FROM mednum_events ORDER BY notification_id OFFSET $1 LIMIT 1",
            n - 1,
        )
    finally:
        await conn.close()
    return int(value)


def main(argv: list[str] | None = None) -> None:
    lancer(__doc__, argv, run, events=100_000, places=20_000, baseline_events=10_000, repeats=3)


if __name__ == "__main__":
    main()
