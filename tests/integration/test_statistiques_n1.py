"""A mediator's figures beside the same period a year earlier (N-1), month by month, and the
genre of the people accompanied (« Non renseigné » included): checked by Hypothesis against a
slow computation from the raw rows, day by day and person by person."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from typing import Any

import asyncpg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.activites_statistiques import comparer, mensuel, un_an_avant
from tests.conftest import run_sync

MOI, AUTRE = "moi@example.fr", "autre@example.fr"
SUIVIS = [uuid.UUID(int=i) for i in range(1, 5)]
# The followed people's genre on their record; the last one has no row in the read model.
GENRE_SUIVI = dict(zip(SUIVIS, ["masculin", "feminin", "non_communique"], strict=False))
GENRES = ["masculin", "feminin", "non_communique"]
DEBUT, FIN = dt.date(2023, 12, 1), dt.date(2026, 12, 31)


@st.composite
def activites(draw: st.DrawFn) -> dict[str, Any]:
    collectif = draw(st.booleans())
    suivis = draw(st.lists(st.sampled_from(SUIVIS), max_size=3 if collectif else 1, unique=True))
    anonymes = draw(st.integers(0, 6)) if collectif else (0 if suivis else 1)
    if collectif and not suivis and not anonymes:
        anonymes = 1
    # what the anonymous said of their genre: one answer alone, or a workshop's counts
    hommes = draw(st.integers(0, anonymes)) if collectif else 0
    femmes = draw(st.integers(0, anonymes - hommes)) if collectif else 0
    comptes = {g: n for g, n in (("masculin", hommes), ("feminin", femmes)) if n}
    return {
        "id": uuid.uuid4(),
        "mediateur": draw(st.sampled_from([MOI, MOI, AUTRE])),
        "type": "collectif" if collectif else "individuel",
        # Around the leap day and the turns of the years, where N-1 is easy to get wrong.
        "date": draw(
            st.one_of(
                st.dates(DEBUT, FIN),
                st.sampled_from([dt.date(2024, 2, 29), dt.date(2024, 2, 28), dt.date(2025, 3, 1)]),
            )
        ),
        "duree": draw(st.integers(1, 600)),
        "suivis": suivis,
        "anonymes": anonymes,
        "genre": draw(st.sampled_from(GENRES)),
        "comptes_genre": comptes,
        "supprimee": draw(st.booleans()) and draw(st.booleans()),
    }


@st.composite
def periodes(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    du = draw(
        st.one_of(
            st.dates(dt.date(2025, 1, 1), FIN),
            st.sampled_from([dt.date(2024, 2, 29), dt.date(2025, 2, 28), dt.date(2024, 12, 31)]),
        )
    )
    return du, du + dt.timedelta(days=draw(st.integers(0, 500)))


async def _inserer(conn: asyncpg.Connection, lignes: list[dict[str, Any]]) -> None:
    await conn.execute(
        "DELETE FROM accompagnements; DELETE FROM activites; DELETE FROM beneficiaires"
    )
    maintenant = dt.datetime.now(dt.UTC)
    await conn.executemany(
        "INSERT INTO beneficiaires (id, version, mediateur, genre, tranche_age, statut_social, "
        "deja_accompagne, cree_le, modifie_le) VALUES ($1, 1, $2, $3, 'non_communique', "
        "'non_communique', false, $4, $4)",
        [(qui, MOI, genre, maintenant) for qui, genre in GENRE_SUIVI.items()],
    )
    for a in lignes:
        participants = len(a["suivis"]) + a["anonymes"]
        await conn.execute(
            "INSERT INTO activites (id, version, mediateur, type, date, duree, type_lieu, "
            "materiel, thematiques, oriente_vers_structure, beneficiaire_id, beneficiaires, "
            "participants, anonymes, anonymes_deja_accompagnes, genres, tranches_age, "
            "statuts_sociaux, supprimee, cree_le, cree_par, modifie_le, modifie_par) VALUES "
            "($1, 1, $2, $3, $4, $5, 'domicile', '{}', '{email}', false, $6, $7, $8, $9, 0, "
            "$10, '{}', '{}', $11, $12, $2, $12, $2)",
            a["id"],
            a["mediateur"],
            a["type"],
            a["date"],
            a["duree"],
            a["suivis"][0] if a["type"] == "individuel" and a["suivis"] else None,
            a["suivis"],
            participants,
            a["anonymes"],
            json.dumps(a["comptes_genre"] if a["type"] == "collectif" else {}),
            a["supprimee"],
            maintenant,
        )
        if a["supprimee"]:
            continue  # the read model keeps no participant of a deleted activity
        personnes = [*a["suivis"], *([None] * a["anonymes"])]
        await conn.executemany(
            "INSERT INTO accompagnements (activite_id, rang, beneficiaire_id, date, type, "
            "mediateur, premier_accompagnement, genre) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [
                (
                    a["id"],
                    rang,
                    qui,
                    a["date"],
                    a["type"],
                    a["mediateur"],
                    qui is None or None,
                    a["genre"] if qui is None and a["type"] == "individuel" else None,
                )
                for rang, qui in enumerate(personnes)
            ],
        )


def _jours(du: dt.date, au: dt.date) -> list[dt.date]:
    return [du + dt.timedelta(days=i) for i in range((au - du).days + 1)]


def _la_veille_d_un_an(jour: dt.date) -> dt.date:
    """The oracle's N-1 of one day: the same date in the previous year, or the last day of
    that month when it has no such date."""
    for jour_du_mois in range(jour.day, 0, -1):
        try:
            return dt.date(jour.year - 1, jour.month, jour_du_mois)
        except ValueError:
            continue
    raise AssertionError(jour)


def _oracle(lignes: list[dict[str, Any]], jours: set[dt.date]) -> dict[str, Any]:
    miennes = [
        a for a in lignes if a["mediateur"] == MOI and not a["supprimee"] and a["date"] in jours
    ]
    ateliers = [a for a in miennes if a["type"] == "collectif"]
    return {
        "activites": len(miennes),
        "individuels": len(miennes) - len(ateliers),
        "ateliers": len(ateliers),
        "participants_ateliers": sum(len(a["suivis"]) + a["anonymes"] for a in ateliers),
        "accompagnements": sum(len(a["suivis"]) + a["anonymes"] for a in miennes),
        "minutes": sum(a["duree"] for a in miennes),
        "beneficiaires_suivis": len({s for a in miennes for s in a["suivis"]}),
        "beneficiaires_anonymes": sum(a["anonymes"] for a in miennes),
    }


def _vu(chiffres: Any) -> dict[str, Any]:
    return {cle: getattr(chiffres, cle) for cle in _oracle([], set())}


def _genres(lignes: list[dict[str, Any]], jours: set[dt.date]) -> dict[str, int]:
    """Accompaniments by genre, person by person: a followed person's record (none: not
    said), an anonymous person's answer, a workshop's counts and the rest « not said »."""
    compte = dict.fromkeys(GENRES, 0)
    for a in lignes:
        if a["mediateur"] != MOI or a["supprimee"] or a["date"] not in jours:
            continue
        for qui in a["suivis"]:
            compte[GENRE_SUIVI.get(qui, "non_communique")] += 1
        if a["type"] == "individuel":
            compte[a["genre"]] += a["anonymes"]
            continue
        for genre, nombre in a["comptes_genre"].items():
            compte[genre] += nombre
        compte["non_communique"] += a["anonymes"] - sum(a["comptes_genre"].values())
    return compte


def _genres_vus(chiffres: Any) -> dict[str, int]:
    return {r.valeur: r.nombre for r in chiffres.genres}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lignes=st.lists(activites(), max_size=40), periode=periodes())
def test_n_minus_one_and_months_match_a_day_by_day_count(
    database_dsn: str, lignes: list[dict[str, Any]], periode: tuple[dt.date, dt.date]
) -> None:
    du, au = periode

    async def run() -> tuple[Any, Any]:
        conn = await asyncpg.connect(database_dsn)
        try:
            await _inserer(conn, lignes)
            comparaison = await comparer(conn, du, au, MOI, "annee")
            return comparaison, await mensuel(conn, du, au, MOI)
        finally:
            await conn.close()

    comparaison, mois = run_sync(run())
    jours = _jours(du, au)
    # N-1 runs from the first day's to the last day's date a year earlier (so a February of a
    # leap year keeps its 29th when the period ends in March)
    bornes = [_la_veille_d_un_an(j) for j in (jours[0], jours[-1])]
    jours_n1 = set(_jours(*bornes))
    # the period and its N-1 hold the figures counted from the raw rows, day by day
    assert _vu(comparaison.periode) == _oracle(lignes, set(jours))
    assert _vu(comparaison.precedente) == _oracle(lignes, jours_n1)
    assert (comparaison.precedente.du, comparaison.precedente.au) == tuple(bornes)
    # and the genre of the people accompanied is counted person by person, « not said »
    # included
    assert _genres_vus(comparaison.periode) == _genres(lignes, set(jours))
    assert _genres_vus(comparaison.precedente) == _genres(lignes, jours_n1)
    # and every calendar month the period touches is one bucket, cut to the period
    par_mois: dict[dt.date, list[dt.date]] = defaultdict(list)
    for jour in jours:
        par_mois[jour.replace(day=1)].append(jour)
    attendu = [
        (premier, min(j), max(j), _oracle(lignes, set(j))["accompagnements"])
        for premier, j in sorted(par_mois.items())
    ]
    assert [(m.mois, m.du, m.au, m.accompagnements) for m in mois] == attendu
    assert [m.minutes for m in mois] == [
        _oracle(lignes, set(j))["minutes"] for _p, j in sorted(par_mois.items())
    ]


def test_a_leap_day_has_its_n_minus_one_on_the_28th() -> None:
    assert un_an_avant(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert un_an_avant(dt.date(2026, 12, 31)) == dt.date(2025, 12, 31)
