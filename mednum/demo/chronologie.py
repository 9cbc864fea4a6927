"""When the demo's records were written: each command runs with the hub's clock set to the
day it would have happened, so that its events carry that past instant (the as-of read
models, projections/intervalles.py, date a record's state by its events' timestamps).

Only the demo (and tests) build a hub with another clock: the web's hub reads the real one.
A record's events must keep increasing timestamps; `Chronologie` keeps each record's steps in
order, whatever day their business dates would put them on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from mednum.services.executeur import Hub

PARIS = ZoneInfo("Europe/Paris")
PAS = timedelta(minutes=1)
"""The least time between two steps of one record."""


def instant(jour: date, heure: int = 10) -> datetime:
    """`jour` at `heure` o'clock in Paris, as a UTC instant."""
    return datetime.combine(jour, time(heure), tzinfo=PARIS).astimezone(UTC)


def au(hub: Hub, moment: datetime) -> Hub:
    """The hub with its clock stopped at `moment`, never later than the hub's own clock: the
    demo writes nothing in the future."""
    fige = min(moment, hub.clock())
    return Hub(hub.app, hub.communes, clock=lambda: fige)


def cree_le(hub: Hub, record_id: UUID) -> datetime | None:
    """When the record's first event was written (None if there is no such record)."""
    events = hub.events(record_id)
    return events[0].timestamp if events else None


def plus_tard(*moments: datetime | None) -> datetime:
    return max(m for m in moments if m is not None)


class Chronologie:
    """One record's steps, each wanted at an instant: run in that order, each at least `PAS`
    after the one before (a step whose business date falls before an earlier step's recording
    is recorded just after it, as a back-dated entry would be)."""

    def __init__(self, hub: Hub, debut: datetime) -> None:
        self.hub = hub
        self.dernier = debut
        self._etapes: list[tuple[datetime, int, Callable[[Hub], Any]]] = []

    def ajouter(self, moment: datetime, etape: Callable[[Hub], Any]) -> None:
        self._etapes.append((moment, len(self._etapes), etape))

    def derouler(self) -> list[Any]:
        """Run the steps in time order; returns what each answered."""
        reponses = []
        for moment, _, etape in sorted(self._etapes, key=lambda e: (e[0], e[1])):
            self.dernier = max(moment, self.dernier + PAS)
            reponses.append(etape(au(self.hub, self.dernier)))
        self._etapes.clear()
        return reponses
