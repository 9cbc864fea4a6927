"""The write side of funding applications: file, correct, grant, refuse, through
Hub.executer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.acteurs.state import fold_structure
from domain.base import Contexte, Evenement
from domain.financements import decide
from domain.financements.commands import (
    DeposerFinancement,
    ModifierFinancement,
)
from domain.financements.events import (
    FinancementAccorde,
    FinancementDepose,
    FinancementModifie,
    FinancementRefuse,
)
from domain.financements.referentiel import SOURCES
from domain.financements.state import Financement, fold
from mednum.services.executeur import Hub, Resultat, sur_l_etat


class Financements:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def financement(self, financement_id: UUID) -> Financement | None:
        return fold(self.hub.events(financement_id))

    def _structure_existe(self, structure_id: UUID) -> bool:
        return fold_structure(self.hub.events(structure_id)) is not None

    def deposer(
        self, commande: DeposerFinancement, auteur: str, financement_id: UUID | None = None
    ) -> Resultat:
        """`financement_id` is drawn at random unless given (the demo fixes it)."""
        return self.hub.creer(
            commande,
            financement_id,
            lambda nouvel_id, ctx: decide.deposer(
                nouvel_id, commande, self._structure_existe(commande.structure_id), ctx
            ),
            auteur,
        )

    def modifier(
        self, financement_id: UUID, commande: ModifierFinancement, auteur: str
    ) -> Resultat:
        def decider(events: list[Any], ctx: Contexte) -> list[Evenement]:
            existe = isinstance(commande.structure_id, msgspec.UnsetType) or self._structure_existe(
                commande.structure_id
            )
            return decide.modifier(fold(events), commande, existe, ctx)

        return self.hub.executer(commande, financement_id, decider, auteur)

    accorder = sur_l_etat(fold, decide.accorder)

    refuser = sur_l_etat(fold, decide.refuser)


class LigneHistorique(msgspec.Struct, frozen=True, kw_only=True):
    """One change of an application, told in French."""

    quand: datetime
    qui: str
    quoi: str


def euros(centimes: int | None) -> str:
    """12345678 → « 123 456,78 € » (a narrow no-break space between thousands)."""
    if centimes is None:
        return ""
    texte = f"{centimes / 100:,.2f}".replace(",", "\u202f").replace(".", ",")
    return texte.removesuffix(",00") + " €"


_LIBELLES = {
    "source": "source",
    "financeur": "financeur",
    "objet": "objet",
    "montant_demande": "montant demandé",
    "structure_id": "structure bénéficiaire",
    "date_depot": "date de dépôt",
    "periode_debut": "début de période",
    "periode_fin": "fin de période",
    "fonctionnement_hub": "fonctionnement du hub",
    "fleche_accompagnement": "fléché accompagnement",
}


def _valeur(champ: str, valeur: object) -> str:
    if champ == "montant_demande" and isinstance(valeur, int):
        return euros(valeur)
    if champ == "source" and isinstance(valeur, str):
        return SOURCES.get(valeur, valeur)
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, date):
        return f"{valeur:%d/%m/%Y}"
    return str(valeur)


def decrire(event: object) -> str:
    if isinstance(event, FinancementDepose):
        return (
            f"dossier déposé le {event.date_depot:%d/%m/%Y} auprès de {event.financeur} "
            f"({SOURCES.get(event.source, event.source)}), {euros(event.montant_demande)} demandés"
        )
    if isinstance(event, FinancementModifie):
        return "correction : " + ", ".join(
            f"{_LIBELLES[k]} → {_valeur(k, v)}" for k, v in event.champs_modifies().items()
        )
    if isinstance(event, FinancementAccorde):
        prefixe = "décision corrigée : " if event.correction else ""
        return (
            f"{prefixe}accordé le {event.date_decision:%d/%m/%Y} pour "
            f"{euros(event.montant_accorde)}"
        )
    if isinstance(event, FinancementRefuse):
        prefixe = "décision corrigée : " if event.correction else ""
        motif = f" ({event.motif})" if event.motif else ""
        return f"{prefixe}refusé le {event.date_decision:%d/%m/%Y}{motif}"
    return type(event).__name__


def historique(events: list[Any]) -> list[LigneHistorique]:
    """Most recent first."""
    return [
        LigneHistorique(quand=e.timestamp, qui=e.auteur, quoi=decrire(e)) for e in reversed(events)
    ]
