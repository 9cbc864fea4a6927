"""Our opening-hours reading agrees with a maintained OSM `opening_hours` implementation
(`opening-hours-py`, the Python binding of the Rust `opening-hours` crate) on every week the
generator of `test_horaires` writes. The reference reads the text we store and export (our
canonical form: it is stricter with stray separators than our input is), and it opens and
closes at the same minutes as we do. The parser stays ours (French error messages, the
standard's subset); its meaning is the reference's.

One difference is known and kept: a span past midnight that spills into a day having its own
rule (« Fr 22:00-02:00; Sa 10:00-12:00 ») still runs into that morning for us, as the
place means it; the reference drops the spill. Such weeks are left out below and the
difference is pinned by its own test."""

from __future__ import annotations

import datetime

import opening_hours
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from domain.lieux.horaires import parse_horaires
from tests.unit.test_horaires import LUNDI, Regle, ecrire, est_ouvert, regles

# Days away from public holidays (none between 8 and 26 January 2024), so that the reference,
# which knows no holiday calendar here, and ours read the same weekdays.
DEBUT = LUNDI + datetime.timedelta(days=7)


def deborde_sur_un_jour_nomme(liste: list[Regle]) -> bool:
    """Whether a span past midnight runs into a day that a rule names."""
    nommes = {j for jours, *_ in liste for j in jours if j < 7}
    return any(
        fin > 1440 and (j + 1) % 7 in nommes
        for jours, spans, *_ in liste
        for j in jours
        if j < 7
        for _, fin in spans
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@given(regles, st.lists(st.tuples(st.integers(0, 13), st.integers(0, 1439)), min_size=1))
def test_our_reading_of_a_week_equals_the_osm_reference(
    liste: list[Regle], moments: list[tuple[int, int]]
) -> None:
    assume(not deborde_sur_un_jour_nomme(liste))
    texte = "".join(ecrire(r) + r[3] for r in liste)
    nous = parse_horaires(texte)
    reference = opening_hours.OpeningHours(nous.texte)
    for jour, minute in moments:
        moment = DEBUT + datetime.timedelta(days=jour, minutes=minute)
        assert est_ouvert(nous, moment) is reference.is_open(moment), (texte, moment)


@settings(max_examples=100, suppress_health_check=[HealthCheck.filter_too_much])
@given(regles)
def test_the_next_change_equals_the_osm_reference(liste: list[Regle]) -> None:
    assume(not deborde_sur_un_jour_nomme(liste))
    texte = "".join(ecrire(r) + r[3] for r in liste)
    nous = parse_horaires(texte)
    reference = opening_hours.OpeningHours(nous.texte)
    moment = DEBUT
    for _ in range(6):  # a few changes in a row, as a place page reads them
        attendu = reference.next_change(moment)
        if attendu is None or attendu > moment + datetime.timedelta(days=7):
            break
        assert est_ouvert(nous, attendu) is reference.is_open(attendu), (texte, attendu)
        juste_avant = attendu - datetime.timedelta(minutes=1)
        assert est_ouvert(nous, juste_avant) is reference.is_open(juste_avant), (texte, attendu)
        moment = attendu


def test_a_night_opening_runs_into_the_next_morning_even_when_that_day_has_hours() -> None:
    # given a Friday night opening and Saturday morning hours
    texte = "Fr 22:00-02:00; Sa 10:00-12:00"
    samedi_une_heure = DEBUT + datetime.timedelta(days=5, hours=1)
    # then we keep Friday's night open at 1 a.m. on Saturday; the reference does not
    assert est_ouvert(parse_horaires(texte), samedi_une_heure)
    assert not opening_hours.OpeningHours(texte).is_open(samedi_une_heure)
