"""The slots (days or half-days) of a session, from its dates or from the list given."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from domain.errors import DomainError
from domain.formations.commands import CreneauSaisi
from domain.formations.events import Creneau
from domain.formations.outils import date_fr
from domain.formations.referentiel import CRENEAUX_MAX, JOURS_CONSECUTIFS_MAX

_ORDRE = {"journee": 0, "matin": 1, "apres_midi": 2}


def creneaux_de_session(
    debut: date, fin: date, saisis: list[CreneauSaisi] | tuple[Creneau, ...]
) -> tuple[Creneau, ...]:
    """Without a list, every day from `debut` to `fin` is a full day; with one, its slots
    must lie between those dates, the first on `debut` and the last on `fin`."""
    if fin < debut:
        raise DomainError(
            f"La fin ({date_fr(fin)}) est avant le début ({date_fr(debut)}) : vérifiez les dates.",
            "fin",
        )
    if not saisis:
        jours = (fin - debut).days + 1
        if jours > JOURS_CONSECUTIFS_MAX:
            raise DomainError(
                f"La session s'étend sur {jours} jours : au-delà de {JOURS_CONSECUTIFS_MAX} "
                "jours consécutifs, indiquez la liste de ses journées ou demi-journées "
                "(champ creneaux).",
                "creneaux",
            )
        return tuple(Creneau(jour=debut + timedelta(days=n)) for n in range(jours))
    if len(saisis) > CRENEAUX_MAX:
        raise DomainError(f"Pas plus de {CRENEAUX_MAX} créneaux par session.", "creneaux")
    creneaux = sorted(
        {Creneau(jour=c.jour, moment=c.moment) for c in saisis},
        key=lambda c: (c.jour, _ORDRE[c.moment]),
    )
    for precedent, suivant in itertools.pairwise(creneaux):
        if precedent.jour == suivant.jour and "journee" in (precedent.moment, suivant.moment):
            raise DomainError(
                f"Le {date_fr(suivant.jour)} est à la fois une journée entière et une "
                "demi-journée : gardez l'un ou l'autre.",
                "creneaux",
            )
    if creneaux[0].jour != debut or creneaux[-1].jour != fin:
        raise DomainError(
            f"Les créneaux vont du {date_fr(creneaux[0].jour)} au {date_fr(creneaux[-1].jour)} "
            f"mais la session du {date_fr(debut)} au {date_fr(fin)} : le premier créneau doit "
            "tomber le jour du début et le dernier le jour de la fin.",
            "creneaux",
        )
    return tuple(creneaux)
