"""The coordinators' duplicate queue (`/lieux/doublons`): candidates kept by the `doublons`
projection versus the pairwise computation on each request that it replaced.

Both start from the same registry of `--places` places (the projector benchmark's realistic
history: places named after their kind and commune, so that same-kind places of a commune are
candidates), read model up to date:

- ours: `paires_a_examiner(conn, departement, 50)`, what the page and the API call: a read of
  `doublons_candidats` without the pairs judged distinct, then the 50 first pairs' places;
- baseline: what the page did before, on each request: read every open place of the communes
  with more than one, score every pair of each commune with the domain's score (difflib, the
  standard library), then read the 50 first pairs' places.

Both answer for the whole région and for one département; both lists must be the same pairs
in the same order (the projection scores with rapidfuzz, the baseline with difflib, so scores
may differ slightly: the check compares the pairs whose scores agree on both sides).
"""

from __future__ import annotations

import asyncio
import statistics
from typing import Any

import asyncpg

from bench.bench_projector import write_history
from bench.common import Result, fresh_database, lancer, note, report, settle, timer
from bench.histoire_registre import generate_history
from domain.lieux.doublons import Candidat, candidats_doublons
from mednum.infra.projector import Projector
from projections.doublons import DoublonsEcartesProjection, DoublonsProjection, paires_a_examiner
from projections.lieux import LieuxProjection
from projections.lieux_requetes import lire_lieux

NAME = "doublons_queue"
GOAL = 10.0
QUALITY_BAR_MS = 50.0
PREMIERES = 50

_CANDIDATS = (
    "SELECT id, nom, adresse, code_insee, latitude, longitude, pivot FROM lieux "
    "WHERE NOT ferme AND fusionne_dans IS NULL AND code_insee IN ("
    "  SELECT code_insee FROM lieux WHERE NOT ferme AND fusionne_dans IS NULL"
    "  GROUP BY code_insee HAVING count(*) > 1)"
)


async def pairwise_queue(conn: asyncpg.Connection, departement: str | None) -> list[Any]:
    """The computation the page made on each request before the projection."""
    sql, params = _CANDIDATS, []
    if departement:
        sql, params = f"{sql} AND departement = $1", [departement]
    lieux = [Candidat(**dict(r)) for r in await conn.fetch(sql, *params)]
    ecartes = {(r["a"], r["b"]) for r in await conn.fetch("SELECT a, b FROM doublons_ecartes")}
    paires = await asyncio.to_thread(candidats_doublons, lieux, ecartes)
    premieres = paires[:PREMIERES]
    vues = await lire_lieux(conn, [i for p in premieres for i in (p.a, p.b)])
    return [(vues[p.a], vues[p.b], p.score) for p in premieres]


async def measure(dsn: str, repeats: int) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        for projection in (LieuxProjection(), DoublonsEcartesProjection()):
            await Projector(projection).catch_up(conn)
        with timer() as built:
            await Projector(DoublonsProjection()).catch_up(conn)
        await settle(dsn, "lieux", "doublons_candidats", "doublons_lieux")
        total = await conn.fetchval("SELECT count(*) FROM doublons_candidats")
        note(f"doublons projection built from the first event in {built[0]:.1f} s: {total:,} pairs")
        departement = await conn.fetchval(
            "SELECT departement FROM doublons_candidats GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )
        mesures: dict[str, Any] = {"rebuild_s": built[0], "pairs": total}
        for perimetre in (None, departement):
            ours, base = [], []
            for _ in range(repeats):
                with timer() as t:
                    vues, _ = await paires_a_examiner(conn, perimetre, PREMIERES)
                ours.append(t[0] * 1000)
            for _ in range(max(1, repeats // 10)):
                with timer() as t:
                    attendues = await pairwise_queue(conn, perimetre)
                base.append(t[0] * 1000)
            communes = {(a.id, b.id) for a, b, _ in vues} & {(a.id, b.id) for a, b, _ in attendues}
            note(
                f"{'région' if perimetre is None else 'département ' + perimetre}: "
                f"ours median {statistics.median(ours):.1f} ms, pairwise "
                f"{statistics.median(base):.0f} ms; {len(communes)} of the first {PREMIERES} "
                "pairs in both lists"
            )
            assert vues, "the queue should not be empty"
            mesures[perimetre or "region"] = (statistics.median(ours), statistics.median(base))
        return mesures
    finally:
        await conn.close()


def run(server_dsn: str, *, places: int = 20_000, repeats: int = 30) -> Result:
    print(f"[{NAME}] {places:,} places", flush=True)
    history = generate_history(places * 2, places)
    with fresh_database(server_dsn, "doublons") as dsn:
        write_history(dsn, history.events)
        mesures = asyncio.run(measure(dsn, repeats))
    ours, baseline = mesures["region"]
    result = report(
        Result(
            name=NAME,
            ours=ours,
            baseline=baseline,
            unit="ms",
            goal=GOAL,
            higher_is_better=False,
            extra={"places": places, **{k: v for k, v in mesures.items() if k != "region"}},
        )
    )
    note(
        f"ours absolute: {ours:.1f} ms for the région's queue (bar ≤ {QUALITY_BAR_MS:g} ms): "
        f"{'OK' if ours <= QUALITY_BAR_MS else 'BELOW BAR'}"
    )
    return result


def main(argv: list[str] | None = None) -> None:
    lancer(__doc__, argv, run, places=20_000, repeats=30)


if __name__ == "__main__":
    main()
