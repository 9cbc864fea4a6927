"""When a place opens or closes next, said the way a citizen reads it on a place page:
« Ouvert maintenant, ferme à 17 h », « Fermé maintenant, ouvre mardi à 9 h ».

Public holidays are dates handed in by the caller (an adapter in mednum/ knows the calendar,
including Alsace-Moselle's extra days); on such a date the `PH` spans replace the weekday's
when the hours have a `PH` rule (`PH off`: closed), and the weekday's apply otherwise. This
is the one reading of « open now / opens next » in MedNum: place pages, the map's list and
its « Ouvert maintenant » filter (projections/ouverture.py) and orientation's ranking
(domain/orientation/classement.py) all go through `prochain_changement`. A span running
past midnight belongs to its start day, holiday or not.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from domain.lieux.horaires import JOUR, Horaires, Plage
from domain.lieux.horaires_erreurs import NOMS_JOURS

HORIZON_JOURS = 8
"""How far ahead a next opening is looked for (a weekly schedule repeats after 7 days; one
more covers a holiday that closes the only opening day of the week)."""


@dataclass(frozen=True, slots=True)
class ProchainChangement:
    """`ouvert` at the moment asked; `quand` is the next closing (if open) or opening (if
    closed), `None` when nothing changes within the horizon (always open, or never open)."""

    ouvert: bool
    quand: datetime.datetime | None
    ferie_aujourdhui: bool = False


def plages_du_jour(
    horaires: Horaires, jour: datetime.date, feries: Collection[datetime.date]
) -> tuple[Plage, ...]:
    """The spans of that date, holidays applied."""
    if jour in feries and horaires.jours_feries is not None:
        return horaires.jours_feries
    return horaires.semaine[jour.weekday()]


def _intervalles(
    horaires: Horaires, debut: datetime.date, feries: Collection[datetime.date]
) -> list[tuple[int, int]]:
    """Open intervals in minutes from `debut` 00:00, from the day before to the horizon,
    merged when they touch (a 24/7 week is one interval)."""
    bruts = sorted(
        (d * JOUR + p.debut, d * JOUR + p.fin)
        for d in range(-1, HORIZON_JOURS + 1)
        for p in plages_du_jour(horaires, debut + datetime.timedelta(days=d), feries)
    )
    fusionnes: list[tuple[int, int]] = []
    for a, b in bruts:
        if fusionnes and a <= fusionnes[-1][1]:
            fusionnes[-1] = (fusionnes[-1][0], max(fusionnes[-1][1], b))
        else:
            fusionnes.append((a, b))
    return fusionnes


def prochain_changement(
    horaires: Horaires, moment: datetime.datetime, feries: Collection[datetime.date] = ()
) -> ProchainChangement:
    """Whether open at `moment` (its wall-clock time) and when that changes next."""
    jour = moment.date()
    minute = moment.hour * 60 + moment.minute
    limite = HORIZON_JOURS * JOUR
    origine = datetime.datetime.combine(jour, datetime.time(), tzinfo=moment.tzinfo)
    ferie = jour in feries

    def instant(m: int) -> datetime.datetime:
        return origine + datetime.timedelta(minutes=m)

    for a, b in _intervalles(horaires, jour, feries):
        if a <= minute < b:
            return ProchainChangement(True, instant(b) if b < limite else None, ferie)
        if a > minute:
            return ProchainChangement(False, instant(a) if a < limite else None, ferie)
    return ProchainChangement(False, None, ferie)


def attente(changement: ProchainChangement, moment: datetime.datetime) -> int | None:
    """Minutes from `moment` (to the minute) until the place is open: 0 when open now, None
    when it does not open within the horizon."""
    if changement.ouvert:
        return 0
    if changement.quand is None:
        return None
    debut = moment.replace(second=0, microsecond=0)
    return int((changement.quand - debut).total_seconds()) // 60


def _heure(moment: datetime.datetime) -> str:
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _jour(moment: datetime.datetime, aujourdhui: datetime.date) -> str:
    ecart = (moment.date() - aujourdhui).days
    if ecart == 0:
        return ""
    if ecart == 1:
        return "demain "
    nom = NOMS_JOURS[moment.weekday()]
    return f"{nom} " if ecart < 7 else f"{nom} {moment:%d/%m} "


def phrase(changement: ProchainChangement, aujourdhui: datetime.date) -> str:
    """In French, for a citizen."""
    quand = changement.quand
    if changement.ouvert:
        if quand is None:
            return "Ouvert maintenant, 24 h sur 24"
        return f"Ouvert maintenant, ferme {_jour(quand, aujourdhui)}à {_heure(quand)}"
    debut = "Fermé aujourd’hui (jour férié)" if changement.ferie_aujourdhui else "Fermé maintenant"
    if quand is None:
        return f"{debut}, pas d’ouverture prévue dans les prochains jours"
    jour = _jour(quand, aujourdhui) or "aujourd’hui "
    return f"{debut}, ouvre {jour}à {_heure(quand)}"
