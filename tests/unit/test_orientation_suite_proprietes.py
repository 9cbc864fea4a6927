"""Properties of orientation over every answer set and any registry around the person:
no proposal without a next step, the places that fit always win, and every sentence the
person reads is addressed to them (« vous »)."""

from __future__ import annotations

import datetime
import itertools
import re
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.lieux.referentiel import SERVICES
from domain.lieux.standard import DISPOSITIFS, MODALITES_ACCOMPAGNEMENT, PRISES_EN_CHARGE
from domain.orientation import questionnaire as q
from domain.orientation.classement import LieuCandidat, Moment, convient
from domain.orientation.moteur import Proposition, Situation, proposer
from domain.orientation.regles import A_DEMANDER, REGLES
from domain.orientation.suite import ALLO_SERVICE_PUBLIC, prochaine_etape

RAYON = 20.0
HORAIRES = (None, "Mo-Fr 09:00-12:00", "Sa 10:00-12:00", "We 14:00-17:00", "n'importe quoi")

reponses = st.builds(
    q.Reponses,
    besoin=st.none() | st.sampled_from(list(q.BESOINS)),
    equipement=st.none() | st.sampled_from(list(q.EQUIPEMENTS)),
    aisance=st.sampled_from(list(q.AISANCES)),
    urgent=st.booleans(),
    facon=st.none() | st.sampled_from(list(q.FACONS)),
    contraintes=st.lists(st.sampled_from(list(q.CONTRAINTES)), unique=True),
    disponibilites=st.lists(st.sampled_from(list(q.DISPONIBILITES)), unique=True),
)


@st.composite
def registres(draw: st.DrawFn) -> list[LieuCandidat]:
    """Places around the person, nearest first: none, near, far, fitting or not."""
    n = draw(st.integers(0, 8))
    lieux = [
        LieuCandidat(
            id=UUID(int=i + 1),
            nom=f"Lieu {i + 1}",
            distance_km=draw(st.floats(0, 400, allow_nan=False)),
            services=draw(st.lists(st.sampled_from(SERVICES), max_size=3, unique=True)),
            horaires=draw(st.sampled_from(HORAIRES)),
            modalites_accompagnement=draw(
                st.lists(st.sampled_from(MODALITES_ACCOMPAGNEMENT), max_size=2, unique=True)
            ),
            prise_en_charge_specifique=draw(
                st.lists(st.sampled_from(PRISES_EN_CHARGE), max_size=2, unique=True)
            ),
            dispositif_programmes_nationaux=draw(
                st.lists(st.sampled_from(DISPOSITIFS), max_size=2, unique=True)
            ),
            telephone=draw(st.none() | st.just("+33380000000")),
            aidants_habilites=draw(st.integers(0, 2)),
        )
        for i in range(n)
    ]
    return sorted(lieux, key=lambda lieu: lieu.distance_km)


@st.composite
def moments(draw: st.DrawFn) -> Moment:
    """Any minute of a week, with public holidays drawn among the days the ranking looks at."""
    instant = draw(st.datetimes(datetime.datetime(2024, 1, 1), datetime.datetime(2030, 12, 31)))
    decalages = draw(st.sets(st.integers(-1, 9), max_size=3))
    feries = frozenset(instant.date() + datetime.timedelta(days=d) for d in decalages)
    return Moment(instant, {"": feries})


def _sans(p: Proposition) -> Proposition:
    return Proposition(**{**{f: getattr(p, f) for f in p.__struct_fields__}, "contraintes": ()})


@settings(max_examples=150, deadline=None)
@given(reponses=reponses, lieux=registres(), moment=moments())
def test_no_answer_set_yields_a_proposal_without_a_next_step(
    reponses: q.Reponses, lieux: list[LieuCandidat], moment: Moment
) -> None:
    situation = q.situation(reponses)
    for proposition in proposer(situation):
        suite = prochaine_etape(
            proposition,
            lieux,
            rayon_km=RAYON,
            disponibilites=tuple(reponses.disponibilites),
            mobilite_reduite="mobilite_reduite" in reponses.contraintes,
            urgent=reponses.urgent,
            moment=moment,
        )
        # a next step, always; a real place whenever the registry has one
        assert suite.a_une_etape
        if lieux:
            assert suite.lieux and suite.recours == ()
        else:
            assert suite.recours == (ALLO_SERVICE_PUBLIC,)
        ids = {lieu.id for lieu in lieux}
        assert {p.id for p in suite.lieux + suite.a_distance} <= ids
        if not proposition.avec_lieux:
            continue
        # oracle: the slow, obvious search for what fits, near then anywhere
        pres = [c for c in lieux if c.distance_km <= RAYON]
        ouverte = _sans(proposition)
        par_id = {c.id: c for c in lieux}
        if any(convient(c, proposition) for c in pres):
            assert all(convient(par_id[p.id], proposition) for p in suite.lieux)
            assert suite.elargi_km is None and suite.a_demander == ()
        elif any(convient(c, ouverte) for c in pres):
            assert all(convient(par_id[p.id], ouverte) for p in suite.lieux)
            assert suite.elargi_km is None and suite.a_demander
        elif any(convient(c, ouverte) for c in lieux):
            assert all(convient(par_id[p.id], ouverte) for p in suite.lieux)
            assert suite.elargi_km is not None
            assert max(p.distance_km for p in suite.lieux) <= suite.elargi_km
        if reponses.urgent and proposition.moment == "maintenant":
            drapeaux = [p.bientot for p in suite.lieux]
            assert drapeaux == sorted(drapeaux, reverse=True)  # opening soon, first


# --- every sentence the person reads is addressed to them ------------------------------------

TROISIEME_PERSONNE = re.compile(r"\b(la personne|elle|sa place|son choix|règle r\d)", re.IGNORECASE)
VOUS = re.compile(r"\b(vous|votre|vos)\b", re.IGNORECASE)
# « tu » is not how the hub speaks to a citizen; nor « il / elle » for the reader
TUTOIEMENT = re.compile(r"\b(tu|toi|ton|ta|tes|te|t')\b", re.IGNORECASE)
IMPERATIF = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+ez\b")  # « Passez… », « Appelez… »


def _au_vous(phrase: str) -> bool:
    """A sentence speaks to the person: « vous / votre / vos », or an imperative in « -ez »."""
    return bool(VOUS.search(phrase) or IMPERATIF.search(phrase))


def _toutes_les_situations() -> list[Situation]:
    drapeaux = (
        "sans_equipement",
        "sans_connexion",
        "demarche_urgente",
        "souhaite_qu_on_fasse_pour_lui",
        *q.CONTRAINTES,
    )
    situations = [Situation(refuse=True)]
    for niveau in (None, 0, 1, 2, 3, 4):
        for n in range(3):
            for choix in itertools.combinations(drapeaux, n):
                for themes in ((), ("securite_numerique",)):
                    situations.append(Situation(niveau=niveau, drapeaux=choix, thematiques=themes))
    return situations


def test_every_sentence_of_every_rule_is_addressed_to_the_person() -> None:
    # given every rule's texts, every reason of every situation, what to ask for
    phrases: list[str] = []
    for regle in REGLES.values():
        phrases += [regle.libelle, regle.conseil]
    for situation in _toutes_les_situations():
        try:
            propositions = proposer(situation)
        except DomainError:  # no level and nothing else to decide on (tested elsewhere)
            propositions = []
        for p in propositions:
            for e in p.explications:
                assert VOUS.search(e.texte), e.texte
                phrases.append(e.texte)
    phrases += list(A_DEMANDER.values())
    # then every full sentence (advice, explanation, the national line) speaks to « vous »
    conseils = [r.conseil for r in REGLES.values() if r.conseil]
    recours = [f"{ALLO_SERVICE_PUBLIC.nom} : {ALLO_SERVICE_PUBLIC.detail}"]
    assert [c for c in conseils + recours if not _au_vous(c)] == []
    # and none speaks of « la personne », says « tu », or names a rule code
    fautives = [
        f for f in phrases + recours if f and (TROISIEME_PERSONNE.search(f) or TUTOIEMENT.search(f))
    ]
    assert fautives == []


@settings(max_examples=100, deadline=None)
@given(reponses=reponses, lieux=registres(), moment=moments())
def test_every_message_of_a_next_step_is_addressed_to_the_person(
    reponses: q.Reponses, lieux: list[LieuCandidat], moment: Moment
) -> None:
    for proposition in proposer(q.situation(reponses)):
        suite = prochaine_etape(
            proposition, lieux, rayon_km=RAYON, urgent=reponses.urgent, moment=moment
        )
        for message in suite.messages:
            assert _au_vous(message) and not TROISIEME_PERSONNE.search(message), message
            assert not TUTOIEMENT.search(message), message
        for lieu in suite.lieux + suite.a_distance:
            for raison in lieu.raisons:
                assert not TROISIEME_PERSONNE.search(raison), raison
                assert not TUTOIEMENT.search(raison), raison
