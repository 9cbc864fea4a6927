"""`mednum erase ID` (a beneficiary) and `mednum erase-aidant ID`: the right to erasure from
the command line. Each records the erasure in the ledger, destroys the key, then brings the
read models up to date so that no readable copy is left anywhere."""

from __future__ import annotations

import asyncio
from uuid import UUID, uuid4

from domain.acteurs.commands import EffacerAidant
from domain.beneficiaires.commands import AnonymiserBeneficiaire
from domain.errors import DomainError, IntrouvableError
from mednum.cli.console import console, project
from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import open_event_store
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.services.acteurs import Acteurs
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.executeur import Hub


def _identifiant(texte_id: str, champ: str, fiche: str) -> UUID:
    try:
        return UUID(texte_id)
    except ValueError:
        raise DomainError(
            f"Identifiant illisible : « {texte_id} » (un UUID, visible dans l'adresse de la "
            f"fiche {fiche}).",
            champ,
        ) from None


def run_erase(dsn: str, texte_id: str, registre: RegistreEffacements) -> None:
    """Erase a person's identity, and the notes of their sessions."""
    beneficiaire_id = _identifiant(texte_id, "beneficiaire_id", "de la personne")
    app = open_event_store(dsn)
    try:
        beneficiaires = Beneficiaires(Hub(app, referentiel_communes()), registre)
        if beneficiaires.beneficiaire(beneficiaire_id) is None:
            raise IntrouvableError("Aucune personne n'a cet identifiant.", "beneficiaire_id")
        beneficiaires.anonymiser(
            beneficiaire_id, AnonymiserBeneficiaire(command_id=uuid4()), "mednum erase"
        )
    finally:
        app.close()
    asyncio.run(project(dsn, None))
    console.print("Identité effacée : la clé de la personne est détruite, ses copies aussi.")


def run_erase_aidant(dsn: str, texte_id: str, registre: RegistreEffacements) -> None:
    """Erase an aidant's identity (name, e-mail, telephone); their statistics stay."""
    aidant_id = _identifiant(texte_id, "aidant_id", "de l'aidant")
    app = open_event_store(dsn)
    try:
        acteurs = Acteurs(Hub(app, referentiel_communes()), registre)
        aidant = acteurs.aidant(aidant_id)
        if aidant is None:
            raise IntrouvableError("Aucun aidant n'a cet identifiant.", "aidant_id")
        commande = EffacerAidant(command_id=uuid4(), version=aidant.version)
        acteurs.effacer_aidant(aidant_id, commande, "mednum erase-aidant")
    finally:
        app.close()
    asyncio.run(project(dsn, None))
    console.print(
        "Identité de l'aidant effacée : sa clé est détruite, ses copies aussi ; ses "
        "statistiques restent."
    )
