"""The embedded PostgreSQL, supervised: when its postmaster dies (`kill -9`, the OOM killer, a
crash), a watchdog thread starts it again, with a growing delay between failed attempts.

Meanwhile the site answers 503 (web/errors.py) and recovers by itself once the server is
back: connection pools replace their broken connections, projectors retry. Only the embedded
server is supervised; an external one (`MEDNUM_DATABASE_URL`) is its operator's business.
"""

from __future__ import annotations

import logging
import threading
import time

from mednum.infra.embedded_pg import EmbeddedPostgres, postmaster_vivant, relancer

logger = logging.getLogger(__name__)

INTERVALLE = 1.0  # seconds between two checks of the postmaster
ATTENTE_MAX = 30.0  # the longest wait between two failed restarts


class Superviseur:
    def __init__(
        self,
        pg: EmbeddedPostgres,
        *,
        intervalle: float = INTERVALLE,
        attente_max: float = ATTENTE_MAX,
    ) -> None:
        self.pg = pg
        self.intervalle = intervalle
        self.attente_max = attente_max
        self.redemarrages = 0
        self._arret = threading.Event()
        self._fil = threading.Thread(target=self._veiller, name="pg-superviseur", daemon=True)

    def demarrer(self) -> Superviseur:
        self._fil.start()
        return self

    def arreter(self) -> None:
        """Before the server is stopped on purpose: a stop is no crash."""
        self._arret.set()
        if self._fil.is_alive():
            self._fil.join(timeout=35)

    def _veiller(self) -> None:
        while not self._arret.wait(self.intervalle):
            if postmaster_vivant(self.pg.pgdata):
                continue
            self._relever()

    def _relever(self) -> None:
        debut = time.monotonic()
        attente = self.intervalle
        tentative = 0
        logger.error("PostgreSQL intégré arrêté (%s) : redémarrage", self.pg.pgdata)
        while not self._arret.is_set():
            tentative += 1
            try:
                pid = relancer(self.pg)
            except Exception as exc:  # any failure means: try again later
                logger.error(
                    "PostgreSQL intégré : tentative %s échouée (%s) ; nouvel essai dans %.0f s",
                    tentative,
                    exc,
                    attente,
                )
                self._arret.wait(attente)
                attente = min(attente * 2, self.attente_max)
                continue
            self.redemarrages += 1
            logger.warning(
                "PostgreSQL intégré redémarré (pid %s) après %.1f s, %s tentative(s)",
                pid,
                time.monotonic() - debut,
                tentative,
            )
            return
