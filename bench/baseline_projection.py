"""The projector benchmark's baseline: the same `lieux` read model written by eventsourcing's
own `ProjectionRunner` (one transaction per event).

The clock runs from the first event the projection receives to the last one it must reach, so
the runner's start-up (application, tables, subscription) is not counted. The baseline can run
with the library's default durability (a WAL flush per commit) or with `synchronous_commit =
off`, the setting our projector uses on its connection: only the second compares like with like.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection as LibraryProjection
from eventsourcing.projection import ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Composed, Identifier

from bench.common import (
    Cost,
    CpuMeter,
    note,
)
from domain.lieux.events import LieuFerme, LieuModifie, LieuRecense
from mednum.infra.eventstore import MedNumApplication, eventsourcing_env
from projections.lieux import COLUMNS, LISTES, row_from_recense

BASELINE_NAME = "baselinelieux"  # env prefix BASELINELIEUX_, tables baselinelieux(_tracking)


# --- the baseline: eventsourcing's ProjectionRunner -----------------------------------------


class BaselineLieuxView(PostgresTrackingRecorder):
    """A `lieux`-like table kept by eventsourcing's tracking recorder, one event per commit."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = Identifier(self.datastore.schema)
        self.table = Identifier(BASELINE_NAME)
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS {0}.{1} (LIKE {0}.lieux INCLUDING ALL)").format(
                schema, self.table
            )
        )
        self.upsert = SQL(
            "INSERT INTO {0} ({1}) VALUES ({2}) ON CONFLICT (id) DO UPDATE SET {3}"
        ).format(
            self.table,
            SQL(", ").join(Identifier(c) for c in COLUMNS),
            SQL(", ").join(SQL("%s") for _ in COLUMNS),
            SQL(", ").join(SQL("{0} = EXCLUDED.{0}").format(Identifier(c)) for c in COLUMNS[1:]),
        )
        self._updates: dict[tuple[str, ...], Composed] = {}

    def upsert_lieu(self, row: tuple[Any, ...], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._insert_tracking(curs, tracking)
            curs.execute(self.upsert, row)

    def update_lieu(self, lieu_id: uuid.UUID, changes: dict[str, Any], tracking: Tracking) -> None:
        names = tuple(changes)
        statement = self._updates.get(names)
        if statement is None:
            statement = self._updates[names] = SQL("UPDATE {0} SET {1} WHERE id = %s").format(
                self.table,
                SQL(", ").join(SQL("{0} = %s").format(Identifier(n)) for n in names),
            )
        with self.datastore.transaction(commit=True) as curs:
            self._insert_tracking(curs, tracking)
            curs.execute(statement, (*changes.values(), lieu_id))


class BaselineLieuxProjection(LibraryProjection[BaselineLieuxView]):
    name = BASELINE_NAME
    topics = tuple(get_topic(t) for t in (LieuRecense, LieuModifie, LieuFerme))
    # Set on the subclass made by `baseline_projection_class`.
    limit: int = 0
    done: threading.Event
    started_at: list[float]
    finished_at: list[float]

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events past the limit are not the benchmark's; the clock starts at the first one
        applied and stops once the limit is reached."""
        if tracking.notification_id > self.limit:
            return
        if not self.started_at:
            self.started_at.append(time.perf_counter())
        self._appliquer(domain_event, tracking)
        if tracking.notification_id >= self.limit:
            self.finished_at.append(time.perf_counter())
            self.done.set()

    @singledispatchmethod
    def _appliquer(self, domain_event: Any, tracking: Tracking) -> None:
        pass

    @_appliquer.register
    def _(self, event: LieuRecense, tracking: Tracking) -> None:
        row = row_from_recense(event)
        self.view.upsert_lieu(
            tuple(
                list(v) if isinstance(v, tuple) else v
                for v in (row.get(c, [] if c in LISTES else None) for c in COLUMNS)
            ),
            tracking,
        )

    @_appliquer.register
    def _(self, event: LieuModifie, tracking: Tracking) -> None:
        changes = {
            k: list(v) if isinstance(v, tuple) else v for k, v in event.champs_modifies().items()
        }
        self.view.update_lieu(event.originator_id, {**changes, **_touch(event)}, tracking)

    @_appliquer.register
    def _(self, event: LieuFerme, tracking: Tracking) -> None:
        self.view.update_lieu(event.originator_id, {"ferme": True, **_touch(event)}, tracking)


def _touch(event: Any) -> dict[str, Any]:
    return {
        "version": event.originator_version,
        "modifie_le": event.timestamp,
        "modifie_par": event.auteur,
    }


def baseline_projection_class(limit: int) -> type[BaselineLieuxProjection]:
    return type(
        "BaselineLieuxProjectionUpTo",
        (BaselineLieuxProjection,),
        {
            "name": BASELINE_NAME,
            "limit": limit,
            "done": threading.Event(),
            "started_at": [],
            "finished_at": [],
        },
    )


def run_baseline(
    dsn: str,
    limit: int,
    count: int,
    timeout: float,
    meter: CpuMeter,
    *,
    synchronous_commit: bool,
) -> tuple[float, Cost]:
    """Run the library's runner from 0 until notification `limit`; events/s over `count`.

    `synchronous_commit=False` gives every connection of the runner `synchronous_commit = off`
    through libpq's PGOPTIONS, as our projector sets it on its own connection."""
    pg = eventsourcing_env(dsn)
    prefix = BASELINE_NAME.upper()
    env = {
        **pg,  # the application (MedNumApplication's own env gives the persistence module)
        **{f"{prefix}_{k}": v for k, v in pg.items()},
        f"{prefix}_PERSISTENCE_MODULE": "eventsourcing.postgres",
        f"{prefix}_CREATE_TABLE": "y",
    }
    projection_class = baseline_projection_class(limit)
    saved_options = os.environ.get("PGOPTIONS")
    if not synchronous_commit:
        os.environ["PGOPTIONS"] = "-c synchronous_commit=off"
    before = meter.sample()
    start = time.perf_counter()
    try:
        rate, cost = _run_until_done(projection_class, env, start, timeout, meter, before, count)
    finally:
        if saved_options is None:
            os.environ.pop("PGOPTIONS", None)
        else:
            os.environ["PGOPTIONS"] = saved_options
    setting = "on (default)" if synchronous_commit else "off"
    note(
        f"baseline, synchronous_commit {setting}: {count:,} events at {rate:,.0f} ev/s "
        "(ProjectionRunner, 1 txn/event; clock from its first event)"
    )
    return rate, cost


def _run_until_done(
    projection_class: type[BaselineLieuxProjection],
    env: dict[str, str],
    start: float,
    timeout: float,
    meter: CpuMeter,
    before: Any,
    count: int,
) -> tuple[float, Cost]:
    with ProjectionRunner(
        application_class=MedNumApplication,
        projection_class=projection_class,
        view_class=BaselineLieuxView,
        env=env,
    ) as runner:
        deadline = start + timeout
        while not projection_class.done.wait(0.2):
            if runner.is_interrupted.is_set():
                runner.run_forever(timeout=0)  # re-raises the projection's error
                raise RuntimeError("the baseline ProjectionRunner stopped early")
            if time.perf_counter() > deadline:
                limit = projection_class.limit
                raise TimeoutError(f"baseline did not reach notification {limit} in {timeout} s")
        cost = meter.cost(before, count / 1000)
    elapsed = projection_class.finished_at[0] - projection_class.started_at[0]
    return count / elapsed, cost
