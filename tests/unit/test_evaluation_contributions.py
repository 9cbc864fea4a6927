"""What one activity adds to the evaluation cubes (domain/evaluation/contributions.py), and
the composition of a report from raw figures (domain/evaluation/composition.py)."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from domain.activites.events import CompteRendu, ParticipantsAnonymes
from domain.beneficiaires.events import Profil
from domain.evaluation.composition import Contexte, composer
from domain.evaluation.contributions import contribution, decoder, encoder
from domain.evaluation.mesures import Mesures
from domain.evaluation.rapport import Periode, Territoire
from projections.evaluation import Deltas


def lignes(cr: CompteRendu) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    c = contribution(cr, "21231")
    return {
        (x.dimension, x.modalite): (x.activites, x.accompagnements, x.minutes, x.minutes_personnes)
        for x in c.lignes
    }


def test_an_anonymous_individual_session() -> None:
    # given a 45-minute session of an anonymous woman in her sixties, on e-mail and the CAF
    cr = CompteRendu(
        type="individuel",
        date=dt.date(2026, 3, 12),
        duree=45,
        type_lieu="lieu_activite",
        thematiques=("email", "caf"),
        autonomie="partiellement_autonome",
        profil=Profil(genre="feminin", tranche_age="soixante_soixante_neuf"),
    )
    # when its contribution is computed
    c = lignes(cr)
    # then it is one activity, one accompaniment of 45 minutes, in each of its dimensions
    assert c[("total", "total")] == (1, 1, 45, 45)
    assert c[("thematique", "email")] == (1, 1, 45, 45)
    assert c[("thematique", "caf")] == (1, 1, 45, 45)
    assert c[("autonomie", "partiellement_autonome")] == (1, 1, 45, 45)
    # and the person is counted once, as anonymous and new, by her profile (not an activity)
    assert c[("anonymes", "total")] == (0, 1, 0, 45)
    assert c[("anonymes", "nouveaux")] == (0, 1, 0, 45)
    assert c[("genre", "feminin")] == (0, 1, 0, 45)
    assert c[("statut_social", "non_communique")] == (0, 1, 0, 45)
    assert contribution(cr, "21231").jour == dt.date(2026, 3, 12)


def test_a_workshop_counts_its_participants_without_inventing_attributes() -> None:
    # given a 2-hour workshop with 2 followed people and 5 anonymous ones, 3 of them women
    suivis = (uuid4(), uuid4())
    cr = CompteRendu(
        type="collectif",
        date=dt.date(2026, 3, 12),
        duree=120,
        type_lieu="lieu_activite",
        thematiques=("smartphone",),
        titre_atelier="Bien utiliser son smartphone",
        beneficiaires=suivis,
        participants=ParticipantsAnonymes(total=5, deja_accompagne=1, genres={"feminin": 3}),
    )
    # when its contribution is computed
    c = lignes(cr)
    # then it is one activity, 7 accompaniments, 2 h of mediator time and 14 h-person
    assert c[("total", "total")] == (1, 7, 120, 840)
    # and the 5 anonymous people: 4 new, 3 women, 2 « non communiqué »
    assert c[("anonymes", "total")][1] == 5
    assert c[("anonymes", "nouveaux")][1] == 4
    assert c[("genre", "feminin")][1] == 3
    assert c[("genre", "non_communique")][1] == 2
    # and each followed person once
    personnes = contribution(cr, None).personnes
    assert {p.beneficiaire_id for p in personnes} == set(suivis)
    assert all(p.accompagnements == 1 and p.minutes_personnes == 120 for p in personnes)


def test_taking_back_a_contribution_leaves_nothing_and_it_survives_storage() -> None:
    # given a session's contribution, stored and read back
    cr = CompteRendu(
        type="individuel",
        date=dt.date(2026, 3, 12),
        duree=30,
        type_lieu="domicile",
        commune="21231",
        beneficiaire_id=uuid4(),
    )
    c = decoder(encoder(contribution(cr, "21231")))
    assert c == contribution(cr, "21231")
    # when it is added then taken back (a deletion), at every level of its territory
    deltas = Deltas()
    territoires = (("commune", "21231"), ("departement", "21"), ("pays", "FR"))
    deltas.ajouter(c, territoires, 1)
    deltas.ajouter(c, territoires, -1)
    # then every cell and every person row sums to zero
    assert all(v == [0, 0, 0, 0] for v in deltas.cube.values())
    assert all(v == [0, 0] for v in deltas.personnes.values())
    # and the person was counted at the four grains (day, month, quarter, year)
    grains = {k[2] for k in deltas.personnes}
    assert grains == {"jour", "mois", "trimestre", "annee"}


def contexte() -> Contexte:
    periode = Periode(debut=dt.date(2026, 3, 1), fin=dt.date(2026, 3, 31), libelle="mars 2026")
    avant = Periode(debut=dt.date(2025, 3, 1), fin=dt.date(2025, 3, 31), libelle="mars 2025")
    return Contexte(
        titre="Rapport",
        territoire=Territoire(niveau="departement", code="21", nom="Côte-d'Or"),
        periode=periode,
        periode_precedente=avant,
        position=42,
        arrete_au=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
        seuil=11,
        sous_territoires={},
        communes=[],
        lieux=[],
        epci=[("242100410", "Dijon Métropole", 250_000, 5)],
        methode=[],
    )


def test_a_report_never_shows_a_small_count_nor_what_reveals_it() -> None:
    # given 8 individual and 30 collective accompaniments, 5 followed people, 2 of them with
    # two diagnostics, one of whom progressed
    mesures = Mesures(
        cube={
            "total": {"total": [20, 38, 600, 1500]},
            "type": {"individuel": [8, 8, 240, 240], "collectif": [12, 30, 360, 1260]},
        },
        suivis=5,
        beneficiaires_douze_mois=5,
        diagnostics_deux=2,
        progresses=1,
        population=250_000,
    )
    # when the report is composed
    rapport = composer(mesures, Mesures(), contexte())
    # then the 5 beneficiaries are « < 11 », and so is the coverage rate built on them
    cles = {c.indicateur: c for c in rapport.chiffres_cles}
    assert cles["M4.3"].valeur.masquee and cles["M4.3"].valeur.valeur is None
    assert cles["M4.12"].valeur.masquee
    assert cles["M4.1"].valeur.valeur == 38
    # and in the table by type, the 8 is hidden and the 30 with it (the total is published)
    types = next(t for t in rapport.tableaux if t.id == "M4.1.types")
    cellules = {ligne.modalite: ligne.cellules[0] for ligne in types.lignes}
    assert cellules["individuel"].masquee and not cellules["individuel"].secondaire
    assert cellules["collectif"].masquee and cellules["collectif"].secondaire
    assert types.total is not None and types.total.cellules[0].valeur == 38
    # and the progression rate of 2 people is hidden; the EPCI coverage too
    progression = next(t for t in rapport.tableaux if t.id == "M4.9.detail")
    assert all(ligne.cellules[0].valeur is None for ligne in progression.lignes)
    assert rapport.epci[0].couverture.masquee
