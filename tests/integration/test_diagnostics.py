"""Diagnostics on a real PostgreSQL: who may record them, the read model, the level history,
and two grid versions side by side."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.diagnostics.commands import AnnulerDiagnostic, CorrigerDiagnostic, RealiserDiagnostic
from domain.errors import IntrouvableError
from domain.grille import GRILLE_COURANTE
from mednum.accounts import Role, User
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.diagnostics import Diagnostics
from mednum.services.executeur import Hub
from projections.diagnostics import (
    DiagnosticsProjection,
    diagnostics_du_beneficiaire,
    historique_niveaux,
)
from tests.conftest import run_sync
from tests.integration.outils_projection import projeter_puis
from tests.integration.test_beneficiaires import suivi, texte_de_toutes_les_tables
from tests.integration.test_cli import mednum

CAMILLE = User(id=uuid4(), email="camille@example.fr", role=Role.MEDIATEUR)
DOMINIQUE = User(id=uuid4(), email="dominique@example.fr", role=Role.MEDIATEUR)
ADMIN = User(id=uuid4(), email="admin@example.fr", role=Role.ADMIN)


def beneficiaire(hub: Hub, mediateur: User) -> UUID:
    commande = EnregistrerBeneficiaire(command_id=uuid4(), tranche_age="soixante_dix_plus")
    return Beneficiaires(hub).enregistrer(commande, mediateur.email).id


def commande(beneficiaire_id: UUID, **changes: Any) -> RealiserDiagnostic:
    valeurs: dict[str, Any] = {
        "command_id": str(uuid4()),
        "beneficiaire_id": str(beneficiaire_id),
        "date": "2026-01-15",
        "source": "observation",
        "scores": {"S1": 2, "S2": 2, "S3": 1, "S4": 1, "S5": 2, "S6": 0},
        "drapeaux": ["demarche_urgente"],
        "thematiques": ["sante"],
        "cible": 2,
    }
    return msgspec.convert(valeurs | changes, RealiserDiagnostic)


def correction(version: int, motif: str, **changes: Any) -> CorrigerDiagnostic:
    """A correction of the diagnostic at `version`, on the day and source of `commande`."""
    valeurs: dict[str, Any] = {
        "command_id": str(uuid4()),
        "version": version,
        "motif": motif,
        "date": "2026-01-15",
        "source": "observation",
    }
    return msgspec.convert(valeurs | changes, CorrigerDiagnostic)


def lire(dsn: str, beneficiaire_id: UUID) -> tuple[list[Any], list[Any]]:
    """Bring the read model up to date, then read the diagnostics and the level history."""

    async def run(conn: asyncpg.Connection) -> tuple[list[Any], list[Any]]:
        return (
            await diagnostics_du_beneficiaire(conn, beneficiaire_id, inclure_annules=True),
            await historique_niveaux(conn, beneficiaire_id),
        )

    return projeter_puis(dsn, run, DiagnosticsProjection())


def test_only_the_beneficiarys_mediator_or_an_admin_records_a_diagnostic(hub: Hub) -> None:
    diagnostics = Diagnostics(hub)
    personne = beneficiaire(hub, CAMILLE)
    # another mediator: as if the person did not exist
    with pytest.raises(IntrouvableError):
        diagnostics.realiser(commande(personne), DOMINIQUE)
    # an unknown person, or an id of another kind of record
    with pytest.raises(IntrouvableError):
        diagnostics.realiser(commande(uuid4()), CAMILLE)
    premier = diagnostics.realiser(commande(personne), CAMILLE)
    with pytest.raises(IntrouvableError):
        diagnostics.realiser(commande(premier.id), CAMILLE)
    # their own mediator and an admin may
    assert diagnostics.realiser(commande(personne, date="2026-02-01"), ADMIN).version == 2
    # and a diagnostic of another mediator's person cannot be cancelled either
    with pytest.raises(IntrouvableError):
        diagnostics.annuler(
            premier.id,
            AnnulerDiagnostic(command_id=uuid4(), version=2, motif="erreur"),
            DOMINIQUE,
        )


def test_the_read_model_keeps_each_level_with_its_grid_version_and_the_history(
    hub: Hub, database_dsn: str
) -> None:
    personne = beneficiaire(hub, CAMILLE)
    # given a diagnostic with the current grid (level 1), and a later grid with no cap slack
    ancienne = Diagnostics(hub)
    nouvelle = Diagnostics(
        hub, msgspec.structs.replace(GRILLE_COURANTE, version="2027.1", ecart_max=0)
    )
    premier = ancienne.realiser(commande(personne), CAMILLE)
    # when later diagnostics are made with the new grid
    scores = {"S1": 3, "S2": 3, "S3": 3, "S4": 2, "S5": 2, "S6": 2}
    deuxieme = nouvelle.realiser(commande(personne, date="2026-03-01", scores=scores), CAMILLE)
    troisieme = nouvelle.realiser(
        commande(personne, date="2026-02-01", source="pix", scores={}, score_importe=140),
        CAMILLE,
    )
    # and the third is cancelled
    nouvelle.annuler(
        troisieme.id, AnnulerDiagnostic(command_id=uuid4(), version=2, motif="doublon"), CAMILLE
    )
    # then the first keeps its level and version, the history skips the cancelled one
    rows, historique = lire(database_dsn, personne)
    par_id = {row.id: row for row in rows}
    assert (par_id[premier.id].niveau, par_id[premier.id].grille_version) == (1, "2026.1")
    assert (par_id[deuxieme.id].niveau, par_id[deuxieme.id].grille_version) == (2, "2027.1")
    assert par_id[troisieme.id].annule and par_id[troisieme.id].niveau == 2
    assert par_id[premier.id].scores["S6"] == 0
    assert par_id[premier.id].drapeaux == ["demarche_urgente"]
    assert par_id[premier.id].detail == {
        "methode": "scores",
        "moyenne": 1.33,
        "moyenne_arrondie": 1,
        "plafond": 1,
    }
    assert [(p.date, p.niveau, p.grille_version) for p in historique] == [
        (date(2026, 1, 15), 1, "2026.1"),
        (date(2026, 3, 1), 2, "2027.1"),
    ]


def test_a_correction_updates_the_row_and_its_level(hub: Hub, database_dsn: str) -> None:
    diagnostics = Diagnostics(hub)
    personne = beneficiaire(hub, CAMILLE)
    fait = diagnostics.realiser(commande(personne), CAMILLE)
    scores = {"S1": 2, "S2": 2, "S3": 2, "S4": 2, "S5": 2, "S6": 2}
    corrige = correction(fait.version, "S6 observé à nouveau", scores=scores)
    assert diagnostics.corriger(fait.id, corrige, CAMILLE).version == 4
    # a retry of the same command is answered as the first time
    assert diagnostics.corriger(fait.id, corrige, CAMILLE).rejoue
    rows, historique = lire(database_dsn, personne)
    assert (rows[0].version, rows[0].niveau, rows[0].drapeaux) == (4, 2, [])
    assert [p.niveau for p in historique] == [2]


def test_a_note_is_encrypted_with_the_persons_key_and_erased_with_them(
    hub: Hub, database_dsn: str, tmp_path: Path
) -> None:
    # given a followed person's diagnostic whose note names them, then a corrected note
    nom = f"Notez-moi-{uuid4().hex[:8]}"
    personne = Beneficiaires(hub).enregistrer(suivi(nom), CAMILLE.email).id
    diagnostics = Diagnostics(hub)
    fait = diagnostics.realiser(commande(personne, note=f"{nom} craint les écrans"), CAMILLE)
    scores = {"S1": 2, "S2": 2, "S3": 1, "S4": 1, "S5": 2, "S6": 0}
    corrige = correction(fait.version, "note complétée", scores=scores, note=f"{nom} progresse")
    diagnostics.corriger(fait.id, corrige, CAMILLE)
    # then the log holds no note in plain text, yet both sides read it back
    assert nom not in texte_du_journal(database_dsn)
    relu = diagnostics.diagnostic(fait.id)
    assert relu is not None and relu.note == f"{nom} progresse"
    rows, _ = lire(database_dsn, personne)
    assert rows[0].note == f"{nom} progresse"
    # when the person is erased
    assert mednum(database_dsn, tmp_path, "erase", str(personne)).returncode == 0
    # then the note is nowhere, and the diagnostic still counts with its level
    assert nom not in texte_de_toutes_les_tables(database_dsn)
    oublie = diagnostics.diagnostic(fait.id)
    assert oublie is not None and oublie.note is None
    rows, historique = lire(database_dsn, personne)
    assert rows[0].note is None and rows[0].niveau == relu.niveau
    assert len(historique) == 1


def texte_du_journal(dsn: str) -> str:
    async def run() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch("SELECT convert_from(state, 'UTF8') FROM mednum_events")
            return "\n".join(r[0] for r in rows)
        finally:
            await conn.close()

    return run_sync(run())
