"""The regional evaluation report with 1,000,000 sessions (QUALITY.md / issue 6): ≤ 300 ms, and
≤ 1.5 × its time at 100,000 sessions.

Ours: `mednum.rapports.calcul.mesurer` for the région Bourgogne-Franche-Comté over the year
2025, its second quarter and a custom 45-day range (issue 13's bars: the quarter and the range),
the part of a report that reads the evaluation cubes (projections/evaluation.py); the whole
`calculer` (both years and the maps' data) is timed too. Baseline, in the same run on the same
database: the same activity figures by plain SQL over the raw read models `activites` and
`accompagnements`, tied to the région through the place's commune or the session's commune.
Both must give the same figures, or the bench stops.

The data is written the way the projectors write it, without the event store: realistic
events are built in memory and handed in batches to the real projections (`lieux`,
`activites`, `evaluation`), in the order sessions are recorded (by date, as the projector
would see them). Each size gets a database of its own, spread over the same three years.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import statistics
import sys
import time
from collections.abc import Iterator
from typing import Any, cast

import asyncpg

from bench.common import (
    Result,
    fresh_database,
    note,
    report,
    sur_le_serveur,
)
from bench.donnees_rapports import REGION, remplir
from domain.evaluation.mesures import Mesures
from domain.evaluation.periodes import annee, periode_du, trimestre
from domain.evaluation.rapport import Periode
from mednum.infra.database import with_database
from mednum.rapports import calcul

# A year, a quarter and a custom 45-day range that crosses a month and a quarter boundary
# (computed from day cells at its edges): the bars are for the last two.
PERIODES = {
    "annee": annee(2025),
    "trimestre": trimestre(2025, 2),
    "45_jours": periode_du(dt.date(2025, 3, 10), dt.date(2025, 4, 23)),
}
BAR_MS = 300.0
SCALE_MAX = 1.5  # ours(large) / ours(small)
GOAL = 10.0  # SQL over raw sessions / cubes, at the large size (our choice: QUALITY.md sets none)
_DANS_LA_REGION = """
a AS MATERIALIZED (
    SELECT a.id, a.type, a.type_lieu, a.autonomie, a.thematiques, a.duree, a.participants,
        a.anonymes, a.genres, a.tranches_age, a.statuts_sociaux
    FROM activites a LEFT JOIN lieux l ON l.id = a.lieu_id
    JOIN communes c ON c.code_insee = coalesce(l.code_insee, a.commune)
    WHERE c.region = $1 AND a.date BETWEEN $2 AND $3 AND NOT a.supprimee
)"""
# (dimension, modalité, activités, accompagnements, minutes, minutes × personnes), as the cube.
_FIGURES = f"""
WITH {_DANS_LA_REGION},
x AS MATERIALIZED (
    SELECT p.*, a.duree FROM a JOIN accompagnements p ON p.activite_id = a.id
    WHERE p.beneficiaire_id IS NULL
),
ateliers AS (
    SELECT a.duree, a.anonymes, d.dimension, d.parts FROM a CROSS JOIN LATERAL (VALUES
        ('genre', a.genres), ('tranche_age', a.tranches_age),
        ('statut_social', a.statuts_sociaux)) d (dimension, parts)
    WHERE a.type = 'collectif' AND a.anonymes > 0
),
anonymes AS (
    SELECT dimension, k.key AS modalite, k.value::int AS n, duree
    FROM ateliers, jsonb_each_text(parts) k
    UNION ALL
    SELECT dimension, 'non_communique', anonymes - (SELECT coalesce(sum(v.value::int), 0)
        FROM jsonb_each_text(parts) v WHERE v.value::int > 0), duree FROM ateliers
    UNION ALL
    SELECT v.dimension, v.modalite, 1, x.duree FROM x CROSS JOIN LATERAL (VALUES
        ('genre', x.genre), ('tranche_age', x.tranche_age),
        ('statut_social', x.statut_social)) v (dimension, modalite)
    WHERE x.genre IS NOT NULL
)
SELECT 'total', 'total', count(*), sum(participants), sum(duree), sum(duree * participants)
FROM a
UNION ALL SELECT 'type', type, count(*), sum(participants), sum(duree),
    sum(duree * participants) FROM a GROUP BY type
UNION ALL SELECT 'type_lieu', type_lieu, count(*), sum(participants), sum(duree),
    sum(duree * participants) FROM a GROUP BY type_lieu
UNION ALL SELECT 'thematique', t, count(*), sum(participants), sum(duree),
    sum(duree * participants) FROM a, unnest(a.thematiques) t GROUP BY t
UNION ALL SELECT 'autonomie', autonomie, count(*), count(*), sum(duree), sum(duree)
    FROM a WHERE type = 'individuel' AND autonomie IS NOT NULL GROUP BY autonomie
UNION ALL SELECT 'anonymes', 'total', 0, count(*), 0, sum(duree) FROM x
UNION ALL SELECT 'anonymes', 'nouveaux', 0, count(*), 0, sum(duree) FROM x
    WHERE premier_accompagnement
UNION ALL SELECT dimension, modalite, 0, sum(n), 0, sum(n * duree) FROM anonymes
    WHERE n > 0 GROUP BY dimension, modalite
"""
# Followed people: distinct, new (first accompaniment ever within the period), hours each.
_SUIVIS = f"""
WITH {_DANS_LA_REGION},
p AS (
    SELECT s.beneficiaire_id, sum(a.duree) AS minutes FROM a
    JOIN accompagnements s ON s.activite_id = a.id WHERE s.beneficiaire_id IS NOT NULL
    GROUP BY s.beneficiaire_id
)
SELECT count(*) AS suivis,
    count(*) FILTER (WHERE (SELECT min(y.date) FROM accompagnements y
        WHERE y.beneficiaire_id = p.beneficiaire_id) >= $2) AS nouveaux,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS mediane,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90
FROM p
"""


async def par_sql(conn: asyncpg.Connection, region: str, periode: Periode) -> dict[str, Any]:
    cube: dict[str, dict[str, list[int]]] = {}
    for r in await conn.fetch(_FIGURES, region, periode.debut, periode.fin):
        if r[3]:
            cube.setdefault(r[0], {})[r[1]] = [int(r[i] or 0) for i in range(2, 6)]
    suivis = await conn.fetchrow(_SUIVIS, region, periode.debut, periode.fin)
    assert suivis is not None
    return {"cube": cube, **dict(suivis)}


def verifier(m: Mesures, sql: dict[str, Any]) -> None:
    """The cubes and the raw sessions must give the same figures (a bench of wrong figures
    proves nothing)."""
    assert m.somme("total", "total") == sql["cube"]["total"]["total"][1] > 0, "total"
    assert m.cube["type"] == sql["cube"]["type"], ("type", m.cube["type"], sql["cube"]["type"])
    assert m.suivis == sql["suivis"] > 0, ("suivis", m.suivis, sql["suivis"])
    ecarts: list[tuple[str, Any, Any]] = [
        (dimension, m.cube.get(dimension), valeurs)
        for dimension, valeurs in sql["cube"].items()
        if m.cube.get(dimension) != valeurs
    ]
    ours = (m.nouveaux_suivis, m.mediane_minutes, m.p90_minutes)
    theirs = (sql["nouveaux"], sql["mediane"], sql["p90"])
    if ours != theirs:
        ecarts.append(("nouveaux, médiane, P90", ours, theirs))
    assert not ecarts, f"cubes and raw SQL disagree: {ecarts}"


class _ParRequete:
    """A connection that adds up the time of each query: which ones make `mesurer`'s time."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn, self.temps = conn, dict[str, float]()

    def __getattr__(self, nom: str) -> Any:
        methode = getattr(self.conn, nom)
        if nom not in ("fetch", "fetchrow", "fetchval", "execute"):
            return methode

        async def chronometree(sql: str, *args: Any) -> Any:
            appelant = sys._getframe(1).f_code.co_name  # the function of evaluation_requetes…
            debut = time.perf_counter()
            try:
                return await methode(sql, *args)
            finally:
                ms = (time.perf_counter() - debut) * 1000
                self.temps[appelant] = self.temps.get(appelant, 0) + ms

        return chronometree


async def _chrono(action: Any) -> tuple[float, Any]:
    debut = time.perf_counter()
    resultat = await action()
    return (time.perf_counter() - debut) * 1000, resultat


async def mesurer_periode(
    conn: asyncpg.Connection, autre: asyncpg.Connection, periode: Periode, repetitions: int
) -> dict[str, Any]:
    """Median milliseconds of ours, the SQL baseline and the whole report, rounds alternating."""

    def ours() -> Any:
        return calcul.mesurer(conn, REGION, periode, autre)

    def baseline() -> Any:
        return par_sql(conn, REGION.code, periode)

    def rapport() -> Any:
        return calcul.calculer(conn, REGION, periode, position=0, seuil=11, autre=autre)

    _, mesures = await _chrono(ours)  # warm-up, and the figures' check
    _, sql = await _chrono(baseline)
    await _chrono(rapport)
    verifier(mesures, sql)
    temps: dict[str, list[float]] = {"ours": [], "baseline": [], "calculer": []}
    for _ in range(repetitions):
        for nom, action in (("ours", ours), ("baseline", baseline), ("calculer", rapport)):
            temps[nom].append((await _chrono(action))[0])
    par_requete = _ParRequete(conn)
    await calcul.mesurer(cast(asyncpg.Connection, par_requete), REGION, periode)
    for cle, ms in sorted(par_requete.temps.items(), key=lambda kv: -kv[1])[:3]:
        note(f"  {periode.libelle}, of which {cle}: {ms:.1f} ms")
    figures = {
        "activites": mesures.somme("total", "total", 0),
        "accompagnements": mesures.somme("total", "total"),
        "suivis": mesures.suivis,
    }
    return {k: statistics.median(v) for k, v in temps.items()} | figures


def _libelle(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1_000}k"


def _resultats(
    nom: str, p: dict[str, Any], g: dict[str, Any], petite: int, grande: int
) -> list[Result]:
    facteur = g["ours"] / p["ours"]
    note(
        f"{nom}: ours({_libelle(grande)}) = {g['ours']:.1f} ms (bar ≤ {BAR_MS:g} ms: "
        f"{'OK' if g['ours'] <= BAR_MS else 'BELOW BAR'}); ours({_libelle(grande)}) / "
        f"ours({_libelle(petite)}) = {facteur:.2f} (goal ≤ {SCALE_MAX:g})"
    )

    def extra(m: dict[str, Any]) -> dict[str, Any]:
        return {f"{k}_ms" if k in ("ours", "baseline", "calculer") else k: v for k, v in m.items()}

    return [
        Result(
            f"rapport_region_{nom}_{_libelle(petite)}", p["ours"], p["baseline"], "ms", 1.0,
            higher_is_better=False, extra=extra(p),
        ),
        Result(
            f"rapport_region_{nom}_{_libelle(grande)}", g["ours"], g["baseline"], "ms", GOAL,
            higher_is_better=False, extra=extra(g) | {"bar_ms": BAR_MS},
        ),
        # ratio = ours(small) / ours(large) ≥ 1 / 1.5, i.e. ours(large) ≤ 1.5 × ours(small).
        Result(
            f"rapport_echelle_{nom}", g["ours"], p["ours"], "ms", round(1 / SCALE_MAX, 3),
            higher_is_better=False, extra={"scale_factor": facteur, "scale_max": SCALE_MAX},
        ),
    ]  # fmt: skip


@contextlib.contextmanager
def _base(server_dsn: str, taille: int, remplie: str | None) -> Iterator[str]:
    """A fresh database filled with `taille` activities, or the one named `remplie` on the
    same server, filled earlier by `remplir` with the same seed (`--remplies`)."""
    if remplie is not None:
        note(f"{taille:,} activities: database {remplie}, filled beforehand")
        yield with_database(server_dsn, remplie)
        return
    with fresh_database(server_dsn, "rapports") as dsn:
        debut = time.perf_counter()
        asyncio.run(remplir(dsn, taille, seed=6))
        note(f"{taille:,} activities ready in {time.perf_counter() - debut:.0f} s")
        yield dsn


def run(
    server_dsn: str,
    *,
    petite: int = 100_000,
    grande: int = 1_000_000,
    repetitions: int = 7,
    remplies: tuple[str, str] | None = None,
) -> list[Result]:
    mesures: dict[int, dict[str, dict[str, Any]]] = {}
    for rang, taille in enumerate((petite, grande)):
        with _base(server_dsn, taille, remplies[rang] if remplies else None) as dsn:
            mesures[taille] = asyncio.run(_mesurer_taille(dsn, repetitions))
            for nom, m in mesures[taille].items():
                note(
                    f"{taille:,} activities, {nom}: {m['activites']:,} in the région "
                    f"({m['accompagnements']:,} accompaniments, {m['suivis']:,} followed "
                    f"people): mesurer {m['ours']:.1f} ms, SQL {m['baseline']:.1f} ms, whole "
                    f"report {m['calculer']:.1f} ms; figures identical"
                )
    resultats: list[Result] = []
    for nom in PERIODES:
        resultats += _resultats(nom, mesures[petite][nom], mesures[grande][nom], petite, grande)
    return [report(r) for r in resultats]


async def _mesurer_taille(dsn: str, repetitions: int) -> dict[str, dict[str, Any]]:
    # Two connections, as a report of the server gets (calcul.snapshot_partage): the data
    # does not change during the bench, so they need no shared snapshot.
    conn, autre = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        return {
            nom: await mesurer_periode(conn, autre, periode, repetitions)
            for nom, periode in PERIODES.items()
        }
    finally:
        await autre.close()
        await conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument(
        "--remplies",
        nargs=2,
        metavar=("PETITE", "GRANDE"),
        help="measure these two databases of the bench server (MEDNUM_BENCH_DATABASE_URL), "
        "filled beforehand by bench.donnees_rapports.remplir with --small and --large "
        "activities, instead of filling fresh ones (filling 1M takes about an hour here)",
    )
    args = parser.parse_args(argv)
    sur_le_serveur(
        run,
        petite=args.small,
        grande=args.large,
        repetitions=args.repetitions,
        remplies=tuple(args.remplies) if args.remplies else None,
    )


if __name__ == "__main__":
    main()
