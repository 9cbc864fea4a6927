"""The next step of every proposal: places that fit first, then the search widened or the
person's constraints set aside (saying what to ask for), never nothing."""

from __future__ import annotations

import datetime

from domain.lieux.horaires import parse_horaires
from domain.lieux.prochaine_ouverture import attente, prochain_changement
from domain.orientation.classement import Moment
from domain.orientation.moteur import Situation, proposer
from domain.orientation.suite import ALLO_SERVICE_PUBLIC, prochaine_etape
from tests.unit.test_orientation_classement import lieu

DEMARCHES = "Aide aux démarches administratives"
VENDREDI_SOIR = Moment(datetime.datetime(2024, 1, 5, 19, 0))
JEUDI_30_AVRIL_SOIR = datetime.datetime(2026, 4, 30, 19, 0)  # the next day is 1 May


def test_r1_finds_a_place_where_an_habilitated_aidant_works() -> None:
    # given « faites-le pour moi », a place that declares nothing but where an aidant
    # habilitated to Aidants Connect works, and a France Services without the service listed
    r1 = proposer(Situation(niveau=2, drapeaux=("souhaite_qu_on_fasse_pour_lui",)))[0]
    aidant = lieu(1, 1.0, services=[DEMARCHES], aidants_habilites=2)
    france_services = lieu(2, 3.0, services=[], dispositif_programmes_nationaux=["France Services"])
    ordinaire = lieu(3, 0.5, services=[DEMARCHES])
    # when the next step is looked for
    suite = prochaine_etape(r1, [ordinaire, aidant, france_services], rayon_km=20)
    # then both fitting places, nothing given up, the aidants said
    assert [p.id.int for p in suite.lieux] == [1, 2]
    assert suite.messages == () and suite.elargi_km is None
    assert "2 aidants habilités Aidants Connect sur place" in suite.lieux[0].raisons


def test_a_deaf_person_gets_the_nearest_places_and_what_to_ask_for() -> None:
    # given a deaf person, no place near that declares it, an adapted one 60 km away
    r3 = proposer(Situation(niveau=1, drapeaux=("handicap_auditif",)))[0]
    proche = lieu(1, 2.0, telephone="+33380000000")
    adapte_loin = lieu(2, 60.0, prise_en_charge_specifique=["Surdité"])
    # when
    suite = prochaine_etape(r3, [proche, adapte_loin], rayon_km=20)
    # then the near place, with what to ask for, and no dead end
    assert [p.id.int for p in suite.lieux] == [1]
    assert any("langue des signes" in a for a in suite.a_demander)
    assert "handicap auditif" in suite.messages[0] and "demandez" in suite.messages[0]


def test_an_adapted_place_near_comes_first_and_nothing_is_given_up() -> None:
    r3 = proposer(Situation(niveau=1, drapeaux=("langue",)))[0]
    adapte = lieu(2, 9.0, prise_en_charge_specifique=["Langues étrangères (autres)"])
    suite = prochaine_etape(r3, [lieu(1, 1.0), adapte], rayon_km=20)
    assert [p.id.int for p in suite.lieux] == [2] and suite.a_demander == ()


def test_the_search_widens_and_says_so() -> None:
    # given the only fitting place 35 km away, a radius of 20 km
    r3 = proposer(Situation(niveau=1))[0]
    loin = lieu(1, 35.0)
    hors_sujet = lieu(2, 1.0, services=["Loisirs et créations numériques"])
    # when
    suite = prochaine_etape(r3, [hors_sujet, loin], rayon_km=20)
    # then it is found, and the widening said
    assert [p.id.int for p in suite.lieux] == [1] and suite.elargi_km == 40
    assert "élargi la recherche à 40 km" in suite.messages[0]


def test_beyond_every_radius_the_nearest_places_can_direct_the_person() -> None:
    r3 = proposer(Situation(niveau=1))[0]
    suite = prochaine_etape(r3, [lieu(1, 3.0, services=[DEMARCHES])], rayon_km=20)
    assert [p.id.int for p in suite.lieux] == [1]
    assert "peuvent vous orienter" in suite.messages[0]


def test_no_place_at_all_gives_the_national_line() -> None:
    suite = prochaine_etape(proposer(Situation(niveau=1))[0], [], rayon_km=20)
    assert suite.recours == (ALLO_SERVICE_PUBLIC,) and suite.a_une_etape


def test_urgent_puts_the_places_opening_soon_first_and_says_so() -> None:
    # given on Friday evening a near place open on Wednesdays only, a farther one on Saturdays
    r1 = proposer(Situation(niveau=0, drapeaux=("demarche_urgente",)))[0]
    fs = {"services": [DEMARCHES], "dispositif_programmes_nationaux": ["France Services"]}
    mercredi = lieu(1, 1.0, horaires="We 09:00-12:00", **fs)
    samedi = lieu(2, 12.0, horaires="Sa 09:00-12:00", **fs)
    # when urgent
    suite = prochaine_etape(r1, [mercredi, samedi], rayon_km=20, urgent=True, moment=VENDREDI_SOIR)
    # then Saturday's first, with when it opens, and the reason said
    assert [p.id.int for p in suite.lieux] == [2, 1]
    assert "fermé maintenant, ouvre demain à 9 h" in suite.lieux[0].raisons
    assert any("urgente" in m and "3 prochains jours" in m for m in suite.messages)
    # and without urgency, the nearest first
    calme = prochaine_etape(r1, [mercredi, samedi], rayon_km=20, moment=VENDREDI_SOIR)
    assert [p.id.int for p in calme.lieux] == [1, 2]


def test_reduced_mobility_lists_help_without_a_trip() -> None:
    r3 = proposer(Situation(niveau=1, drapeaux=("mobilite_reduite",)))[0]
    distance = lieu(2, 30.0, telephone="+33381000000", modalites_accompagnement=["À distance"])
    suite = prochaine_etape(r3, [lieu(1, 1.0), distance], rayon_km=20, mobilite_reduite=True)
    assert [p.id.int for p in suite.lieux] == [1]
    assert [p.id.int for p in suite.a_distance] == [2]
    joignable = lieu(1, 1.0, telephone="+33380000000")
    assert prochaine_etape(r3, [joignable, distance], rayon_km=20).a_distance == ()


def test_when_a_place_opens() -> None:
    semaine = parse_horaires("Mo-Fr 09:00-12:00; Sa 22:00-02:00")

    def dans(jour: int, heure: int) -> int | None:
        moment = datetime.datetime(2024, 1, 1 + jour, heure)  # 2024-01-01 is a Monday
        return attente(prochain_changement(semaine, moment), moment)

    assert dans(0, 10) == 0  # Monday 10:00: open
    assert dans(0, 13) == 20 * 60  # Tuesday 9:00
    assert dans(6, 1) == 0  # Sunday 1:00, Saturday's night
    assert dans(6, 3) == 30 * 60  # Monday 9:00
    lundi = datetime.datetime(2024, 1, 1)
    assert attente(prochain_changement(parse_horaires("Mo off"), lundi), lundi) is None


def test_urgent_ranking_applies_public_holidays_like_the_place_page() -> None:
    # given on Thursday 30 April evening a near place closed on public holidays (Friday is
    # 1 May) and a farther one open on Saturday mornings
    r1 = proposer(Situation(niveau=0, drapeaux=("demarche_urgente",)))[0]
    fs = {"services": [DEMARCHES], "dispositif_programmes_nationaux": ["France Services"]}
    semaine = lieu(1, 1.0, horaires="Mo-Fr 09:00-12:00; PH off", **fs)
    samedi = lieu(2, 12.0, horaires="Sa 09:00-12:00", **fs)
    premier_mai = Moment(JEUDI_30_AVRIL_SOIR, {"": frozenset({datetime.date(2026, 5, 1)})})
    # when urgent, with the holiday known
    suite = prochaine_etape(r1, [semaine, samedi], rayon_km=20, urgent=True, moment=premier_mai)
    # then Saturday's place comes first: the near one only opens on Monday, and says so
    assert [p.id.int for p in suite.lieux] == [2, 1]
    assert not suite.lieux[1].bientot
    assert "fermé maintenant, ouvre lundi à 9 h" in suite.lieux[1].raisons
    # and on an ordinary Thursday the near one opens tomorrow: it stays first
    ordinaire = Moment(JEUDI_30_AVRIL_SOIR)
    suite = prochaine_etape(r1, [semaine, samedi], rayon_km=20, urgent=True, moment=ordinaire)
    assert [p.id.int for p in suite.lieux] == [1, 2]


def test_a_holiday_in_one_departement_only_applies_there() -> None:
    moment = Moment(
        JEUDI_30_AVRIL_SOIR, {"": frozenset(), "57": frozenset({datetime.date(2026, 5, 1)})}
    )
    assert moment.feries_de("57") == {datetime.date(2026, 5, 1)}
    assert moment.feries_de("21") == moment.feries_de(None) == frozenset()


def test_when_no_place_found_has_a_phone_one_that_helps_remotely_is_added() -> None:
    r3 = proposer(Situation(niveau=1))[0]
    distance = lieu(2, 30.0, telephone="+33381000000", modalites_accompagnement=["À distance"])
    suite = prochaine_etape(r3, [lieu(1, 1.0), distance], rayon_km=20)
    assert [p.id.int for p in suite.lieux] == [1]
    assert [p.id.int for p in suite.a_distance] == [2]
    joignable = lieu(1, 1.0, telephone="+33380000000")
    assert prochaine_etape(r3, [joignable, distance], rayon_km=20).a_distance == ()
