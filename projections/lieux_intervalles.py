"""The registry as it stood at any instant: `lieux_intervalles` (migration 0058), the validity
intervals of each place (projections/intervalles.py), folded with the `lieux` projection's
own fold (`row_from_recense`, `plier`)."""

from __future__ import annotations

from typing import Any

from domain.lieux.events import EVENEMENTS_LIEU, LieuRecense
from projections.intervalles import IntervallesProjection
from projections.lieux import plier, row_from_recense


class LieuxIntervallesProjection(IntervallesProjection):
    name = "lieux_intervalles"
    event_types = EVENEMENTS_LIEU
    table = "lieux_intervalles"
    tables = (table,)
    creation = LieuRecense
    # What the reports read of a place at a past instant (M1.1, M1.2, M1.3, M1.6, M1.7, the
    # report's map).
    suivis = (
        "code_insee",
        "departement",
        "ferme",
        "fusionne_dans",
        "verifie_le",
        "latitude",
        "longitude",
    )

    def etat_initial(self, event: Any) -> dict[str, Any]:
        return row_from_recense(event)  # no `fusionne_dans`: None

    def plier(self, etat: dict[str, Any], event: Any) -> None:
        plier(etat, event)
