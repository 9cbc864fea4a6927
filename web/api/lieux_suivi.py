"""JSON API of the registry's upkeep: history and provenance, verification, duplicates."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.lieux.commands import AnnulerFusion, EcarterDoublon, FusionnerLieux, VerifierLieu
from domain.lieux.doublons import Score
from domain.lieux.historique import historique, libelle_source, provenance
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.doublons import paires_candidates
from projections.lieux import LieuVue, lire_lieu
from web.api.ecritures import ecriture, executer
from web.api.lieux import EDITEURS
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, est_coordination, public
from web.deps import provide_hub


class ChangementVue(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    quand: str
    nature: str
    source: str
    champs: dict[str, Any]  # each changed field: {"avant": …, "apres": …}
    autre_lieu: str | None = None
    auteur: str | None = None  # the person's e-mail: for coordinators only


class HistoriqueLieu(msgspec.Struct, frozen=True, kw_only=True):
    lieu_id: str
    changements: list[ChangementVue]
    provenance: dict[str, Any]  # each field: {"quand": …, "source": …}


class PaireVue(msgspec.Struct, frozen=True, kw_only=True):
    a: LieuVue
    b: LieuVue
    score: Score


def historique_lieu(events: list[Any], lieu_id: UUID, auteurs: bool) -> HistoriqueLieu:
    changements = historique(events)
    return HistoriqueLieu(
        lieu_id=str(lieu_id),
        changements=[
            ChangementVue(
                version=c.version,
                quand=c.quand.isoformat(),
                nature=c.nature,
                source=libelle_source(c.auteur),
                champs={ch.champ: {"avant": ch.avant, "apres": ch.apres} for ch in c.champs},
                autre_lieu=c.autre_lieu,
                auteur=c.auteur if auteurs else None,
            )
            for c in changements
        ],
        provenance={
            champ: {"quand": t.quand.isoformat(), "source": libelle_source(t.auteur)}
            | ({"auteur": t.auteur} if auteurs else {})
            for champ, t in provenance(changements).items()
        },
    )


class SuiviLieuxController(Controller):
    path = "/lieux"
    tags = ["Lieux"]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }

    @get(
        "/{lieu_id:uuid}/historique",
        guards=[public],
        operation_id="historiqueLieu",
        summary="Historique et provenance de chaque champ",
        responses=ERREURS_LECTURE,
    )
    async def historique(
        self, request: Request[Any, Any, Any], hub: NamedDependency[Hub], lieu_id: FromPath[UUID]
    ) -> HistoriqueLieu:
        """Chaque changement (qui, quand, quels champs) ; l'auteur n'est nommé qu'aux
        coordinateurs, le public voit la source (import ou équipe)."""
        events = await asyncio.to_thread(hub.events, lieu_id)
        if not events:
            raise NotFoundException()
        return historique_lieu(events, lieu_id, est_coordination(request))

    @post(
        "/{lieu_id:uuid}/verification",
        guards=[EDITEURS],
        operation_id="verifierLieu",
        summary="Confirmer qu'une fiche est à jour",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def verifier(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[VerifierLieu],
    ) -> Ecriture:
        return ecriture(
            await executer(
                Lieux(hub).verifier_lieu, Lieux(hub).lieu, lieu_id, data, auteur(request)
            )
        )

    @get(
        "/doublons",
        guards=[EDITEURS],
        operation_id="doublonsCandidats",
        summary="Doublons probables à examiner",
        responses=ERREURS_LECTURE,
    )
    async def doublons(
        self,
        db: NamedDependency[asyncpg.Connection],
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
    ) -> list[PaireVue]:
        """Paires de lieux d'une même commune aux noms, adresses et positions proches, les
        plus probables d'abord ; les paires déjà écartées n'y sont plus."""
        paires = await paires_candidates(db, departement)
        vues = []
        for p in paires[:200]:
            a, b = await lire_lieu(db, p.a), await lire_lieu(db, p.b)
            if a is not None and b is not None:
                vues.append(PaireVue(a=a, b=b, score=p.score))
        return vues

    @post(
        "/{lieu_id:uuid}/fusion",
        guards=[EDITEURS],
        operation_id="fusionnerLieux",
        summary="Fusionner un doublon dans ce lieu",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def fusionner(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[FusionnerLieux],
    ) -> Ecriture:
        """Ce lieu est gardé et complété ; le doublon disparaît des listes, de la carte et
        des exports. Réversible : voir `annulation-fusion`."""
        return ecriture(
            await executer(
                Lieux(hub).fusionner_lieux, Lieux(hub).lieu, lieu_id, data, auteur(request)
            )
        )

    @post(
        "/{lieu_id:uuid}/annulation-fusion",
        guards=[EDITEURS],
        operation_id="annulerFusion",
        summary="Annuler la fusion de ce lieu (le doublon)",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def annuler_fusion(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[AnnulerFusion],
    ) -> Ecriture:
        """Les deux lieux redeviennent distincts ; le lieu gardé retrouve ses valeurs
        d'avant la fusion, sauf celles modifiées depuis."""
        return ecriture(
            await executer(
                Lieux(hub).annuler_fusion, Lieux(hub).lieu, lieu_id, data, auteur(request)
            )
        )

    @post(
        "/{lieu_id:uuid}/doublons-ecartes",
        guards=[EDITEURS],
        operation_id="ecarterDoublon",
        summary="Indiquer que deux lieux ne sont pas des doublons",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def ecarter(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: JSONBody[EcarterDoublon],
    ) -> Ecriture:
        return ecriture(
            await asyncio.to_thread(Lieux(hub).ecarter_doublon, lieu_id, data, auteur(request))
        )
