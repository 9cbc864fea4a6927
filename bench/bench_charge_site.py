"""The whole site under load (issue 17, item 8): how many simultaneous visitors one machine
serves with p95 ≤ 200 ms over the whole mix and no failed request (0 × 5xx, 0 × 4xx).

    python -m bench.bench_charge_site [--paliers 1,2,4,8,16] [--secondes 30]
    python -m bench.run --only site

The real app (uvicorn in a subprocess, projectors running) on a fresh database holding the
demo registry (300 places) and a year of mediation of a smaller demo (1,000 people, 10
mediators), a mediator's and a financeur's accounts, and a report frozen for Côte-d'Or. Then
Locust, headless on the loopback (bench/locustfile_site.py), for each step of users in turn:
citizens (map, place pages, orientation questionnaire), mediators (session form, then
`POST /api/v1/activites`) and financeurs (reports list, a frozen report), weights 14 : 5 : 1.
The search stops after the first step that misses the bar.

Result `charge_site`: ours = the throughput (requests/s) at the largest step that holds the bar;
baseline = the throughput of one user alone (same run), so the ratio says how far the site
scales on this machine before the bar breaks. Absolute figures are for information: the
client, the server and PostgreSQL share the same two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import secrets
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import psutil

from bench.charge import running_server
from bench.charge_site_etape import Etape, lancer
from bench.charge_site_parcours import (
    Compte,
    JeuDeDonnees,
    LieuDuJeu,
    NavigateurHttpx,
    visite_complete,
)
from bench.common import CpuMeter, Result, fresh_database, note, report, settle, sur_le_serveur
from mednum import accounts
from mednum.demo.lieux import load_demo
from mednum.demo.mediation import load_demo_mediation
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.jobs.garde import en_retard
from mednum.services.executeur import Hub
from projections.catalogue import all_projections

P95_MAX_MS = 200.0
GOAL = 5.0  # our choice: at the bar, at least five times what one visitor alone gets
PALIERS = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64)
TERRITOIRE = ("departement", "21")


def charger(dsn: str, lieux: int, personnes: int, jours: int) -> None:
    """The demo registry and a smaller demo mediation, through the real commands."""
    app = open_event_store(dsn)
    try:
        hub = Hub(app, referentiel_communes())
        ids, _ = load_demo(hub, lieux)
        load_demo_mediation(hub, ids, nb_personnes=personnes, nb_mediateurs=10, nb_jours=jours)
    finally:
        app.close()


async def comptes(dsn: str) -> tuple[Compte, Compte, str]:
    """A mediator, a financeur of Côte-d'Or, and a coordinator's API token (to freeze)."""
    conn = await asyncpg.connect(dsn)
    try:
        mediateur = Compte("mediatrice.charge@mednum.example", secrets.token_urlsafe(12))
        financeur = Compte("financeur.charge@mednum.example", secrets.token_urlsafe(12))
        await accounts.create_user(conn, mediateur.email, "mediateur", mediateur.password)
        await accounts.create_user(
            conn, financeur.email, "financeur", financeur.password, perimetre=TERRITOIRE
        )
        coordination = await accounts.create_user(
            conn, "coordination.charge@mednum.example", "coordinateur", secrets.token_urlsafe(12)
        )
        return mediateur, financeur, await accounts.create_token(conn, coordination, "charge")
    finally:
        await conn.close()


async def attendre_projections(dsn: str, limite_s: float = 600) -> None:
    noms = [p.name for p in all_projections()]
    conn = await asyncpg.connect(dsn)
    try:
        fin = time.monotonic() + limite_s
        while retard := await en_retard(conn, noms, tolerance=0):
            if time.monotonic() > fin:
                raise RuntimeError(f"read models still behind after {limite_s:.0f} s: {retard}")
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def nombre_evenements(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM mednum_events"))
    finally:
        await conn.close()


async def lieux_du_jeu(dsn: str, nombre: int = 200) -> list[LieuDuJeu]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT id::text, commune, code_insee, code_postal FROM lieux "
            "WHERE NOT ferme AND fusionne_dans IS NULL ORDER BY id LIMIT $1",
            nombre,
        )
    finally:
        await conn.close()
    return [LieuDuJeu(r["id"], r["commune"], r["code_insee"], r["code_postal"]) for r in rows]


def geler_rapport(url: str, jeton: str) -> str:
    """The report of last month for Côte-d'Or, frozen by the coordinator through the API."""
    mois = dt.datetime.now(ZoneInfo("Europe/Paris")).date().replace(day=1) - dt.timedelta(days=1)
    reponse = httpx.post(
        f"{url}/api/v1/rapports",
        json={"territoire": ":".join(TERRITOIRE), "periode": f"{mois:%Y-%m}"},
        headers={"Authorization": f"Bearer {jeton}"},
        timeout=120,
    )
    if reponse.status_code != 201:
        raise RuntimeError(f"report not frozen: {reponse.status_code} {reponse.text[:300]}")
    return str(reponse.json()["id"])


def echauffer(url: str, jeu: JeuDeDonnees, fois: int = 3) -> None:
    """Every request a few times before measuring (caches, first renderings); any answer
    other than a 2xx stops the bench: it would measure error pages."""
    for _ in range(fois):
        with (
            httpx.Client(base_url=url, timeout=60) as a,
            httpx.Client(base_url=url, timeout=60) as b,
            httpx.Client(base_url=url, timeout=60) as c,
        ):
            visite_complete(NavigateurHttpx(a), NavigateurHttpx(b), NavigateurHttpx(c), jeu)


class Occupation:
    """Cores kept busy during a step: by the server, by PostgreSQL, and by the whole machine
    (Locust and the other work on this shared machine included)."""

    def __init__(self, meter: CpuMeter) -> None:
        self.meter = meter
        self.debut = (time.perf_counter(), meter.sample(), _occupee())

    def fin(self) -> dict[str, float]:
        duree = time.perf_counter() - self.debut[0]
        _, serveur, postgres = self.meter.sample()
        _, serveur_0, postgres_0 = self.debut[1]
        return {
            "server_cores": ((serveur or 0) - (serveur_0 or 0)) / duree,
            "postgres_cores": ((postgres or 0) - (postgres_0 or 0)) / duree,
            "machine_cores": (_occupee() - self.debut[2]) / duree,
        }


def _occupee() -> float:
    temps = psutil.cpu_times()
    return float(sum(temps) - temps.idle - getattr(temps, "iowait", 0.0))


def afficher(etape: Etape, cpu: dict[str, float]) -> None:
    verdict = "holds" if etape.tient(P95_MAX_MS) else "MISSES the bar"
    note(
        f"{etape.utilisateurs:>3} users: {etape.par_seconde:7.1f} req/s, "
        f"p50 {etape.p50_ms:.0f} ms, p95 {etape.p95_ms:.0f} ms, {etape.requetes} requests, "
        f"{etape.echecs} failed ({etape.erreurs_5xx} × 5xx): {verdict}"
    )
    cpu_ms = (cpu["server_cores"] + cpu["postgres_cores"]) * 1000 / max(etape.par_seconde, 1e-9)
    note(
        f"      busy cores: server {cpu['server_cores']:.2f}, PostgreSQL "
        f"{cpu['postgres_cores']:.2f}, whole machine {cpu['machine_cores']:.2f} of "
        f"{psutil.cpu_count()} (≈ {cpu_ms:.0f} ms of server + PostgreSQL CPU per request)"
    )
    for g in etape.groupes:
        note(
            f"      {g.nom:<42} {g.requetes:>6} req {g.par_seconde:6.1f}/s "
            f"p50 {g.p50_ms:5.0f} ms p95 {g.p95_ms:5.0f} ms  {g.echecs} failed"
        )
    for echec in etape.premiers_echecs:
        note(f"      {echec}")


def run(
    server_dsn: str,
    *,
    paliers: tuple[int, ...] = PALIERS,
    secondes: int = 30,
    lieux: int = 300,
    personnes: int = 1000,
    jours: int = 365,
) -> Result:
    print(
        f"charge_site: Locust on the loopback, steps {paliers} users × {secondes} s "
        f"(bar: p95 ≤ {P95_MAX_MS:g} ms, no failed request)",
        flush=True,
    )
    with fresh_database(server_dsn, "site") as dsn, tempfile.TemporaryDirectory() as dossier:
        debut = time.perf_counter()
        charger(dsn, lieux, personnes, jours)
        mediateur, financeur, jeton = asyncio.run(comptes(dsn))
        with running_server(dsn) as server:
            asyncio.run(attendre_projections(dsn))
            rapport = geler_rapport(server.url, jeton)
            asyncio.run(settle(dsn, "lieux", "activites", "mednum_events"))
            jeu = JeuDeDonnees(
                lieux=asyncio.run(lieux_du_jeu(dsn)),
                mediateur=mediateur,
                financeur=financeur,
                rapport_id=rapport,
            )
            chemin = Path(dossier) / "jeu.json"
            jeu.ecrire(chemin)
            echauffer(server.url, jeu)
            evenements = asyncio.run(nombre_evenements(dsn))
            note(f"data ready in {time.perf_counter() - debut:.0f} s: {evenements:,} events")
            etapes: list[Etape] = []
            cpus: list[dict[str, float]] = []
            meter = CpuMeter(dsn, server.pid)
            for utilisateurs in paliers:
                occupation = Occupation(meter)
                etapes.append(lancer(server.url, chemin, utilisateurs, secondes))
                cpus.append(occupation.fin())
                afficher(etapes[-1], cpus[-1])
                if not etapes[-1].tient(P95_MAX_MS):
                    break
    tenues = [e for e in etapes if e.tient(P95_MAX_MS)]
    meilleure = tenues[-1] if tenues else None
    seul = etapes[0]
    return report(
        Result(
            name="charge_site",
            ours=meilleure.par_seconde if meilleure else 0.0,
            baseline=seul.par_seconde,
            unit="req/s",
            goal=GOAL,
            extra={
                "capacity_users": meilleure.utilisateurs if meilleure else 0,
                "p95_bar_ms": P95_MAX_MS,
                "ours_p50_ms": meilleure.p50_ms if meilleure else float("nan"),
                "ours_p95_ms": meilleure.p95_ms if meilleure else float("nan"),
                "steps": [
                    {
                        "users": e.utilisateurs,
                        "req_per_s": e.par_seconde,
                        "p95_ms": e.p95_ms,
                        "failed": e.echecs,
                        "errors_5xx": e.erreurs_5xx,
                        "groups_p95_ms": {g.nom: g.p95_ms for g in e.groupes},
                        **cpu,
                    }
                    for e, cpu in zip(etapes, cpus, strict=True)
                ],
                "data": {
                    "places": lieux,
                    "people": personnes,
                    "days": jours,
                    "events": evenements,
                },
            },
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paliers", default=",".join(map(str, PALIERS)))
    parser.add_argument("--secondes", type=int, default=30)
    parser.add_argument("--lieux", type=int, default=300)
    parser.add_argument("--personnes", type=int, default=1000)
    parser.add_argument("--jours", type=int, default=365)
    args = parser.parse_args(argv)
    paliers = tuple(int(n) for n in args.paliers.split(","))
    sur_le_serveur(
        run,
        paliers=paliers,
        secondes=args.secondes,
        lieux=args.lieux,
        personnes=args.personnes,
        jours=args.jours,
    )


if __name__ == "__main__":
    main()
