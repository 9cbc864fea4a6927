"""`mednum backup FILE` and `mednum restore FILE`: the dump with a progress bar, and after a
restore, every erasure of the ledger made again (the dump may predate some of them)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

from rich.progress import Progress

from domain.acteurs.commands import EffacerAidant
from domain.beneficiaires.commands import AnonymiserBeneficiaire
from mednum.cli.console import console, progression, project
from mednum.infra.communes import referentiel_communes
from mednum.infra.database import prepare_database
from mednum.infra.eventstore import open_event_store
from mednum.infra.registre_effacements import Effacement, RegistreEffacements
from mednum.infra.sauvegarde import Avancement, restaurer, sauvegarder
from mednum.services.acteurs import Acteurs
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub

logger = logging.getLogger(__name__)
# Re-applying one ledger entry is one command: restoring twice records it once.
_NAMESPACE = uuid.UUID("5d7e2c41-0f7b-4b8e-9a35-2f1c6e8d9b10")


def _barre(libelle: str) -> tuple[Progress, Avancement]:
    progress = progression()
    task = progress.add_task(libelle, total=None)
    return progress, lambda fait, total: progress.update(task, completed=fait, total=total)


def run_backup(dsn: str, fichier: Path) -> None:
    progress, avancement = _barre(f"Sauvegarde vers {fichier.name}")
    with progress:
        somme = sauvegarder(dsn, fichier, avancement)
    console.print(f"Sauvegarde écrite : {fichier} (SHA-256 {somme}, dans {fichier.name}.sha256).")


def reappliquer_effacements(dsn: str, registre: RegistreEffacements) -> int:
    """Erase again everyone in the ledger whose key the restored database still holds: they
    were erased after the backup was taken (a key erased before it is not in the dump).
    Answers how many keys were destroyed again."""
    app = open_event_store(dsn)
    n = 0
    try:
        # No ledger here: these erasures are in it already.
        hub = Hub(app, referentiel_communes())
        for entree in registre.entrees():
            if app.coffre.cle(entree.personne_id) is None:
                continue
            _reenregistrer(hub, entree)
            app.coffre.detruire(entree.personne_id)
            logger.info(
                "restauration : effacement du %s réappliqué à %s (%s)",
                entree.efface_le.isoformat(),
                entree.personne_id,
                entree.nature,
            )
            n += 1
    finally:
        app.close()
    return n


def _reenregistrer(hub: Hub, entree: Effacement) -> None:
    """The erasure's event, when the restored log does not have it yet (a mediator's notes
    key has none: destroying it is the whole erasure)."""
    command_id = uuid.uuid5(_NAMESPACE, f"{entree.personne_id}:{entree.efface_le.isoformat()}")
    if entree.nature == "beneficiaire":
        beneficiaires = Beneficiaires(hub)
        personne = beneficiaires.beneficiaire(entree.personne_id)
        if personne is not None and not personne.anonymise:
            commande = AnonymiserBeneficiaire(command_id=command_id, motif=entree.motif)
            beneficiaires.anonymiser(entree.personne_id, commande, "mednum restore")
    elif entree.nature == "aidant":
        acteurs = Acteurs(hub)
        aidant = acteurs.aidant(entree.personne_id)
        if aidant is not None and not aidant.efface:
            commande_aidant = EffacerAidant(
                command_id=command_id, version=aidant.version, motif=entree.motif
            )
            acteurs.effacer_aidant(entree.personne_id, commande_aidant, "mednum restore")


def run_restore(dsn: str, fichier: Path | None, registre: RegistreEffacements) -> None:
    """Without a file, only the erasures (after PostgreSQL's own point-in-time recovery)."""
    if fichier is not None:
        progress, avancement = _barre(f"Restauration de {fichier.name}")
        with progress:
            restaurer(dsn, fichier, avancement)
        asyncio.run(prepare_database(dsn))  # a backup from an older version: migrate it
    refaits = reappliquer_effacements(dsn, registre)
    asyncio.run(project(dsn, None))
    console.print(
        f"Base restaurée depuis {fichier.name if fichier else 'PostgreSQL'} ; {refaits} "
        "effacement(s) postérieur(s) à la "
        f"sauvegarde réappliqué(s) (registre {registre.chemin}).",
        soft_wrap=True,
    )
