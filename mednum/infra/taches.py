"""Background work started by a request and outliving it (a report's verification, a PDF):
asyncio tasks of this process, kept referenced until done and cancelled at shutdown.

Which work runs, and that it runs once, is decided in the database (a row per run), never
here: several web processes each hold their own `Taches`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class Taches:
    def __init__(self) -> None:
        self._en_cours: set[asyncio.Task[Any]] = set()

    def lancer(self, travail: Coroutine[Any, Any, Any], nom: str) -> None:
        tache = asyncio.create_task(travail, name=nom)
        self._en_cours.add(tache)
        tache.add_done_callback(self._termine)

    def en_cours(self, nom: str) -> bool:
        return any(tache.get_name() == nom for tache in self._en_cours)

    def _termine(self, tache: asyncio.Task[Any]) -> None:
        self._en_cours.discard(tache)
        if not tache.cancelled() and tache.exception() is not None:
            logger.error("background task %s failed", tache.get_name(), exc_info=tache.exception())

    async def arreter(self) -> None:
        """Cancel what still runs (each run records itself as interrupted) and wait for it."""
        for tache in list(self._en_cours):
            tache.cancel()
        if self._en_cours:
            await asyncio.gather(*self._en_cours, return_exceptions=True)
