"""What the trainings' unit tests share: commands, a path, a session's story."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest

from domain.base import Contexte
from domain.errors import DomainError
from domain.formations.commands import (
    CreerParcours,
    EnregistrerPresences,
    InscrireAidant,
    ProgrammerSession,
    TerminerFormation,
)
from domain.formations.decide_inscriptions import (
    AidantConnu,
    enregistrer_presences,
    inscrire_aidant,
    terminer_formation,
)
from domain.formations.decide_parcours import creer_parcours
from domain.formations.decide_sessions import (
    LieuConnu,
    programmer_session,
)
from domain.formations.state import Parcours, SessionFormation, fold_parcours, fold_session

PARCOURS_ID = UUID("00000000-0000-4000-8000-0000000000a1")
SESSION_ID = UUID("00000000-0000-4000-8000-0000000000b1")
LIEU = LieuConnu(id=UUID("00000000-0000-4000-8000-0000000000c1"), nom="Médiathèque", ferme=False)
# Sessions below run on 2 and 3 March 2026; "now" is chosen per test.
AVANT = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 2, 1, 9, tzinfo=UTC))
PENDANT = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 2, 17, tzinfo=UTC))
APRES = Contexte(auteur="coord@example.fr", maintenant=datetime(2026, 3, 3, 17, tzinfo=UTC))
JOURS = ("2026-03-02", "2026-03-03")


def mediateur() -> AidantConnu:
    return AidantConnu(id=uuid4(), type_aidant="mediateur_numerique_salarie")


def refus(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


def creer(**changes: Any) -> CreerParcours:
    fields: dict[str, Any] = {
        "command_id": str(uuid4()),
        "titre": "Formation Aidants Connect",
        "duree_heures": 14,
        "types_aidant": ["mediateur_numerique_salarie", "agent_france_services"],
        "modules": [
            {"titre": "Le mandat et ses règles", "heures": 7},
            {"titre": "Mises en situation", "heures": 7},
        ],
        "qualification_delivree": "formation_aidants_connect",
    }
    return msgspec.convert(fields | changes, CreerParcours)


def given_parcours(**changes: Any) -> Parcours:
    parcours = fold_parcours(creer_parcours(PARCOURS_ID, creer(**changes), AVANT))
    assert parcours is not None
    return parcours


def programmer(**changes: Any) -> ProgrammerSession:
    fields: dict[str, Any] = {
        "command_id": str(uuid4()),
        "parcours_id": str(PARCOURS_ID),
        "debut": "2026-03-02",
        "fin": "2026-03-03",
        "mode": "presentiel",
        "lieu_id": str(LIEU.id),
        "formateur": "Camille Martin",
        "capacite": 2,
    }
    return msgspec.convert(fields | changes, ProgrammerSession)


class Histoire:
    """A session built event by event, as the service would."""

    def __init__(self, capacite: int = 2, **changes: Any) -> None:
        self.parcours = given_parcours()
        self.events: list[Any] = list(
            programmer_session(
                SESSION_ID, self.parcours, LIEU, programmer(capacite=capacite, **changes), AVANT
            )
        )

    @property
    def session(self) -> SessionFormation:
        session = fold_session(self.events)
        assert session is not None
        return session

    def inscrire(self, aidant: AidantConnu, ctx: Contexte = AVANT) -> list[Any]:
        commande = InscrireAidant(command_id=uuid4(), aidant_id=aidant.id)
        new = inscrire_aidant(self.session, self.parcours, aidant, commande, ctx)
        self.events += new
        return list(new)

    def presences(self, aidant: AidantConnu, *cles: str, present: bool = True) -> list[Any]:
        commande = msgspec.convert(
            {
                "command_id": str(uuid4()),
                "presences": [
                    {"aidant_id": str(aidant.id), "creneau": c, "present": present} for c in cles
                ],
            },
            EnregistrerPresences,
        )
        new = enregistrer_presences(self.session, commande, APRES)
        self.events += new
        return list(new)

    def terminer(self, aidant: AidantConnu, ctx: Contexte = APRES) -> list[Any]:
        commande = TerminerFormation(command_id=uuid4(), aidant_id=aidant.id)
        new = terminer_formation(self.session, self.parcours, commande, ctx)
        self.events += new
        return list(new)
