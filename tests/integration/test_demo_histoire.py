"""The demo has a history (issue 13, item 8): its places and aidants were recorded, confirmed,
closed and deactivated on past days, so a past quarter's report shows the registry of then;
and that quarter's freshness (M1.2) does not move when a stale place is confirmed today
(issue 13, Done when)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

import asyncpg

from domain.acteurs.events import AidantEnregistre
from domain.acteurs.state import fold_aidant
from domain.evaluation.mesures import Mesures
from domain.evaluation.periodes import lire_periode
from domain.evaluation.rapport import Periode, Territoire
from domain.lieux.commands import VerifierLieu
from domain.lieux.events import LieuRecense
from domain.lieux.state import Lieu
from domain.lieux.state import fold as fold_lieu
from mednum.demo.acteurs import demo_acteurs
from mednum.demo.chronologie import PARIS
from mednum.demo.lieux import load_demo
from mednum.infra.projector import Projector
from mednum.rapports.calcul import mesurer
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.catalogue import all_projections
from projections.intervalles import fin_du_jour
from tests.conftest import run_sync

REGION = Territoire(niveau="region", code="27", nom="Bourgogne-Franche-Comté")


def trimestre_passe(aujourdhui: date) -> Periode:
    """The quarter of 18 months ago (2025-T2 on 7 December 2026): the demo's history counts
    back from the day it is loaded."""
    jour = aujourdhui - timedelta(days=540)
    return lire_periode(f"{jour.year}-T{(jour.month - 1) // 3 + 1}")


def mesures(dsn: str, periodes: dict[str, Periode]) -> dict[str, Mesures]:
    async def run() -> dict[str, Mesures]:
        conn = await asyncpg.connect(dsn)
        try:
            for projection in all_projections():
                await Projector(projection).catch_up(conn)
            return {nom: await mesurer(conn, REGION, p) for nom, p in periodes.items()}
        finally:
            await conn.close()

    return run_sync(run())


def records(dsn: str) -> list[UUID]:
    async def run() -> list[UUID]:
        conn = await asyncpg.connect(dsn)
        try:
            return [
                r[0] for r in await conn.fetch("SELECT DISTINCT originator_id FROM mednum_events")
            ]
        finally:
            await conn.close()

    return run_sync(run())


def aidants(m: Mesures) -> int:
    return sum(n for cle, n in m.aidants.items() if cle != "habilites_ac")


def un_an_avant(jour: date) -> date:
    """As PostgreSQL's `date - interval '12 months'` (29 February gives 28 February)."""
    try:
        return jour.replace(year=jour.year - 1)
    except ValueError:
        return jour.replace(year=jour.year - 1, day=28)


def frais(lieu: Lieu, jour: date) -> bool:
    assert lieu.verifie_le is not None
    return lieu.verifie_le.astimezone(PARIS).date() > un_an_avant(jour)


def oracle(hub: Hub, ids: list[UUID], fin: date) -> tuple[int, int, int]:
    """From the raw events recorded before the end of `fin` (Paris): (open places, of which
    verified within the 12 months before `fin`, active aidants). Every demo place lies in the
    région, and an aidant's places were all recorded before the aidant."""
    instant = fin_du_jour(fin)
    ouverts = verifies = actifs = 0
    for record_id in ids:
        tous = hub.events(record_id)
        events = [e for e in tous if e.timestamp < instant]
        if isinstance(tous[0], LieuRecense) and (lieu := fold_lieu(events)) is not None:
            if not lieu.ferme and lieu.fusionne_dans is None:
                ouverts += 1
                verifies += frais(lieu, fin)
        elif isinstance(tous[0], AidantEnregistre):
            aidant = fold_aidant(events)
            actifs += aidant is not None and not aidant.desactive
    return ouverts, verifies, actifs


def test_a_past_quarter_of_the_demo_shows_the_registry_of_then(hub: Hub, database_dsn: str) -> None:
    # given the demo's registry, structures and aidants (a smaller registry: 60 places)
    lieu_ids, _ = load_demo(hub, 60)
    demo_acteurs(hub, lieu_ids)
    aujourdhui = datetime.now(PARIS).date()
    passe = trimestre_passe(aujourdhui)
    periodes = {"passe": passe, "aujourdhui": lire_periode(f"{aujourdhui}..{aujourdhui}")}
    # when the past quarter and today are measured for the région
    avant = mesures(database_dsn, periodes)
    then, now = avant["passe"], avant["aujourdhui"]
    # then the past quarter had some of today's places and aidants: not none, not all
    assert 0 < then.lieux < now.lieux, (then.lieux, now.lieux)
    assert 0 < aidants(then) < aidants(now), (then.aidants, now.aidants)
    # and some places were stale then, not all: the freshness varies
    assert 0 < then.lieux_frais < then.lieux, (then.lieux_frais, then.lieux)
    # and these are the figures the raw events give at the quarter's end, and today
    ids = records(database_dsn)
    assert oracle(hub, ids, passe.fin) == (then.lieux, then.lieux_frais, aidants(then))
    assert oracle(hub, ids, aujourdhui) == (now.lieux, now.lieux_frais, aidants(now))

    # when a place stale at the end of the past quarter, and still stale, is confirmed today
    perime = _perime(hub, lieu_ids, passe.fin, aujourdhui)
    Lieux(hub).verifier_lieu(
        perime.id,
        VerifierLieu(command_id=uuid4(), version=perime.version),
        "coordination@mednum.test",
    )
    # then the past quarter's M1.1, M1.2 and M1.3 are unchanged; today counts it fresh
    apres = mesures(database_dsn, periodes)
    assert (apres["passe"].lieux, apres["passe"].lieux_frais, apres["passe"].aidants) == (
        then.lieux,
        then.lieux_frais,
        then.aidants,
    )
    assert apres["aujourdhui"].lieux_frais == now.lieux_frais + 1


def _perime(hub: Hub, lieu_ids: list[UUID], fin: date, aujourdhui: date) -> Lieu:
    """A place open and stale at the end of `fin`, and still open and stale today."""
    instant = fin_du_jour(fin)
    for lieu_id in lieu_ids:
        events = hub.events(lieu_id)
        alors = fold_lieu([e for e in events if e.timestamp < instant])
        lieu = fold_lieu(events)
        if alors is None or lieu is None or alors.ferme or lieu.ferme:
            continue
        if not frais(alors, fin) and not frais(lieu, aujourdhui):
            return lieu
    raise AssertionError("no demo place was stale at the end of the past quarter and today")
