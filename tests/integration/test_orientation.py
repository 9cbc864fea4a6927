"""Referrals on a real PostgreSQL: the read model, the « à relancer » list and the scheduled
job that expires referrals 30 days old (run twice: nothing recorded twice)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from domain.orientation.commands import AccepterOrientation, ProposerOrientation
from mednum.accounts import Role, User
from mednum.infra.projector import Projector
from mednum.jobs.suivi_orientations import suivre_orientations
from mednum.services.executeur import Hub
from mednum.services.orientation import Orientations
from projections.orientations import OrientationsProjection, lister_orientations
from tests.conftest import run_sync

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LIEU = uuid.UUID(int=7)
CAMILLE = User(id=uuid.uuid4(), email="camille@example.fr", role=Role.MEDIATEUR)


def test_expiry_job_and_reminders_on_the_read_model(hub: Hub, database_dsn: str) -> None:
    # given two referrals made on day 0 by Camille, one accepted
    maintenant = [T0]
    hub.clock = lambda: maintenant[0]
    orientations = Orientations(hub, "cle-de-test")
    ids = []
    for _ in range(2):
        commande = ProposerOrientation(
            command_id=uuid.uuid4(), niveau=2, regle="R4", lieux_proposes=[LIEU]
        )
        ids.append(orientations.proposer(commande, CAMILLE).id)
    orientations.accepter(ids[0], AccepterOrientation(command_id=uuid.uuid4(), version=1), CAMILLE)

    async def run(quand: datetime) -> tuple[Any, ...]:
        conn = await asyncpg.connect(database_dsn)
        try:
            await Projector(OrientationsProjection()).catch_up(conn)
            fait = await suivre_orientations(conn, orientations, quand)
            await Projector(OrientationsProjection()).catch_up(conn)
            a_relancer, _ = await lister_orientations(
                conn, quand, mediateur=CAMILLE.email, a_relancer=True
            )
            toutes, total = await lister_orientations(conn, quand, mediateur=CAMILLE.email)
            autres, _ = await lister_orientations(conn, quand, mediateur="autre@example.fr")
            return fait, a_relancer, {o.id: o.statut for o in toutes}, total, autres
        finally:
            await conn.close()

    # when the job runs on day 8: nothing expires, both are to chase up
    maintenant[0] = T0 + timedelta(days=8)
    fait, a_relancer, statuts, total, autres = run_sync(run(maintenant[0]))
    assert fait == (0, 0) and total == 2 and autres == []
    assert {o.id for o in a_relancer} == set(ids)
    assert statuts[ids[0]] == "acceptee"
    # when it runs on day 30, then again: both expire, once
    maintenant[0] = T0 + timedelta(days=30)
    fait, a_relancer, statuts, _, _ = run_sync(run(maintenant[0]))
    assert fait == (0, 2) and a_relancer == []
    assert set(statuts.values()) == {"expiree"}
    fait, _, _, _, _ = run_sync(run(maintenant[0]))
    assert fait == (0, 0)
    assert len(hub.events(ids[1])) == 2
