"""JSON API of the registry's upkeep: history and provenance, duplicates to review."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter

from domain.lieux.doublons import Score
from domain.lieux.historique import Changement, Trace, libelle_source
from mednum.composition import Services
from projections.doublons import paires_a_examiner
from projections.lieux_requetes import LieuVue
from web.api.lieux import EDITEURS
from web.api.schemas import ERREURS_LECTURE
from web.auth.guards import est_coordination, public


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


def historique_lieu(
    changements: list[Changement], traces: dict[str, Trace], lieu_id: UUID, auteurs: bool
) -> HistoriqueLieu:
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
            for champ, t in traces.items()
        },
    )


class SuiviLieuxController(Controller):
    path = "/lieux"
    tags = ["Lieux"]

    @get(
        "/{lieu_id:uuid}/historique",
        guards=[public],
        operation_id="historiqueLieu",
        summary="Historique et provenance de chaque champ",
        responses=ERREURS_LECTURE,
    )
    async def historique(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        lieu_id: FromPath[UUID],
    ) -> HistoriqueLieu:
        """Chaque changement (qui, quand, quels champs) ; l'auteur n'est nommé qu'aux
        coordinateurs, le public voit la source (import ou équipe)."""
        changements, traces = await asyncio.to_thread(composition.lieux.historique, lieu_id)
        if not changements:
            raise NotFoundException()
        return historique_lieu(changements, traces, lieu_id, est_coordination(request))

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
        vues, _ = await paires_a_examiner(db, departement, 200)
        return [PaireVue(a=a, b=b, score=score) for a, b, score in vues]
