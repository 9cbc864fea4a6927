"""Past one machine: a primary PostgreSQL and its streaming replica, two MedNum web processes
on them (`mednum serve`, as on two hosts behind a load balancer).

Written through one process, read through the other (from the replica, waiting for it to have
replayed the write, or from the primary when it lags); the projectors and the scheduler are led
by one process, and the other takes them over when the first is killed with `kill -9`; when
the replica goes down, reads go to the primary.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from mednum import accounts
from mednum.infra.database import prepare_database
from mednum.infra.election import SCHEDULER_LOCK, projection_lock
from projections.catalogue import all_projections
from tests.conftest import free_port
from tests.integration import grappe_pg
from tests.lieux_outils import CHAMPOLLION

pytestmark = pytest.mark.timeout(180)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A small budget, so that the connections counted below are those of the roles, not of pools.
BUDGET = {
    "MEDNUM_DB_POOL_SIZE": "3",
    "MEDNUM_READ_POOL_SIZE": "2",
    "MEDNUM_EVENT_STORE_POOL_SIZE": "2",
    "MEDNUM_EVENT_STORE_MAX_OVERFLOW": "1",
}
# Web pool, event store (pool and overflow), the read-your-writes LISTEN, the election.
BUDGET_EN_ATTENTE = 3 + (2 + 1) + 1 + 1
VERROUS = [projection_lock(p.name) for p in all_projections()] + [SCHEDULER_LOCK]


def attendre(condition: Callable[[], Any], quoi: str, delai: float = 60) -> Any:
    """Poll until `condition()` is truthy (a bounded wait, not a timed assertion)."""
    fin = time.monotonic() + delai
    while not (valeur := condition()):
        if time.monotonic() > fin:
            raise AssertionError(f"toujours pas : {quoi}")
        time.sleep(0.2)
    return valeur


def sql(dsn: str, requete: str, *args: Any) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(dsn)
        try:
            return list(await conn.fetch(requete, *args))
        finally:
            await conn.close()

    return asyncio.run(run())


def detenteurs(primaire: str) -> dict[str, str]:
    """Which process (its application_name) holds each leader lock, as the primary sees it."""
    cles = {}
    for cle in VERROUS:
        h = sql(primaire, "SELECT hashtext($1)::bigint AS h", cle)[0]["h"] & (2**64 - 1)
        cles[(h >> 32, h & 0xFFFFFFFF)] = cle
    lignes = sql(
        primaire,
        "SELECT a.application_name, l.classid::bigint AS c, l.objid::bigint AS o "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1",
    )
    tenus = {(r["c"], r["o"]): r["application_name"] for r in lignes}
    return {cle: tenus[numeros] for numeros, cle in cles.items() if numeros in tenus}


def menes_par(primaire: str, nom: str) -> bool:
    tenus = detenteurs(primaire)
    return all(tenus.get(cle) == nom for cle in VERROUS)


def connexions(primaire: str, nom: str) -> int:
    return len(sql(primaire, "SELECT 1 FROM pg_stat_activity WHERE application_name = $1", nom))


@contextmanager
def grappe() -> Iterator[tuple[grappe_pg.Instance, grappe_pg.Instance]]:
    pourquoi = grappe_pg.binaires_manquants()
    if pourquoi:
        pytest.skip(f"pas de réplique PostgreSQL possible ici : {pourquoi}")
    racine = Path(tempfile.mkdtemp(prefix="mnrep", dir="/tmp"))
    instances: list[grappe_pg.Instance] = []
    try:
        instances.append(grappe_pg.primaire(racine, free_port()))
        sql(instances[0].dsn("postgres"), "CREATE DATABASE mednum")
        asyncio.run(prepare_database(instances[0].dsn("mednum")))
        instances.append(grappe_pg.replique(instances[0], racine, free_port()))
        yield instances[0], instances[1]
    finally:
        for instance in reversed(instances):
            instance.arreter()
        grappe_pg.supprimer(racine)


class Processus:
    """`mednum serve` in a subprocess, on the primary and the replica."""

    def __init__(self, nom: str, primaire: grappe_pg.Instance, replique: grappe_pg.Instance):
        self.nom = nom
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.dossier = Path(tempfile.mkdtemp(prefix=f"mn{nom[-1]}", dir="/tmp"))
        env = os.environ | BUDGET
        env |= {
            "PYTHONPATH": str(PROJECT_ROOT),
            "MEDNUM_DATABASE_URL": primaire.dsn("mednum", application_name=nom),
            "MEDNUM_READ_DATABASE_URL": replique.dsn("mednum", application_name=nom + "-lecture"),
            "MEDNUM_HOST": "127.0.0.1",
            "MEDNUM_PORT": str(self.port),
            "MEDNUM_DATA_DIR": str(self.dossier),
            "MEDNUM_SECRET_KEY": "repliques-0123456789abcdef0123456789",
            "MEDNUM_TILES_URL": "",
        }
        self.journal = (self.dossier / "serve.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mednum.cli.main", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self.journal,
            stderr=subprocess.STDOUT,
        )

    def pret(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"{self.nom} s'est arrêté :\n{self.sortie()}")
        try:
            return httpx.get(self.url + "/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def sortie(self) -> str:
        self.journal.flush()
        return (self.dossier / "serve.log").read_text(errors="replace")[-4000:]

    def tuer(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def fermer(self) -> None:
        self.tuer()
        self.journal.close()
        grappe_pg.supprimer(self.dossier)


def recenser(processus: Processus, jeton: str, nom: str) -> dict[str, Any]:
    reponse = httpx.post(
        processus.url + "/api/v1/lieux",
        headers={"Authorization": f"Bearer {jeton}"},
        json=CHAMPOLLION
        | {
            "command_id": str(uuid.uuid4()),
            "nom": nom,
            "services": ["Aide aux démarches administratives"],
        },
        timeout=30,
    )
    assert reponse.status_code == 201, reponse.text
    resultat: dict[str, Any] = reponse.json()
    return resultat


def figer(processus: Processus, jeton: str) -> str:
    reponse = httpx.post(
        processus.url + "/api/v1/rapports",
        headers={"Authorization": f"Bearer {jeton}"},
        json={"territoire": "departement:21", "periode": "2026-01"},
        timeout=60,
    )
    assert reponse.status_code == 201, reponse.text
    return str(reponse.json()["id"])


def lire(processus: Processus, lieu_id: str, apres: int | None = None) -> httpx.Response:
    params = {} if apres is None else {"apres": apres}
    return httpx.get(f"{processus.url}/api/v1/lieux/{lieu_id}", params=params, timeout=30)


def jeton_coordinateur(primaire: str) -> str:
    async def run() -> str:
        conn = await asyncpg.connect(primaire)
        try:
            user = await accounts.create_user(
                conn, "coord@example.fr", "coordinateur", accounts.generate_password()
            )
            return await accounts.create_token(conn, user, "repliques")
        finally:
            await conn.close()

    return asyncio.run(run())


def test_two_processes_on_a_primary_and_its_replica_share_the_work_and_take_over() -> None:
    with grappe() as (primaire, replique):
        admin, lecture_admin = primaire.dsn("mednum"), replique.dsn("mednum")
        jeton = jeton_coordinateur(admin)
        a = b = None
        try:
            a = Processus("mednum-a", primaire, replique)
            attendre(a.pret, "A répond")
            attendre(lambda: menes_par(admin, "mednum-a"), "A mène projections et tâches")
            b = Processus("mednum-b", primaire, replique)
            attendre(b.pret, "B répond")
            # B stands by: no lock, and only its budget's connections on the primary.
            assert "mednum-b" not in detenteurs(admin).values()
            assert 0 < connexions(admin, "mednum-b") <= BUDGET_EN_ATTENTE
            assert connexions(lecture_admin, "mednum-b-lecture") >= 1

            # Written through A, read through B from the replica once it has replayed it.
            premier = recenser(a, jeton, "Médiathèque Champollion")
            lu = lire(b, premier["id"], premier["position"])
            assert lu.status_code == 200, lu.text
            assert lu.json()["nom"] == "Médiathèque Champollion"

            # The replica stops replaying: B's reads come from it (the new place is not
            # there), except a read after the write, which falls back to the primary.
            sql(lecture_admin, "SELECT pg_wal_replay_pause()")
            attendre(
                lambda: (
                    sql(lecture_admin, "SELECT pg_get_wal_replay_pause_state() AS e")[0]["e"]
                    == "paused"
                ),
                "réplique en pause",
            )
            second = recenser(a, jeton, "Tiers-lieu du Port")
            assert lire(b, second["id"]).status_code == 404
            lu = lire(b, second["id"], second["position"])
            assert lu.status_code == 200, lu.text
            assert lu.json()["nom"] == "Tiers-lieu du Port"
            # A report frozen meanwhile (a table, not an event): read on the primary too.
            rapport = figer(a, jeton)
            lu = httpx.get(
                f"{b.url}/api/v1/rapports/{rapport}",
                headers={"Authorization": f"Bearer {jeton}"},
                timeout=30,
            )
            assert lu.status_code == 200, lu.text
            sql(lecture_admin, "SELECT pg_wal_replay_resume()")

            # A dies without a word: B takes over every projection and the scheduler.
            a.tuer()
            attendre(lambda: menes_par(admin, "mednum-b"), "B mène à la place de A")
            troisieme = recenser(b, jeton, "Espace France services")
            lu = lire(b, troisieme["id"], troisieme["position"])
            assert lu.status_code == 200, lu.text
            assert lu.json()["nom"] == "Espace France services"

            # The replica goes down: B reads the primary instead, with or without `?apres=`.
            replique.arreter()
            assert lire(b, premier["id"]).status_code == 200
            assert lire(b, troisieme["id"], troisieme["position"]).status_code == 200
        except AssertionError:
            for p in (a, b):
                if p is not None:
                    print(f"--- {p.nom}\n{p.sortie()}")
            raise
        finally:
            for p in (a, b):
                if p is not None:
                    p.fermer()
