"""A past period's registry figures do not move when today's registry changes (issue 13,
Done when: « the past-quarter M1.2 is unchanged after confirming a stale place today »); nor
when an aidant leaves today (M1.3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from domain.acteurs.commands import DesactiverAidant, EnregistrerAidant
from domain.evaluation.periodes import lire_periode
from domain.evaluation.rapport import Territoire
from domain.lieux.commands import FermerLieu, ModifierLieu, VerifierLieu
from mednum.infra.projector import Projector
from mednum.rapports.calcul import mesurer
from mednum.services.acteurs import Acteurs
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.catalogue import all_projections
from tests.conftest import run_sync
from tests.integration.projecteur_outils import AUTEUR, recenser

COTE_DOR = Territoire(niveau="departement", code="21", nom="Côte-d'Or")
TRIMESTRE_PASSE = lire_periode("2026-T2")
AUJOURDHUI = lire_periode("2026-12-01..2026-12-06")
RECENSEMENT = datetime(2025, 3, 1, 10, tzinfo=UTC)
VERIFICATION = datetime(2025, 9, 15, 10, tzinfo=UTC)
MAINTENANT = datetime(2026, 12, 6, 15, tzinfo=UTC)


def registre(hub: Hub, moment: datetime) -> Lieux:
    return Lieux(Hub(hub.app, hub.communes, clock=lambda: moment))


def chiffres(dsn: str) -> dict[str, tuple[int, int, int]]:
    """(M1.1 places, of which verified within 12 months, M1.3 aidants) for the past quarter
    and for today."""

    async def run() -> dict[str, tuple[int, int, int]]:
        conn = await asyncpg.connect(dsn)
        try:
            for projection in all_projections():
                await Projector(projection).catch_up(conn)
            sortie = {}
            for nom, periode in (("T2", TRIMESTRE_PASSE), ("aujourdhui", AUJOURDHUI)):
                m = await mesurer(conn, COTE_DOR, periode)
                sortie[nom] = (m.lieux, m.lieux_frais, m.aidants.get("benevole", 0))
            return sortie
        finally:
            await conn.close()

    return run_sync(run())


def test_confirming_closing_or_moving_a_place_today_leaves_the_past_quarter_as_it_was(
    hub: Hub, database_dsn: str
) -> None:
    # given four places of Dijon recorded in March 2025, two of them verified in September
    # 2025: at the end of June 2026, two of four are verified within 12 months (M1.2 = 50 %)
    lieux = [registre(hub, RECENSEMENT).recenser_lieu(recenser(i), AUTEUR) for i in range(4)]
    versions: dict[UUID, int] = {r.id: r.version for r in lieux}
    for r in lieux[:2]:
        v = registre(hub, VERIFICATION).verifier_lieu(
            r.id, VerifierLieu(command_id=uuid4(), version=r.version), AUTEUR
        )
        versions[r.id] = v.version
    # and a volunteer aidant working at the fourth place since then
    benevole = Acteurs(Hub(hub.app, hub.communes, clock=lambda: RECENSEMENT)).enregistrer_aidant(
        EnregistrerAidant(
            command_id=uuid4(),
            prenom="Anne",
            nom="Roy",
            type_aidant="benevole",
            lieux=[lieux[3].id],
        ),
        AUTEUR,
    )
    avant = chiffres(database_dsn)
    assert avant == {"T2": (4, 2, 1), "aujourdhui": (4, 0, 1)}

    # when a stale place is confirmed today
    aujourdhui = registre(hub, MAINTENANT)
    stale = lieux[2].id
    aujourdhui.verifier_lieu(
        stale, VerifierLieu(command_id=uuid4(), version=versions[stale]), AUTEUR
    )
    # then the past quarter's M1.2 is unchanged, and today's counts the confirmation
    apres = chiffres(database_dsn)
    assert apres == {"T2": (4, 2, 1), "aujourdhui": (4, 1, 1)}

    # when, today too, a place closes, another moves to Besançon (Doubs), and the aidant leaves
    ferme = lieux[3].id
    aujourdhui.fermer_lieu(
        ferme, FermerLieu(command_id=uuid4(), version=versions[ferme], motif="Fermé"), AUTEUR
    )
    parti = lieux[0].id
    demenagement: Any = ModifierLieu(
        command_id=uuid4(),
        version=versions[parti],
        code_insee="25056",
        code_postal="25000",
        latitude=47.2378,
        longitude=6.0241,
    )
    aujourdhui.modifier_lieu(parti, demenagement, AUTEUR)
    Acteurs(Hub(hub.app, hub.communes, clock=lambda: MAINTENANT)).desactiver_aidant(
        benevole.id, DesactiverAidant(command_id=uuid4(), version=benevole.version), AUTEUR
    )
    # then the past quarter still counts both places in Côte-d'Or and the aidant; today
    # counts neither place nor the aidant
    assert chiffres(database_dsn) == {"T2": (4, 2, 1), "aujourdhui": (2, 1, 0)}
