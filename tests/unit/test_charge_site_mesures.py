"""The load test's verdict per step (bench/charge_site_etape.py): logins left out of the
mix's figures but not of its failures, 5xx told from 4xx, and any failure breaks the bar."""

from __future__ import annotations

from bench.charge_site_etape import CONNEXION, EXCEPTION, mesurer

CARTE = "citoyen: carte (recherche d'une commune)"


def test_logins_are_left_out_of_the_mix_but_not_of_the_failures() -> None:
    # given 19 fast map pages, one slow one, and two slow logins over 10 s
    requetes = [[CARTE, 10.0 + i, 200, None] for i in range(19)] + [[CARTE, 150.0, 200, None]]
    requetes += [[CONNEXION, 900.0, 200, None], [CONNEXION, 950.0, 200, None]]
    # when the step is measured
    etape = mesurer(4, 10.0, requetes)
    # then the mix is the 20 pages (2 per second), its p95 ignores the logins; the bar holds
    assert (etape.requetes, etape.par_seconde) == (20, 2.0)
    assert etape.p95_ms < 200 and etape.echecs == 0 and etape.tient(200)
    assert {g.nom: g.requetes for g in etape.groupes} == {CARTE: 19 + 1, CONNEXION: 2}
    # and a p95 above the bar breaks it
    assert not mesurer(4, 10.0, [[CARTE, 250.0, 200, None]] * 20).tient(200)


def test_any_failed_request_breaks_the_bar_and_5xx_are_counted_apart() -> None:
    bon = [[CARTE, 10.0, 200, None]] * 20
    for ajout, echecs, cinq_cents in (
        ([CARTE, 12.0, 500, None], 1, 1),
        ([CARTE, 12.0, 404, None], 1, 0),
        ([CONNEXION, 12.0, 503, None], 1, 1),  # a failed login counts too
        ([CARTE, 12.0, 0, "ConnectionRefusedError()"], 1, 0),
        ([EXCEPTION, 0.0, 0, "AssertionError('no CSRF field')"], 1, 0),
        ([CARTE, 12.0, 302, None], 0, 0),
    ):
        etape = mesurer(4, 10.0, [*bon, ajout])
        assert (etape.echecs, etape.erreurs_5xx) == (echecs, cinq_cents), ajout
        assert etape.tient(200) is (echecs == 0)
