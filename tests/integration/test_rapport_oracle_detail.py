"""Property-based oracle of the report's trend and drill-down tables (month by month, place by
place, structure by structure) against real PostgreSQL.

Same histories as test_rapport_oracle.py (sessions, workshops, corrections that move a session
in time or to another place, deletions), now held at three registry places run by two
structures that share one, or at home. The raw measures of every territory level are compared
with a count made straight from the surviving sessions; the published tables (threshold 2)
must show every value the oracle gives except hidden ones, and hide every lone person.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.activites.events import CompteRendu
from domain.evaluation.detail import ID_LIEUX, ID_MENSUEL, ID_STRUCTURES
from domain.evaluation.periodes import mois_de
from domain.evaluation.rapport import Periode, Rapport, Territoire
from mednum.rapports.calcul import calculer, mesurer
from projections.evaluation import EvaluationProjection
from tests.conftest import oracle_exemples
from tests.hypothese_outils import memes_cas
from tests.integration.outils_projection import avec_connexion, par_lots
from tests.integration.test_rapport_oracle import (
    TERRITOIRES,
    Oracle,
    annee_precedente,
    evenements,
    geographie,
    individuelle_ou_atelier,
    periodes,
)

LIEUX = {  # place → its commune: Dijon, Chenôve (both Dijon Métropole), Besançon
    uuid.UUID(int=101): "21231",
    uuid.UUID(int=102): "21166",
    uuid.UUID(int=103): "25056",
}
jours_groupes = st.tuples(st.sampled_from((2024, 2025)), st.integers(0, 119)).map(
    lambda a: dt.date(a[0], 1, 1) + dt.timedelta(days=a[1])
)
"""Four months of two years: months and places often hold several sessions, and the same
months a year earlier some too."""
PERSONNES = [uuid.UUID(int=i + 1) for i in range(3)]
"""Few people, so that one is often followed at two places of a structure."""
STRUCTURES = {  # two structures sharing the Chenôve place
    uuid.UUID(int=201): [uuid.UUID(int=101), uuid.UUID(int=102)],
    uuid.UUID(int=202): [uuid.UUID(int=102), uuid.UUID(int=103)],
}


@st.composite
def seances(draw: st.DrawFn) -> CompteRendu:
    # Mostly at a place: the drill-down is what is under test.
    lieu = draw(st.sampled_from(sorted(LIEUX))) if draw(st.integers(0, 3)) else None
    commun: dict[str, Any] = {
        "date": draw(jours_groupes),
        "duree": draw(st.sampled_from((15, 60, 700))),
        "type_lieu": "lieu_activite" if lieu else "domicile",
        "lieu_id": lieu,
        # The oracle places a session by its commune: a place's session carries its place's.
        "commune": LIEUX[lieu] if lieu else draw(st.sampled_from(sorted(set(LIEUX.values())))),
        "thematiques": ("email",),
    }
    return individuelle_ou_atelier(draw, commun, PERSONNES)


operations = st.lists(
    st.one_of(
        # New sessions mostly: a history of a few survivors would rarely share a person
        # between two places of a structure.
        st.tuples(st.just("nouvelle"), seances()),
        st.tuples(st.just("nouvelle"), seances()),
        st.tuples(st.just("nouvelle"), seances()),
        st.tuples(st.just("corrigee"), st.integers(0, 50), seances()),
        st.tuples(st.just("supprimee"), st.integers(0, 50)),
    ),
    min_size=20,
    max_size=50,
)


def _chiffres(
    oracle: Oracle, sessions: list[CompteRendu], debut: dt.date, fin: dt.date
) -> list[int]:
    """[activities, accompaniments, unique beneficiaries, individual sessions, workshops]."""
    pays = Territoire(niveau="pays", code="FR", nom="France")
    c = Oracle(sessions, oracle.geo).chiffres(pays, debut, fin)
    dedans = [cr for cr in sessions if debut <= cr.date <= fin]
    individuels = sum(1 for cr in dedans if cr.type == "individuel")
    return [
        c["activites"],
        c["accompagnements"],
        c["beneficiaires"],
        individuels,
        len(dedans) - individuels,
    ]


def attendu(oracle: Oracle, t: Territoire, p: Periode) -> dict[str, Any]:
    """The slow computation: each month cut to the period, each place of the territory, each
    structure over its places of the territory."""
    par_mois = {}
    for rang, premier in enumerate(mois_de(p)):
        suivant = dt.date(premier.year + premier.month // 12, premier.month % 12 + 1, 1)
        debut, fin = max(premier, p.debut), min(suivant - dt.timedelta(days=1), p.fin)
        c = oracle.chiffres(t, debut, fin)
        par_mois[str(rang)] = [c["accompagnements"], c["beneficiaires"]]
    dedans = {
        lieu
        for lieu, commune in LIEUX.items()
        if t.niveau == "pays" or oracle.geo[commune][t.niveau] == t.code
    }
    par_lieu = {}
    for lieu in dedans:
        c = _chiffres(oracle, [cr for cr in oracle.sessions if cr.lieu_id == lieu], p.debut, p.fin)
        if c[0]:
            par_lieu[str(lieu)] = c
    par_structure = {}
    for structure, lieux in STRUCTURES.items():
        siens = [cr for cr in oracle.sessions if cr.lieu_id in lieux and cr.lieu_id in dedans]
        c = _chiffres(oracle, siens, p.debut, p.fin)
        if c[0]:
            par_structure[str(structure)] = c
    return {"par_mois": par_mois, "par_lieu": par_lieu, "par_structure": par_structure}


def ecarts_publies(rapport: Rapport, voulu: dict[str, Any], seuil: int) -> list[str]:
    """Every published cell of the current period equals the oracle's value; a value in
    ]0, seuil[ is never published."""
    ecarts = []
    colonnes = {
        ID_MENSUEL: ("par_mois", [0, 1], [0, 2]),
        ID_LIEUX: ("par_lieu", [1, 2], [0, 1]),
        ID_STRUCTURES: ("par_structure", [1, 2], [0, 1]),
    }
    for tableau in rapport.tableaux:
        if tableau.id not in colonnes:
            continue
        cle, rangs, positions = colonnes[tableau.id]
        for ligne in tableau.lignes:
            for rang, position in zip(rangs, positions, strict=True):
                valeur = voulu[cle].get(ligne.modalite, [0] * 5)[rang]
                cellule = ligne.cellules[position]
                if 0 < valeur < seuil:
                    if not cellule.masquee:
                        ecarts.append(f"{tableau.id} {ligne.libelle} col {position}: lone person")
                    continue
                if cellule.masquee and cellule.secondaire:
                    continue
                if cellule.valeur != valeur:
                    ecarts.append(
                        f"{tableau.id} {ligne.libelle} col {position}: {cellule} ≠ {valeur}"
                    )
    return ecarts


async def registre(conn: asyncpg.Connection) -> None:
    """What the registry's projections would hold: the places' communes and names, the
    structures and the places they run."""
    await conn.execute("TRUNCATE structures, evaluation_lieux")
    await conn.executemany(
        "INSERT INTO evaluation_lieux (lieu_id, code_insee) VALUES ($1, $2)", list(LIEUX.items())
    )
    maintenant = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for structure, lieux in STRUCTURES.items():
        await conn.execute(
            "INSERT INTO structures (id, version, siret, nom, type_structure, adresse, "
            "code_postal, code_insee, commune, departement, lieux, cree_le, cree_par, "
            "modifie_le, modifie_par) VALUES ($1, 1, '1', $2, 't', 'a', '21000', '21231', "
            "'Dijon', '21', $3, $4, 'x', $4, 'x')",
            structure,
            f"Structure {structure.int}",
            lieux,
            maintenant,
        )


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_trend_and_drill_down_equal_the_counts_from_the_sessions(database_dsn: str) -> None:
    exemples = {"n": 0, "lieux": 0, "mois": 0, "partages": 0}

    @memes_cas(oracle_exemples(15), en_base=True)
    @given(operations, st.integers(1, 10), st.data(), st.sampled_from(TERRITOIRES))
    def cas(ops: list[tuple[Any, ...]], lot: int, data: st.DataObject, publie: Territoire) -> None:
        survivantes = evenements(ops)[1].values()
        periode = data.draw(periodes(sorted({cr.date for cr in survivantes})), label="periode")

        async def run(conn: asyncpg.Connection) -> list[str]:
            projection = EvaluationProjection()
            await conn.execute(f"TRUNCATE {', '.join(projection.tables)}")
            await registre(conn)
            evts, vivantes = evenements(ops)
            for lot_ in par_lots(evts, [lot]):
                async with conn.transaction():
                    await projection.apply(conn, lot_)
            oracle = Oracle(list(vivantes.values()), await geographie(conn))
            ecarts = []
            for t in TERRITOIRES:
                m = await mesurer(conn, t, periode)
                brut = {
                    "par_mois": m.par_mois,
                    "par_lieu": m.par_lieu,
                    "par_structure": m.par_structure,
                }
                voulu = attendu(oracle, t, periode)
                if brut != voulu:
                    ecarts.append(f"{t.niveau} {periode.debut}..{periode.fin}: {brut} ≠ {voulu}")
                exemples["lieux"] += bool(voulu["par_lieu"])
                # a structure whose people are fewer than the sum of its places' people
                exemples["partages"] += any(
                    c[2]
                    < sum(
                        voulu["par_lieu"].get(str(x), [0] * 5)[2] for x in STRUCTURES[uuid.UUID(s)]
                    )
                    for s, c in voulu["par_structure"].items()
                )
                exemples["mois"] += any(a for a, _ in voulu["par_mois"].values())
                if t == publie:
                    rapport = await calculer(conn, t, periode, position=0, seuil=2)
                    ecarts += ecarts_publies(rapport, voulu, 2)
                    precedente = Periode(
                        debut=annee_precedente(periode)[0],
                        fin=annee_precedente(periode)[1],
                        libelle="",
                    )
                    n1 = attendu(oracle, t, precedente)["par_lieu"]
                    lieux = next(x for x in rapport.tableaux if x.id == ID_LIEUX)
                    for ligne in lieux.lignes:
                        cellule = ligne.cellules[4]
                        valeur = n1.get(ligne.modalite, [0] * 5)[1]
                        if not cellule.masquee and cellule.valeur != valeur:
                            ecarts.append(f"N-1 {ligne.libelle}: {cellule} ≠ {valeur}")
            return ecarts

        exemples["n"] += 1
        assert avec_connexion(database_dsn, run) == []

    cas()
    # Not empty: places with sessions and months with sessions at more than one level per
    # case on average (58 and 66 for 15 cases here), and a person followed at two places of
    # one structure at least once (4 here).
    assert exemples["lieux"] >= exemples["n"] and exemples["mois"] >= exemples["n"], exemples
    assert exemples["partages"] >= 1, exemples
