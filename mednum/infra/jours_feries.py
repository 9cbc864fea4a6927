"""Public holidays for a place, from the maintained `holidays` calendar (France), handed to
the pure opening-hours rules in domain/lieux/prochaine_ouverture.py as plain dates.

Alsace-Moselle keeps two more days (Good Friday, 26 December): `holidays` knows them as the
subdivisions « 57 » (Moselle) and « 6AE » (Bas-Rhin and Haut-Rhin); overseas départements have
their own (abolition of slavery), under their own codes.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_SUBDIVISIONS = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    **{d: d for d in ("971", "972", "973", "974", "976")},
}


def subdivision(departement: str | None) -> str | None:
    return _SUBDIVISIONS.get(departement or "")


@lru_cache(maxsize=256)
def _annee(annee: int, subdiv: str | None) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("FR", subdiv=subdiv, years=annee))


@lru_cache(maxsize=1024)
def jours_feries(
    departement: str | None, debut: datetime.date, jours: int = 10
) -> frozenset[datetime.date]:
    """The public holidays from `debut` (the day before included) over `jours` days, for a
    place in `departement` (« 21 », « 67 »…; unknown or None: mainland France).

    Cached: a regional map asks it of each of 20,000 places, from a few départements."""
    subdiv = subdivision(departement)
    premier, dernier = debut - datetime.timedelta(days=1), debut + datetime.timedelta(days=jours)
    dates = _annee(premier.year, subdiv) | _annee(dernier.year, subdiv)
    return frozenset(d for d in dates if premier <= d <= dernier)
