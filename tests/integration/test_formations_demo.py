"""The demo trainings: realistic, through the real commands, and a second run creates nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.acteurs.commands import EnregistrerAidant
from domain.acteurs.referentiel import TYPES_AIDANT
from domain.lieux.commands import RecenserLieu
from mednum.demo.chronologie import au
from mednum.demo.formations import PARCOURS, _id, demo_formations
from mednum.services.acteurs import Acteurs
from mednum.services.executeur import Hub
from mednum.services.formations import Formations
from mednum.services.lieux import Lieux

pytestmark = pytest.mark.timeout(120)


def test_the_demo_fills_sessions_with_completions_and_runs_once(hub: Hub) -> None:
    # given a few places and aidants of every type, recorded a year ago (the demo holds its
    # sessions at places, and enrols aidants, that the registry had by then)
    il_y_a_un_an = au(hub, datetime.now(UTC) - timedelta(days=365))
    lieux = [
        Lieux(il_y_a_un_an)
        .recenser_lieu(
            RecenserLieu(
                command_id=uuid4(),
                nom=f"Médiathèque {n}",
                adresse="14 rue Champollion",
                code_postal="21000",
                code_insee="21231",
                latitude=47.3325,
                longitude=5.0512,
            ),
            "test",
        )
        .id
        for n in range(3)
    ]
    acteurs = Acteurs(il_y_a_un_an)
    aidants = [
        acteurs.enregistrer_aidant(
            EnregistrerAidant(command_id=uuid4(), prenom=f"P{n}", nom="Nom", type_aidant=t),
            "test",
        ).id
        for n in range(4)
        for t in TYPES_AIDANT
    ]
    # when the demo runs twice
    first = demo_formations(hub, aidants, lieux)
    second = demo_formations(hub, aidants, lieux)
    # then the first run wrote, the second nothing
    assert first > 100 and second == 0
    formations = Formations(hub)
    sessions = [
        formations.session(_id("session", 2026, rang, numero))
        for rang in range(len(PARCOURS))
        for numero in range(5)
    ]
    assert all(s is not None for s in sessions) and len(sessions) == 30
    terminees = [i for s in sessions if s for i in s.inscriptions.values() if i.terminee_le]
    assert terminees, "past sessions have completions"
    # and the Aidants Connect completions became qualifications
    formes = {
        i.aidant_id for i in terminees if i.qualification_delivree == "formation_aidants_connect"
    }
    assert formes
    qualifie = acteurs.aidant(next(iter(formes)))
    assert qualifie is not None
    assert "formation_aidants_connect" in {q.type for q in qualifie.qualifications}
