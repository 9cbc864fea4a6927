"""A store of 10,000,000 events (issue 15): the session write's p95 at 10M against the empty
store (bar ≤ 1.2 ×), the `activites` projection's rebuild rate at that size, and the disk
size per million events.

The store is filled the fast way: realistic events (nine sessions for one registry event:
sessions at 300 places over three years by 40 mediators, and the projector bench's registry
history) are encoded by the event store's own mapper (`MedNumApplication.mapper`, so the
rows are exactly what `save()` would write) and sent with `COPY` into `mednum_events`, in
date order, without receipts. Then `VACUUM ANALYZE`.

The write is measured the way bench_activites.py does (16 concurrent clients posting a
typical session to `POST /api/v1/activites` on the real server, projectors off so that a
rebuild of 10M events does not run under the measurement), on the empty store and again on
the full one, same bodies' shape, same number of requests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import random
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg

from bench.bench_activites import corps, preparer
from bench.bench_write import _make_token
from bench.charge import post_all, running_server
from bench.common import Result, bench_server, fresh_database, note, percentile, report
from bench.histoire_registre import generate_history
from domain.activites.events import ActiviteEnregistree, CompteRendu
from domain.beneficiaires.events import Profil
from domain.lieux.events import LieuRecense
from mednum.infra.eventstore import open_event_store
from mednum.infra.projector import Projector
from projections.activites import ActivitesProjection

BAR = 1.2  # p95(10M) / p95(empty)
LOT = 50_000  # events encoded and copied at a time
_THEMES = (("email",), ("aide_aux_demarches_administratives",), ("sante", "smartphone"))
_DEBUT = dt.date(2024, 1, 1)


def _seances(total: int, lieux: list[uuid.UUID], seed: int) -> Iterator[Any]:
    rng = random.Random(seed)
    mediateurs = [f"mediateur{i}@mednum.example" for i in range(40)]
    for n in range(total):
        jour = _DEBUT + dt.timedelta(days=n * 1095 // total)
        mediateur = rng.choice(mediateurs)
        yield ActiviteEnregistree(
            originator_id=uuid.UUID(int=rng.getrandbits(128)),
            originator_version=1,
            timestamp=dt.datetime.combine(jour, dt.time(9), dt.UTC)
            + dt.timedelta(seconds=n % 30_000),
            auteur=mediateur,
            mediateur=mediateur,
            compte_rendu=CompteRendu(
                type="individuel",
                date=jour,
                duree=rng.choice((30, 45, 60, 90)),
                type_lieu="lieu_activite",
                lieu_id=rng.choice(lieux),
                materiel=("ordinateur",),
                thematiques=rng.choice(_THEMES),
                autonomie="partiellement_autonome",
                profil=Profil(genre=rng.choice(("feminin", "masculin"))),
            ),
        )


def _melange(registre: list[Any], seances: Iterator[Any]) -> Iterator[Any]:
    """One registry event in ten, in their order, the sessions between them (a place is
    recorded before its sessions only statistically: the projections do not mind)."""
    evenements = iter(registre)
    for n, seance in enumerate(seances):
        if n % 9 == 0:
            yield from itertools.islice(evenements, 1)
        yield seance
    yield from evenements


async def _copier(dsn: str, app: Any, evenements: Iterator[Any]) -> int:
    conn = await asyncpg.connect(dsn)
    total = 0
    try:
        while True:
            lot = []
            for evenement in evenements:
                s = app.mapper.to_stored_event(evenement)
                lot.append((s.originator_id, s.originator_version, s.topic, s.state))
                if len(lot) == LOT:
                    break
            if not lot:
                return total
            await conn.copy_records_to_table(
                "mednum_events",
                records=lot,
                columns=("originator_id", "originator_version", "topic", "state"),
            )
            total += len(lot)
            if total % 1_000_000 < LOT:
                note(f"{total:,} events copied")
    finally:
        await conn.close()


async def _sql(dsn: str, sql: str) -> Any:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


def _p95_ecriture(dsn: str, token: str, lieu: uuid.UUID, requetes: int, seed: int) -> float:
    with running_server(dsn, projectors=False) as server:
        asyncio.run(post_all(server, token, corps(100, seed, lieu), "raw", "/api/v1/activites"))
        run = asyncio.run(
            post_all(server, token, corps(requetes, seed + 1, lieu), "raw", "/api/v1/activites")
        )
    return percentile(run.latencies_ms, 95)


async def _reconstruire(dsn: str, limite: int) -> tuple[int, float]:
    """The `activites` projection from position 0 over the first `limite` events of the store
    (what `mednum project --rebuild activites` does), with its reader connection."""
    conn, lecteur = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        await conn.execute("DELETE FROM projection_tracking WHERE name = 'activites'")
        await conn.execute("TRUNCATE " + ", ".join(ActivitesProjection.tables))
        debut = time.perf_counter()
        await Projector(ActivitesProjection(), batch_size=1000).catch_up(
            conn, reader=lecteur, limite=limite
        )
        secondes = time.perf_counter() - debut
        lignes = await conn.fetchval("SELECT count(*) FROM activites")
        return int(lignes), secondes
    finally:
        await conn.close()
        await lecteur.close()


def run(server_dsn: str, *, evenements: int = 10_000_000, requetes: int = 2000) -> list[Result]:
    with fresh_database(server_dsn, "dixmillions") as dsn:
        token = asyncio.run(_make_token(dsn, "mediateur"))
        app = open_event_store(dsn)
        try:
            lieu = preparer(app)
            vide = _p95_ecriture(dsn, token, lieu, requetes, seed=1)
            note(f"empty store: POST /api/v1/activites p95 {vide:.1f} ms")
            # The projector bench's proportions: five registry events a place.
            registre = generate_history(max(10, evenements // 10), max(2, evenements // 50))
            lieux = [e.originator_id for e in registre.events if isinstance(e, LieuRecense)]
            debut = time.perf_counter()
            seances = _seances(evenements - len(registre.events), lieux, 7)
            copies = asyncio.run(_copier(dsn, app, _melange(registre.events, seances)))
            remplissage = time.perf_counter() - debut
        finally:
            app.close()
        asyncio.run(_sql(dsn, "VACUUM ANALYZE mednum_events"))
        octets = asyncio.run(_sql(dsn, "SELECT pg_total_relation_size('mednum_events')"))
        stockes = asyncio.run(_sql(dsn, "SELECT count(*) FROM mednum_events"))
        par_million = octets / (stockes / 1e6) / 1e6
        note(
            f"{copies:,} events copied in {remplissage:.0f} s ({copies / remplissage:,.0f}/s); "
            f"store {octets / 1e9:.2f} GB, {par_million:.0f} MB per million events"
        )
        plein = _p95_ecriture(dsn, token, lieu, requetes, seed=3)
        note(f"{stockes:,} events: POST /api/v1/activites p95 {plein:.1f} ms")
        # The rate over the store's first 20,000 events, then over its first 200,000 (a
        # whole rebuild of 10M takes hours at today's rate): a large store must not slow it.
        petit, petit_s = asyncio.run(_reconstruire(dsn, min(stockes, 20_000)))
        lignes, secondes = asyncio.run(_reconstruire(dsn, min(stockes, 200_000)))
        note(
            f"rebuild of activites in a store of {stockes:,}: {petit / petit_s:,.0f} sessions/s "
            f"over its first 20,000 events, {lignes / secondes:,.0f}/s over its first 200,000"
        )
    return [
        report(
            Result(
                "ecriture_a_10m", plein, vide, "ms", round(1 / BAR, 3), higher_is_better=False,
                extra={"events": stockes, "p95_empty_ms": vide, "p95_full_ms": plein,
                       "mb_per_million": par_million},
            )
        ),
        report(
            Result(
                "reconstruction_a_10m", lignes / secondes, petit / petit_s, "sessions/s", 0.8,
                extra={"events_in_store": stockes, "rebuilt": lignes},
            )
        ),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args(argv)
    with bench_server() as server_dsn:
        run(server_dsn, evenements=args.events, requetes=args.requests)


if __name__ == "__main__":
    main()
