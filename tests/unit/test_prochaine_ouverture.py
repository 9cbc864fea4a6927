"""Next opening or closing of a place, public holidays applied (dates handed in)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.lieux.horaires import JOUR, Horaires, parse_horaires
from domain.lieux.prochaine_ouverture import (
    HORIZON_JOURS,
    phrase,
    plages_du_jour,
    prochain_changement,
)

JEUDI = datetime.datetime(2026, 12, 24, 10, 0)  # Christmas Eve, a Thursday
NOEL = datetime.date(2026, 12, 25)
SEMAINE = "Mo-Fr 09:00-12:00,14:00-17:00"


def test_open_now_says_when_it_closes() -> None:
    changement = prochain_changement(parse_horaires(SEMAINE), JEUDI)
    assert phrase(changement, JEUDI.date()) == "Ouvert maintenant, ferme à 12 h"


def test_closed_says_when_it_opens_next() -> None:
    soir = JEUDI.replace(hour=18)
    changement = prochain_changement(parse_horaires(SEMAINE), soir)
    assert phrase(changement, soir.date()) == "Fermé maintenant, ouvre demain à 9 h"


def test_ph_off_closes_the_holiday_handed_in() -> None:
    horaires = parse_horaires(f"{SEMAINE}; PH off")
    soir = JEUDI.replace(hour=18)
    # Given Christmas as a holiday, the Friday is skipped: next opening is Monday.
    assert phrase(prochain_changement(horaires, soir, {NOEL}), soir.date()) == (
        "Fermé maintenant, ouvre lundi à 9 h"
    )
    noel = datetime.datetime(2026, 12, 25, 10, 30)
    assert phrase(prochain_changement(horaires, noel, {NOEL}), noel.date()) == (
        "Fermé aujourd’hui (jour férié), ouvre lundi à 9 h"
    )


def test_without_a_ph_rule_a_holiday_follows_its_weekday() -> None:
    noel = datetime.datetime(2026, 12, 25, 10, 30)
    changement = prochain_changement(parse_horaires(SEMAINE), noel, {NOEL})
    assert changement.ouvert and phrase(changement, noel.date()) == (
        "Ouvert maintenant, ferme à 12 h"
    )


def test_always_open_and_never_open() -> None:
    assert phrase(prochain_changement(parse_horaires("24/7"), JEUDI), JEUDI.date()) == (
        "Ouvert maintenant, 24 h sur 24"
    )
    ferme = prochain_changement(parse_horaires("off"), JEUDI)
    assert not ferme.ouvert and ferme.quand is None


def test_a_span_past_midnight_closes_the_next_day() -> None:
    horaires = parse_horaires("Th 20:00-02:00")
    soir = JEUDI.replace(hour=23, minute=15)
    assert phrase(prochain_changement(horaires, soir), soir.date()) == (
        "Ouvert maintenant, ferme demain à 2 h"
    )


# -- against a slow, obviously correct oracle: scan the minutes one by one ----------------------


def _ouvert_a(horaires: Horaires, t: datetime.datetime, feries: set[datetime.date]) -> bool:
    """Open at t: a span of t's date, or one of the day before running past midnight."""
    minute = t.hour * 60 + t.minute
    aujourdhui = plages_du_jour(horaires, t.date(), feries)
    veille = plages_du_jour(horaires, t.date() - datetime.timedelta(days=1), feries)
    return any(p.debut <= minute < p.fin for p in aujourdhui) or any(
        p.debut <= minute + JOUR < p.fin for p in veille
    )


_HEURES = st.integers(0, 47).map(lambda q: f"{q // 2:02d}:{30 * (q % 2):02d}")
# Spans the registry accepts: forward, or a night opening that ends by 06:00.
_PLAGE = (
    st.tuples(_HEURES, _HEURES)
    .filter(lambda p: p[0] < p[1] or (p[0] > p[1] and p[1] <= "06:00"))
    .map("-".join)
)
_REGLE = st.tuples(
    st.sampled_from(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "Mo-Fr", "Sa-Mo", "PH"]),
    st.one_of(st.just("off"), st.lists(_PLAGE, min_size=1, max_size=2).map(",".join)),
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    regles=st.lists(_REGLE, min_size=1, max_size=4),
    decalage=st.integers(0, 7 * JOUR // 30 - 1),
    feries=st.sets(st.integers(-1, HORIZON_JOURS), max_size=3),
)
def test_agrees_with_a_minute_by_minute_scan(
    regles: list[str], decalage: int, feries: set[int]
) -> None:
    horaires = parse_horaires("; ".join(regles))
    moment = datetime.datetime(2026, 3, 2) + datetime.timedelta(minutes=30 * decalage)
    dates = {moment.date() + datetime.timedelta(days=d) for d in feries}
    changement = prochain_changement(horaires, moment, dates)

    etat = _ouvert_a(horaires, moment, dates)
    assert changement.ouvert == etat
    fin = datetime.datetime.combine(moment.date(), datetime.time()) + datetime.timedelta(
        days=HORIZON_JOURS
    )
    t = moment
    while t < fin and _ouvert_a(horaires, t, dates) == etat:
        t += datetime.timedelta(minutes=1)
    assert changement.quand == (t if t < fin else None)
