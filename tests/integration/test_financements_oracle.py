"""Property-based oracle of the funds indicators (M2.1–M2.3, M4.14) against real PostgreSQL.

Hypothesis draws funding applications of structures in three communes (filed, corrected —
amount, structure, filing date, flags —, granted or refused, then decisions corrected), applies
their events to the real projection, draws a period (a month, a quarter, any range of days)
and checks every figure of `indicateurs_financement` for three nested territories against a
slow computation from the raw events: each application's events folded in Python, then read
as it stood at the end of the period (a decision dated after it leaves the application
awaiting one). The oracle shares no code with the projection or its query.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

import asyncpg
from hypothesis import given
from hypothesis import strategies as st

from domain.financements.events import (
    FinancementAccorde,
    FinancementDepose,
    FinancementModifie,
    FinancementRefuse,
)
from domain.financements.referentiel import SOURCES
from projections.financements import FinancementsProjection
from projections.financements_requetes import indicateurs_financement
from tests.conftest import oracle_exemples, run_sync
from tests.hypothese_outils import memes_cas

DEBUT = dt.date(2024, 1, 1)
MOMENT = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
STRUCTURES = {
    uuid.UUID(int=1): "21231",  # Dijon
    uuid.UUID(int=2): "21054",  # Beaune
    uuid.UUID(int=3): "25056",  # Besançon
}
TERRITOIRES = (("21231",), ("21231", "21054"), ("21231", "21054", "25056"))
HUB = uuid.UUID(int=1)

jours = st.integers(0, 700)
changements = st.one_of(
    st.tuples(st.just("montant"), st.integers(1, 5_000_000)),
    st.tuples(st.just("structure"), st.sampled_from(sorted(STRUCTURES))),
    st.tuples(st.just("depot"), st.integers(-60, 60)),
    st.tuples(st.just("drapeaux"), st.booleans(), st.booleans()),
)
decisions = st.tuples(
    st.sampled_from(("accorde", "refuse")), st.integers(0, 200), st.integers(1, 5_000_000)
)
dossiers = st.tuples(
    st.sampled_from(sorted(STRUCTURES)),
    st.sampled_from(sorted(SOURCES)),
    st.integers(1, 5_000_000),
    jours,
    st.booleans(),
    st.booleans(),
    st.lists(changements, max_size=2),
    st.one_of(st.just([]), st.lists(decisions, min_size=1, max_size=3)),
)


def evenements(tires: list[tuple[Any, ...]]) -> list[Any]:
    """The events the write side would record for the drawn applications."""
    evts: list[Any] = []
    for n, (structure, source, demande, jour, hub, fleche, modifs, decides) in enumerate(tires):
        fid = uuid.UUID(int=1000 + n)

        def meta(fid: uuid.UUID = fid) -> dict[str, Any]:
            return {
                "originator_id": fid,
                "originator_version": sum(e.originator_id == fid for e in evts) + 1,
                "timestamp": MOMENT + dt.timedelta(minutes=len(evts)),
                "auteur": "coord@example.fr",
            }

        depot = DEBUT + dt.timedelta(days=jour)
        evts.append(
            FinancementDepose(
                **meta(),
                source=source,
                financeur="Financeur",
                objet="Objet",
                montant_demande=demande,
                structure_id=structure,
                date_depot=depot,
                periode_debut=DEBUT,
                periode_fin=DEBUT + dt.timedelta(days=900),
                fonctionnement_hub=hub and structure == HUB,
                fleche_accompagnement=fleche,
            )
        )
        for genre, *valeurs in modifs:  # corrections come before any decision
            if genre == "montant":
                evts.append(FinancementModifie(**meta(), montant_demande=valeurs[0]))
            elif genre == "structure":
                evts.append(FinancementModifie(**meta(), structure_id=valeurs[0]))
            elif genre == "depot":
                depot = max(DEBUT, depot + dt.timedelta(days=valeurs[0]))
                evts.append(FinancementModifie(**meta(), date_depot=depot))
            else:
                evts.append(
                    FinancementModifie(
                        **meta(), fonctionnement_hub=valeurs[0], fleche_accompagnement=valeurs[1]
                    )
                )
        quand = depot
        for i, (genre, delai, montant) in enumerate(decides):
            quand += dt.timedelta(days=delai)
            if genre == "accorde":
                evts.append(
                    FinancementAccorde(
                        **meta(), montant_accorde=montant, date_decision=quand, correction=i > 0
                    )
                )
            else:
                evts.append(FinancementRefuse(**meta(), date_decision=quand, correction=i > 0))
    return evts


def oracle(evts: list[Any], communes: tuple[str, ...], debut: dt.date, fin: dt.date) -> dict:
    """Fold each application, read it as of `fin`, count it by hand."""
    dossiers: dict[uuid.UUID, dict[str, Any]] = {}
    for e in evts:
        if isinstance(e, FinancementDepose):
            dossiers[e.originator_id] = {
                "source": e.source,
                "demande": e.montant_demande,
                "structure": e.structure_id,
                "depot": e.date_depot,
                "hub": e.fonctionnement_hub,
                "fleche": e.fleche_accompagnement,
                "statut": "depose",
                "accorde": None,
                "decision": None,
            }
        elif isinstance(e, FinancementModifie):
            d = dossiers[e.originator_id]
            for nom, cle in (
                ("montant_demande", "demande"),
                ("structure_id", "structure"),
                ("date_depot", "depot"),
                ("fonctionnement_hub", "hub"),
                ("fleche_accompagnement", "fleche"),
            ):
                if nom in e.champs_modifies():
                    d[cle] = e.champs_modifies()[nom]
        elif isinstance(e, FinancementAccorde):
            dossiers[e.originator_id].update(
                statut="accorde", accorde=e.montant_accorde, decision=e.date_decision
            )
        elif isinstance(e, FinancementRefuse):
            dossiers[e.originator_id].update(
                statut="refuse", accorde=None, decision=e.date_decision
            )
    f: dict[str, Any] = defaultdict(int)
    par_source = {s: [0, 0] for s in SOURCES}
    par_structure: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for d in dossiers.values():
        if STRUCTURES[d["structure"]] not in communes:
            continue
        decide_a_la_fin = d["decision"] is not None and d["decision"] <= fin
        if decide_a_la_fin and d["decision"] >= debut:
            statut = d["statut"]
        elif not decide_a_la_fin and debut <= d["depot"] <= fin:
            statut = "depose"
            f["_decides_depuis"] += d["decision"] is not None
        else:
            continue
        f["nb_deposes"] += 1
        f["montant_demande"] += d["demande"]
        if statut == "depose":
            f["nb_en_attente"] += 1
            f["montant_en_attente"] += d["demande"]
        elif statut == "refuse":
            f["nb_refuses"] += 1
            f["montant_refuse"] += d["demande"]
        else:
            f["nb_accordes"] += 1
            f["montant_accorde"] += d["accorde"]
            f["montant_demande_accordes"] += d["demande"]
            f["accorde_fonctionnement_hub"] += d["accorde"] if d["hub"] else 0
            f["accorde_fleche_accompagnement"] += d["accorde"] if d["fleche"] else 0
            par_source[d["source"]][0] += d["accorde"]
            par_source[d["source"]][1] += 1
            par_structure[d["structure"]][0] += 1
            par_structure[d["structure"]][1] += d["accorde"]
    return dict(f) | {
        "accorde_par_source": {s: v[0] for s, v in par_source.items()},
        "nb_accordes_par_source": {s: v[1] for s, v in par_source.items()},
        "par_structure": {s: tuple(v) for s, v in par_structure.items()},
    }


@st.composite
def periodes(draw: st.DrawFn, evts: list[Any]) -> tuple[dt.date, dt.date]:
    """A month, a quarter or any range of days, often around the last decision of an
    application, or its filing, so that most periods have something in them."""
    derniere = {e.originator_id: e.date_decision for e in evts if hasattr(e, "date_decision")}
    depots = [e.date_depot for e in evts if isinstance(e, FinancementDepose)]
    genre = draw(st.sampled_from(("mois", "trimestre", "libre")))
    autour = draw(
        st.one_of(
            *([st.sampled_from(sorted(derniere.values()))] if derniere else []),
            st.sampled_from(depots),
            st.dates(DEBUT, dt.date(2025, 12, 31)),
        )
    )
    if genre == "libre":
        debut = autour - dt.timedelta(days=draw(st.integers(0, 90)))
        return debut, autour + dt.timedelta(days=draw(st.integers(0, 90)))
    if genre == "mois":
        debut = autour.replace(day=1)
        suivant = debut.replace(year=debut.year + debut.month // 12, month=debut.month % 12 + 1)
    else:
        debut = autour.replace(month=(autour.month - 1) // 3 * 3 + 1, day=1)
        suivant = debut.replace(
            year=debut.year + (debut.month + 3 > 12), month=(debut.month + 2) % 12 + 1
        )
    return debut, suivant - dt.timedelta(days=1)


def test_every_funds_figure_equals_the_count_from_the_events(database_dsn: str) -> None:
    exemples = {"n": 0, "decides_depuis": 0, "avec_decision": 0}

    @memes_cas(oracle_exemples(80), en_base=True)
    @given(st.lists(dossiers, min_size=1, max_size=8), st.data())
    def cas(tires: list[tuple[Any, ...]], data: st.DataObject) -> None:
        evts = evenements(tires)
        periode = data.draw(periodes(evts), label="periode")

        async def run() -> list[tuple[Any, ...]]:
            conn = await asyncpg.connect(database_dsn)
            try:
                await conn.execute("TRUNCATE financements")
                await conn.execute("DELETE FROM structures WHERE nom LIKE 'Oracle %'")
                for sid, insee in STRUCTURES.items():
                    await conn.execute(
                        "INSERT INTO structures (id, version, siret, nom, type_structure, "
                        "adresse, code_postal, code_insee, commune, departement, cree_le, "
                        "cree_par, modifie_le, modifie_par) VALUES ($1, 1, '', $2, 'x', '', "
                        "'', $3, '', $4, now(), 't', now(), 't') ON CONFLICT (id) DO NOTHING",
                        sid,
                        f"Oracle {insee}",
                        insee,
                        insee[:2],
                    )
                async with conn.transaction():
                    await FinancementsProjection().apply(conn, evts)
                ecarts = []
                for communes in TERRITOIRES:
                    ind = await indicateurs_financement(conn, communes, *periode)
                    publie = {
                        nom: getattr(ind, nom)
                        for nom in ind.__struct_fields__
                        if nom != "par_structure"
                    } | {
                        "par_structure": {
                            s.structure_id: (s.nb_accordes, s.montant_accorde)
                            for s in ind.par_structure
                        }
                    }
                    attendu = oracle(evts, communes, *periode)
                    for nom, valeur in publie.items():
                        if valeur != attendu.get(nom, 0):
                            ecarts.append((communes, nom, valeur, attendu.get(nom, 0)))
                    exemples["decides_depuis"] += attendu.get("_decides_depuis", 0) > 0
                    exemples["avec_decision"] += attendu.get("nb_accordes", 0) > 0
                return ecarts
            finally:
                await conn.close()

        exemples["n"] += 1
        ecarts = run_sync(run())
        assert not ecarts, f"period {periode}: {ecarts}"

    cas()
    # The drawn cases must exercise both sides of the as-of rule (applications awaiting a
    # decision at the end of the period and decided since; grants in it), not empty territories.
    assert exemples["decides_depuis"] >= 10 and exemples["avec_decision"] >= 10, exemples
