"""Property-based oracle of the report's activity figures, without a database.

Random sessions (individual, followed or anonymous; workshops) and random periods (a day,
a month, a quarter, a year, any range of days) go through the production path in memory:
each activity's `contribution`, summed per cell as the projection does (`Deltas`), then read
as the report's queries read the cubes (days summed; people folded over `cellules_de`). The
oracle counts the same figures straight from the sessions, with none of that code."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.activites.events import CompteRendu, ParticipantsAnonymes
from domain.evaluation.chiffres import chiffres_cles, cout_par_beneficiaire, couverture
from domain.evaluation.comptes import comptes_du_rapport
from domain.evaluation.contributions import contribution
from domain.evaluation.mesures import Mesures
from domain.evaluation.periodes import cellules_de, est_complete, fin_de_cellule, periode_du
from projections.evaluation import Deltas

DEBUT = dt.date(2024, 1, 1)
JOURS = 3 * 366
PERSONNES = [UUID(int=i + 1) for i in range(12)]
ICI = (("commune", "21231"),)

jours = st.integers(0, JOURS).map(lambda n: DEBUT + dt.timedelta(days=n))


@st.composite
def seances(draw: st.DrawFn) -> CompteRendu:
    commun = {
        "date": draw(jours),
        "duree": draw(st.sampled_from((15, 30, 45, 60, 120))),
        "type_lieu": "domicile",
        "commune": "21231",
        "thematiques": ("email",),
    }
    if draw(st.booleans()):
        suivi = draw(st.none() | st.sampled_from(PERSONNES))
        return CompteRendu(type="individuel", beneficiaire_id=suivi, **commun)
    return CompteRendu(
        type="collectif",
        titre_atelier="Atelier",
        beneficiaires=tuple(draw(st.sets(st.sampled_from(PERSONNES), max_size=4))),
        participants=ParticipantsAnonymes(total=draw(st.integers(0, 6))),
        **commun,
    )


@st.composite
def periodes(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    debut = draw(jours)
    forme = draw(st.sampled_from(("jour", "mois", "trimestre", "annee", "libre")))
    if forme == "libre":
        return debut, debut + dt.timedelta(days=draw(st.integers(0, 500)))
    if forme == "jour":
        return debut, debut
    if forme == "mois":
        premier = debut.replace(day=1)
    elif forme == "trimestre":
        premier = debut.replace(day=1, month=(debut.month - 1) // 3 * 3 + 1)
    else:
        premier = debut.replace(day=1, month=1)
    return premier, fin_de_cellule(forme, premier)


def lecture_des_cubes(
    activites: list[CompteRendu], debut: dt.date, fin: dt.date
) -> tuple[int, int, int, int]:
    """(activities, accompaniments, followed people, their minutes) the way the report reads
    the cubes the projection writes."""
    deltas = Deltas()
    for cr in activites:
        deltas.ajouter(contribution(cr, "21231"), ICI, 1)
    total = [0, 0]
    for (_, _, jour, dimension, _), valeurs in deltas.cube.items():
        if dimension == "total" and debut <= jour <= fin:
            total[0] += valeurs[0]
            total[1] += valeurs[1]
    cellules = set(cellules_de(debut, fin))
    minutes: defaultdict[UUID, int] = defaultdict(int)
    for (_, _, grain, premier, personne), (accompagnements, m) in deltas.personnes.items():
        if (grain, premier) in cellules and accompagnements > 0:
            minutes[personne] += m
    return total[0], total[1], len(minutes), sum(minutes.values())


def oracle(activites: list[CompteRendu], debut: dt.date, fin: dt.date) -> tuple[int, int, int, int]:
    dedans = [cr for cr in activites if debut <= cr.date <= fin]
    accompagnements = 0
    minutes: defaultdict[UUID, int] = defaultdict(int)
    for cr in dedans:
        if cr.type == "individuel":
            accompagnements += 1
            suivis: tuple[UUID, ...] = (cr.beneficiaire_id,) if cr.beneficiaire_id else ()
        else:
            anonymes = cr.participants.total if cr.participants else 0
            accompagnements += len(cr.beneficiaires) + anonymes
            suivis = cr.beneficiaires
        for personne in suivis:
            minutes[personne] += cr.duree
    return len(dedans), accompagnements, len(minutes), sum(minutes.values())


@settings(max_examples=2000, deadline=None)
@given(st.lists(seances(), max_size=25), periodes())
def test_the_cubes_give_the_figures_counted_from_the_sessions(
    activites: list[CompteRendu], periode: tuple[dt.date, dt.date]
) -> None:
    debut, fin = periode
    assert lecture_des_cubes(activites, debut, fin) == oracle(activites, debut, fin)


@settings(max_examples=2000, deadline=None)
@given(jours, st.integers(0, 800))
def test_the_cells_of_a_period_cover_its_days_exactly_once(debut: dt.date, duree: int) -> None:
    fin = debut + dt.timedelta(days=duree)
    couverts = []
    for grain, premier in cellules_de(debut, fin):
        jour = premier
        while jour <= fin_de_cellule(grain, premier):
            couverts.append(jour)
            jour += dt.timedelta(days=1)
    assert couverts == [debut + dt.timedelta(days=n) for n in range(duree + 1)]


def test_rates_on_empty_parts_are_not_computable_and_professionals_are_not_hidden() -> None:
    # given 40 people helped, no funds nor pass recorded, 3 aidants trained, 4 identified
    m = Mesures(
        cube={"total": {"total": [40, 40, 1200, 1200]}},
        suivis=40,
        beneficiaires_douze_mois=120,
        population=100_000,
        aidants_formes=3,
        aidants={"conseiller_numerique": 4},
    )
    # when the figures are worked out with a threshold of 11
    comptes = (comptes_du_rapport(m, [], {}, 11), comptes_du_rapport(Mesures(), [], {}, 11))
    cout = cout_par_beneficiaire(m, comptes[0])
    cles = {c.indicateur: c.valeur for c in chiffres_cles(m, Mesures(), comptes)}
    # then the cost per beneficiary is « non calculable », not 0 €
    assert cout.valeur is None and cout.non_calculable and not cout.masquee
    # and the 3 trained and 4 identified aidants are published (they are professionals)
    assert cles["M1.3"].valeur == 4
    # and coverage is the 12 months' beneficiaries over the target, both parts carried
    assert cles["M4.12"].numerateur == 120
    assert cles["M4.12"].denominateur == round(100_000 * 0.84 * 0.154, 1)
    assert cles["M4.12"] == couverture(120, 100_000, 11)


def test_a_period_is_complete_only_once_its_last_day_is_over() -> None:
    novembre = periode_du(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert not est_complete(novembre, dt.date(2026, 11, 30))
    assert est_complete(novembre, dt.date(2026, 12, 1))
