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
rebuild of 10M events does not run under the measurement), on an empty store (a second
database of the same server) and on the full one, in alternating rounds, same bodies' shape,
same number of requests. The `activites` projection is then rebuilt over the whole store.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import random
import statistics
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg

from bench.bench_activites import corps, preparer
from bench.bench_write import _make_token
from bench.charge import post_all, running_server
from bench.common import (
    CpuMeter,
    CpuSample,
    Result,
    fresh_database,
    note,
    percentile,
    report,
    sur_le_serveur,
)
from bench.histoire_registre import generate_history
from domain.activites.events import ActiviteEnregistree, CompteRendu
from domain.beneficiaires.events import Profil
from domain.lieux.events import LieuRecense
from mednum.infra.eventstore import open_event_store
from mednum.infra.projector import Projector
from projections.activites import ActivitesProjection

BAR = 1.2  # p95(10M) / p95(empty)
LOT = 50_000  # events encoded and copied at a time
TOURS = 3  # rounds of the write, each on the stores in order then in reverse order
PAS = 1_000_000  # the rebuild's rate is noted at every PAS events
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


async def _repartition(dsn: str) -> str:
    """Where the store's bytes are: the table (with its TOAST), each index, the events' state."""
    conn = await asyncpg.connect(dsn)
    try:
        table = await conn.fetchval("SELECT pg_table_size('mednum_events')")
        index = await conn.fetch(
            "SELECT indexrelid::regclass::text AS nom, pg_relation_size(indexrelid) AS octets "
            "FROM pg_index WHERE indrelid = 'mednum_events'::regclass ORDER BY 1"
        )
        etat = await conn.fetchval(
            "SELECT avg(octet_length(state)) FROM mednum_events TABLESAMPLE SYSTEM (1)"
        )
    finally:
        await conn.close()
    indexes = ", ".join(f"{r['nom']} {r['octets'] / 1e9:.2f} GB" for r in index)
    return f"table {table / 1e9:.2f} GB, {indexes}; state {etat or 0:.0f} bytes an event on average"


def _latences(dsn: str, token: str, lieu: uuid.UUID, requetes: int, seed: int) -> list[float]:
    with running_server(dsn, projectors=False) as server:
        asyncio.run(post_all(server, token, corps(100, seed, lieu), "raw", "/api/v1/activites"))
        run = asyncio.run(
            post_all(server, token, corps(requetes, seed + 1, lieu), "raw", "/api/v1/activites")
        )
    return run.latencies_ms


def _p95_alternes(stores: dict[str, tuple[str, str, uuid.UUID]], requetes: int) -> dict[str, float]:
    """The write's p95 on each store: measured in alternating rounds (A B B A, A B B A, ...)
    since the machine is shared and its load drifts over minutes (both stores must see the
    same), the median of a store's p95 over its measures (a load spike during one of them
    must not decide the ratio; the p95 of all its latencies together is printed too)."""
    latences: dict[str, list[float]] = {nom: [] for nom in stores}
    p95s: dict[str, list[float]] = {nom: [] for nom in stores}
    for tour in range(TOURS):
        for rang, nom in enumerate([*stores, *reversed(stores)]):
            dsn, token, lieu = stores[nom]
            mesure = _latences(dsn, token, lieu, requetes // TOURS // 2, seed=10 * tour + rang)
            p95s[nom].append(percentile(mesure, 95))
            latences[nom] += mesure
            note(f"round {tour + 1}, {nom} store: p95 {p95s[nom][-1]:.1f} ms")
    for nom in stores:
        note(
            f"{nom} store: median of its p95s {statistics.median(p95s[nom]):.1f} ms, "
            f"p95 of its {len(latences[nom]):,} latencies {percentile(latences[nom], 95):.1f} ms"
        )
    return {nom: statistics.median(valeurs) for nom, valeurs in p95s.items()}


def _compte_et_lieu(dsn: str) -> tuple[str, uuid.UUID]:
    token = asyncio.run(_make_token(dsn, "mediateur"))
    app = open_event_store(dsn)
    try:
        return token, preparer(app)
    finally:
        app.close()


Mesure = tuple[int, int, float, CpuSample]  # event position, sessions, seconds, CPU


async def _reconstruire(dsn: str, paliers: list[int], cpu: CpuMeter) -> list[Mesure]:
    """The `activites` projection from position 0 (what `mednum project --rebuild activites`
    does, with its reader connection), stopping at each event position of `paliers` in turn:
    for each, the sessions applied, the seconds spent and the CPU used since the start."""
    conn, lecteur = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        await conn.execute("DELETE FROM projection_tracking WHERE name = 'activites'")
        await conn.execute("TRUNCATE " + ", ".join(ActivitesProjection.tables))
        projecteur = Projector(ActivitesProjection(), batch_size=1000)
        mesures: list[Mesure] = [(0, 0, 0.0, cpu.sample())]
        appliques, debut = 0, time.perf_counter()
        for palier in paliers:
            appliques += await projecteur.catch_up(conn, reader=lecteur, limite=palier)
            mesures.append((palier, appliques, time.perf_counter() - debut, cpu.sample()))
        return mesures
    finally:
        await conn.close()
        await lecteur.close()


def _cout(avant: Mesure, apres: Mesure) -> str:
    """CPU milliseconds a session between two measures: load-independent, unlike the rate."""
    sessions = max(1, apres[1] - avant[1])
    parts = [
        f"{name} {(b - a) * 1000 / sessions:.3f}"
        for name, a, b in zip(("bench", "PostgreSQL"), avant[3][::2], apres[3][::2], strict=True)
        if a is not None and b is not None
    ]
    return f"CPU ms a session: {', '.join(parts)}"


def _reconstruction(dsn: str, reconstruits: int | None) -> tuple[float, float, int]:
    """The rebuild rate over the store's first 20,000 events, then over its first
    `reconstruits` (the whole store if None), noted every `PAS` events with its CPU cost: a
    large store and large read models must not slow it."""
    tete = int(asyncio.run(_sql(dsn, "SELECT max(notification_id) FROM mednum_events")))
    cpu = CpuMeter(dsn)
    debut, petit_fin = asyncio.run(_reconstruire(dsn, [min(tete, 20_000)], cpu))
    petit = petit_fin[1] / petit_fin[2]
    note(
        f"rebuild over the first 20,000 events: {petit:,.0f} sessions/s, {_cout(debut, petit_fin)}"
    )
    fin = tete if reconstruits is None else min(tete, reconstruits)
    mesures = asyncio.run(_reconstruire(dsn, [*range(PAS, fin, PAS), fin], cpu))
    for avant, apres in itertools.pairwise(mesures):
        tranche = (apres[1] - avant[1]) / (apres[2] - avant[2])
        note(
            f"rebuild up to event {apres[0]:,}: {apres[1]:,} sessions, "
            f"{tranche:,.0f}/s on this stretch, {_cout(avant, apres)}"
        )
    _, lignes, secondes, _ = mesures[-1]
    note(
        f"rebuild of activites in a store of {tete:,}: {petit:,.0f} sessions/s over its first "
        f"20,000 events, {lignes / secondes:,.0f}/s over its first {fin:,} ({lignes:,} sessions "
        f"in {secondes:,.0f} s, {_cout(mesures[0], mesures[-1])})"
    )
    return petit, lignes / secondes, lignes


def run(
    server_dsn: str,
    *,
    evenements: int = 10_000_000,
    requetes: int = 2000,
    reconstruits: int | None = None,
) -> list[Result]:
    with (
        fresh_database(server_dsn, "dixmillions") as dsn,
        fresh_database(server_dsn, "dixmillions_vide") as dsn_vide,
    ):
        stores = {"empty": (dsn_vide, *_compte_et_lieu(dsn_vide))}
        token = asyncio.run(_make_token(dsn, "mediateur"))
        app = open_event_store(dsn)
        try:
            lieu = preparer(app)
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
        note(asyncio.run(_repartition(dsn)))
        stores[f"{stockes:,}-event"] = (dsn, token, lieu)
        vide, plein = _p95_alternes(stores, requetes).values()
        note(
            f"POST /api/v1/activites p95: empty store {vide:.1f} ms, "
            f"{stockes:,} events {plein:.1f} ms"
        )
        petit, grand, lignes = _reconstruction(dsn, reconstruits)
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
                "reconstruction_a_10m", grand, petit, "sessions/s", 0.8,
                extra={"events_in_store": stockes, "rebuilt": lignes},
            )
        ),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--rebuild", type=int, help="rebuild over the store's first N events (default: all)"
    )
    args = parser.parse_args(argv)
    sur_le_serveur(
        run,
        evenements=args.events,
        requetes=args.requests,
        reconstruits=args.rebuild,
    )


if __name__ == "__main__":
    main()
