"""Retention decides from the event log, not from read models alone: with `activites` emptied
by a rebuild while the job is due, nobody with a recent session loses their identity."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import msgspec

from domain.activites.commands import EnregistrerActivite
from domain.beneficiaires.commands import EnregistrerBeneficiaire
from mednum.accounts import Role, User
from mednum.infra.projector import Projector
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.jobs.retention import appliquer_retention, decider_retention
from mednum.services.activites import Activites
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub
from projections.activites import ActivitesProjection
from projections.beneficiaires import BeneficiairesProjection
from tests.conftest import run_sync
from tests.integration.test_cli import fetchval, mednum

MED = User(id=uuid.uuid4(), email="med@example.fr", role=Role.MEDIATEUR)


def personne(hub: Hub, nom: str) -> uuid.UUID:
    """A followed person recorded 400 days ago."""
    ancien = Hub(hub.app, hub.communes, clock=lambda: datetime.now(UTC) - timedelta(days=400))
    commande = EnregistrerBeneficiaire(
        command_id=uuid.uuid4(), suivi=True, consentement=True, prenom="Camille", nom=nom
    )
    return Beneficiaires(ancien).enregistrer(commande, MED.email).id


def seance(hub: Hub, beneficiaire: uuid.UUID, il_y_a: int, **autres: object) -> None:
    quand = date.today() - timedelta(days=il_y_a)
    valeurs = {
        "command_id": str(uuid.uuid4()),
        "type": "individuel",
        "date": quand.isoformat(),
        "duree": 30,
        "type_lieu": "a_distance",
        "thematiques": ["email"],
        "beneficiaire_id": str(beneficiaire),
    } | autres
    if il_y_a > 90:
        valeurs["motif_retard"] = "Saisie de rattrapage"
    Activites(hub).enregistrer(msgspec.convert(valeurs, EnregistrerActivite), MED)


def projeter(dsn: str, *, vider_activites: bool = False) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await Projector(BeneficiairesProjection()).catch_up(conn)
            activites = Projector(ActivitesProjection())
            await activites.catch_up(conn)
            if vider_activites:  # `mednum project --rebuild activites`, caught mid-way
                await activites.reset(conn)
        finally:
            await conn.close()

    run_sync(run())


def test_emptied_activites_erase_nobody_with_recent_sessions(
    hub: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given people recorded 400 days ago: one seen alone 10 days ago, one in a workshop 20
    # days ago, one whose last session is 380 days old, and one never seen
    seul = personne(hub, "Seule")
    en_atelier = personne(hub, "Atelier")
    oublie_seance = personne(hub, "Ancienne")
    oublie = personne(hub, "Oubliee")
    seance(hub, seul, 10)
    seance(
        hub,
        en_atelier,
        20,
        type="collectif",
        beneficiaire_id=None,
        beneficiaires=[str(en_atelier)],
        titre_atelier="Premiers pas",
        niveau="debutant",
    )
    seance(hub, oublie_seance, 380)
    # and the `activites` read model emptied by a rebuild while the nightly job is due
    projeter(database_dsn, vider_activites=True)
    assert fetchval(database_dsn, "SELECT count(*) FROM accompagnements") == 0

    async def run(essai: bool) -> tuple[list[object], int]:
        conn = await asyncpg.connect(database_dsn)
        try:
            decisions = await decider_retention(conn, 365, date.today())
            registre = RegistreEffacements.du_dossier(tmp_path)
            n = await appliquer_retention(
                conn, Beneficiaires(hub, registre), 365, date.today(), essai=essai
            )
            return list(decisions), n
        finally:
            await conn.close()

    # when retention runs: the read models propose all four
    decisions, n = run_sync(run(essai=False))
    assert {d.beneficiaire_id for d in decisions} == {seul, en_atelier, oublie_seance, oublie}  # type: ignore[attr-defined]
    # then the log keeps the two seen recently, and only the two others lose their identity
    assert n == 2
    gardes = {d.beneficiaire_id for d in decisions if not d.anonymiser}  # type: ignore[attr-defined]
    assert gardes == {seul, en_atelier}
    for b in (seul, en_atelier):
        vu = Beneficiaires(hub).beneficiaire(b)
        assert vu is not None and not vu.anonymise
        assert hub.app.coffre.cle(b) is not None
    for b in (oublie_seance, oublie):
        efface = Beneficiaires(hub).beneficiaire(b)
        assert efface is not None and efface.anonymise
        assert hub.app.coffre.cle(b) is None
    # and each erasure is in the ledger outside the database
    inscrits = {e.personne_id for e in RegistreEffacements.du_dossier(tmp_path).entrees()}
    assert inscrits == {oublie_seance, oublie}


def test_dry_run_says_who_and_erases_nothing(hub: Hub, database_dsn: str, tmp_path: Path) -> None:
    # given one forgotten person and one seen last week
    oublie = personne(hub, "Oubliee")
    vu = personne(hub, "Vue")
    seance(hub, vu, 7)
    # when `mednum retention --essai` runs
    result = mednum(database_dsn, tmp_path, "retention", "--essai")
    # then it names the one it would erase, erases nothing, writes no ledger
    assert result.returncode == 0, result.stderr
    sortie = result.stdout + result.stderr
    assert "1 identités seraient anonymisées" in sortie
    assert f"retention (essai) : {oublie} anonymisée" in sortie and str(vu) not in sortie
    assert hub.app.coffre.cle(oublie) is not None
    assert fetchval(database_dsn, "SELECT count(*) FROM beneficiaires WHERE anonymise") == 0
    assert not list(RegistreEffacements.du_dossier(tmp_path).entrees())
