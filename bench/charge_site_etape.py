"""One step of the whole-site load test: Locust headless in a subprocess for a given number of
users and a given time, on the loopback, and its figures.

Locust runs in its own process (bench/locustfile_site.py writes every request's figures to a
JSON file for this module) because it monkey-patches the standard library with gevent,
which asyncio, asyncpg and uvicorn in the bench process must not see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from bench.charge_site_parcours import GROUPES
from bench.common import BENCH_DIR, percentile

LOCUSTFILE = BENCH_DIR / "locustfile_site.py"
RAMPE_S = 2  # every user started within this time
ATTENTE_S = 5  # then the figures restart, once the logins are over
CONNEXION = GROUPES[4]
EXCEPTION = "exception"  # a task that raised (e.g. a page without its form): a failure


class Groupe(msgspec.Struct):
    nom: str
    requetes: int
    echecs: int
    par_seconde: float
    p50_ms: float
    p95_ms: float


class Etape(msgspec.Struct):
    """A step's figures; `requetes`, `par_seconde`, `p50_ms` and `p95_ms` are the mix's,
    logins left out; `echecs` and `erreurs_5xx` count every request, logins included."""

    utilisateurs: int
    secondes: float
    requetes: int
    par_seconde: float
    p50_ms: float
    p95_ms: float
    echecs: int
    erreurs_5xx: int
    groupes: list[Groupe]
    premiers_echecs: list[str]

    def tient(self, p95_max_ms: float) -> bool:
        """The bar: p95 of the whole mix within `p95_max_ms`, no failed request at all (no 5xx,
        no 4xx either: an error page measured would flatter the figures)."""
        return self.requetes > 0 and self.p95_ms <= p95_max_ms and self.echecs == 0


def lancer(url: str, jeu: Path, utilisateurs: int, secondes: int) -> Etape:
    """Locust headless against `url` (a loopback address): every user started in RAMPE_S,
    then ATTENTE_S of logins and settling, then `secondes` measured."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the load test only targets the loopback")
    with tempfile.TemporaryDirectory(prefix="mednum-locust-") as dossier:
        mesures = Path(dossier) / "requetes.json"
        commande = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(utilisateurs),
            "--spawn-rate",
            str(max(1, utilisateurs / RAMPE_S)),
            "--run-time",
            f"{RAMPE_S + ATTENTE_S + secondes}s",
            "--stop-timeout",
            "10",
            "--host",
            url,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ]
        sortie = subprocess.run(
            commande,
            cwd=BENCH_DIR.parent,
            env=os.environ
            | {
                "MEDNUM_CHARGE_JEU": str(jeu),
                "MEDNUM_CHARGE_MESURES": str(mesures),
                "MEDNUM_CHARGE_ATTENTE": str(ATTENTE_S),
                "MEDNUM_CHARGE_FINANCEURS": "1" if utilisateurs >= 4 else "0",
            },
            capture_output=True,
            text=True,
            timeout=RAMPE_S + ATTENTE_S + secondes + 120,
            check=False,
        )
        if sortie.returncode != 0 or not mesures.exists():
            raise RuntimeError(f"locust failed ({sortie.returncode}):\n{sortie.stderr[-3000:]}")
        donnees = json.loads(mesures.read_text())
        return mesurer(utilisateurs, donnees["secondes"], donnees["requetes"])


def mesurer(utilisateurs: int, secondes: float, requetes: list[list[Any]]) -> Etape:
    """The step's figures from every request's (group, ms, status, error). Logins are left
    out of the mix's figures (one a day per person; slow on purpose: Argon2) and shown apart."""
    par_groupe: dict[str, list[list[Any]]] = {}
    for requete in requetes:
        par_groupe.setdefault(requete[0], []).append(requete)
    groupes = [_groupe(nom, lignes, secondes) for nom, lignes in sorted(par_groupe.items())]
    mix = [r for r in requetes if r[0] not in (CONNEXION, EXCEPTION)]
    echecs = [r for r in requetes if _echoue(r)]
    return Etape(
        utilisateurs=utilisateurs,
        secondes=secondes,
        requetes=len(mix),
        par_seconde=len(mix) / secondes if secondes else 0.0,
        p50_ms=percentile([r[1] for r in mix], 50),
        p95_ms=percentile([r[1] for r in mix], 95),
        echecs=len(echecs),
        erreurs_5xx=sum(1 for r in requetes if r[2] >= 500),
        groupes=groupes,
        premiers_echecs=[f"{r[0]}: {r[2]} {r[3] or ''}"[:300] for r in echecs[:3]],
    )


def _echoue(requete: list[Any]) -> bool:
    """An error raised, or an answer that is neither a success nor a redirect."""
    return requete[3] is not None or not 200 <= requete[2] < 400


def _groupe(nom: str, lignes: list[list[Any]], secondes: float) -> Groupe:
    temps = [r[1] for r in lignes]
    return Groupe(
        nom=nom,
        requetes=len(lignes),
        echecs=sum(1 for r in lignes if _echoue(r)),
        par_seconde=len(lignes) / secondes if secondes else 0.0,
        p50_ms=percentile(temps, 50),
        p95_ms=percentile(temps, 95),
    )
