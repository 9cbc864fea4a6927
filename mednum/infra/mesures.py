"""The process's metrics, in Prometheus' text format (version 0.0.4), without a dependency:
request counts and latency per route, errors, scheduled job runs. Gauges read at scrape time
(projector lag) are passed to `texte()` by the endpoint.

One registry per process: with several processes, Prometheus scrapes each one."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

BORNES = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0)


def _etiquettes(**valeurs: str) -> str:
    def echapper(v: str) -> str:
        return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return "{" + ",".join(f'{k}="{echapper(v)}"' for k, v in valeurs.items()) + "}"


class Mesures:
    def __init__(self) -> None:
        self._verrou = threading.Lock()
        self.requetes: Counter[tuple[str, str, str]] = Counter()
        self.cumuls: dict[str, list[int]] = {}  # route → cumulative counts per bound, then +Inf
        self.sommes: dict[str, float] = {}
        self.erreurs: Counter[str] = Counter()
        self.jobs: Counter[tuple[str, str]] = Counter()

    def requete(self, methode: str, route: str, statut: int, duree: float) -> None:
        with self._verrou:
            self.requetes[(methode, route, str(statut))] += 1
            cumuls = self.cumuls.setdefault(route, [0] * (len(BORNES) + 1))
            for i, borne in enumerate(BORNES):
                if duree <= borne:
                    cumuls[i] += 1
            cumuls[-1] += 1
            self.sommes[route] = self.sommes.get(route, 0.0) + duree

    def erreur(self, genre: str) -> None:
        with self._verrou:
            self.erreurs[genre] += 1

    def job(self, nom: str, resultat: str) -> None:
        with self._verrou:
            self.jobs[(nom, resultat)] += 1

    def texte(self, retards: Iterable[tuple[str, int]] = ()) -> str:
        lignes: list[str] = []

        def famille(nom: str, genre: str, aide: str) -> None:
            lignes.append(f"# HELP {nom} {aide}")
            lignes.append(f"# TYPE {nom} {genre}")

        with self._verrou:
            famille("mednum_http_requests_total", "counter", "HTTP requests answered.")
            for (methode, route, statut), n in sorted(self.requetes.items()):
                e = _etiquettes(method=methode, route=route, status=statut)
                lignes.append(f"mednum_http_requests_total{e} {n}")
            famille(
                "mednum_http_request_duration_seconds", "histogram", "Time to answer, by route."
            )
            for route, cumuls in sorted(self.cumuls.items()):
                nom = "mednum_http_request_duration_seconds"
                for borne, n in zip((*map(str, BORNES), "+Inf"), cumuls, strict=True):
                    lignes.append(f"{nom}_bucket{_etiquettes(route=route, le=borne)} {n}")
                lignes.append(f"{nom}_sum{_etiquettes(route=route)} {self.sommes[route]:.6f}")
                lignes.append(f"{nom}_count{_etiquettes(route=route)} {cumuls[-1]}")
            famille(
                "mednum_errors_total",
                "counter",
                "Requests that failed: database unavailable (503) or unexpected (500).",
            )
            for genre, n in sorted(self.erreurs.items()):
                lignes.append(f"mednum_errors_total{_etiquettes(kind=genre)} {n}")
            famille(
                "mednum_job_runs_total",
                "counter",
                "Scheduled job runs: ran, postponed (read models behind), elsewhere "
                "(another process holds the lock), failed.",
            )
            for (nom, resultat), n in sorted(self.jobs.items()):
                lignes.append(f"mednum_job_runs_total{_etiquettes(job=nom, result=resultat)} {n}")
        famille(
            "mednum_projection_lag_events",
            "gauge",
            "Events of the log not yet applied to each read model.",
        )
        for nom, retard in retards:
            lignes.append(f"mednum_projection_lag_events{_etiquettes(projection=nom)} {retard}")
        return "\n".join(lignes) + "\n"


MESURES = Mesures()
