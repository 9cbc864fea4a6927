"""JSON API of funding applications (mission 2). Amounts are in centimes. Every route is for
coordinators (admins always pass): a financeur reads these figures through the reports, which
keep to its own territory."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter

from domain.errors import DomainError
from domain.financements.referentiel import SOURCES, STATUTS
from mednum.accounts import Role
from mednum.composition import Services
from mednum.services.financements import LigneHistorique, historique
from projections.financements import (
    FiltresFinancements,
    FinancementVue,
    lire_financement,
    lister_financements,
)
from web.api.ecritures import (
    Apres,
    Decalage,
    Limite,
)
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE
from web.auth.guards import roles
from web.deps import wait_if_asked
from web.errors import ou_404

COORDINATION = roles(Role.COORDINATEUR)
LECTURE = COORDINATION
ERREURS_LECTURE_PROTEGEE = {
    **ERREURS_LECTURE,
    **{code: spec for code, spec in ERREURS_ECRITURE.items() if code in (401, 403, 422)},
}


class PageFinancements(msgspec.Struct, frozen=True, kw_only=True):
    items: list[FinancementVue]
    total: int
    limit: int
    offset: int


class FinancementDetail(msgspec.Struct, frozen=True, kw_only=True):
    financement: FinancementVue
    historique: list[LigneHistorique]
    """Most recent first."""


def filtres_valides(
    source: str | None, statut: str | None, structure_id: UUID | None, annee: int | None
) -> FiltresFinancements:
    if source and source not in SOURCES:
        raise DomainError(
            f"Source inconnue : « {source} ». Valeurs possibles : " + ", ".join(SOURCES) + ".",
            "source",
        )
    if statut and statut not in STATUTS:
        raise DomainError(
            f"Statut inconnu : « {statut} ». Valeurs possibles : " + ", ".join(STATUTS) + ".",
            "statut",
        )
    return FiltresFinancements(
        source=source or None, statut=statut or None, structure_id=structure_id, annee=annee
    )


class FinancementsController(Controller):
    path = "/financements"
    tags = ["Financements"]

    @get(
        "/", guards=[LECTURE], operation_id="listerFinancements", responses=ERREURS_LECTURE_PROTEGEE
    )
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        source: Annotated[str | None, QueryParameter(max_length=40)] = None,
        statut: Annotated[str | None, QueryParameter(max_length=20)] = None,
        structure_id: FromQuery[UUID | None] = None,
        annee: Annotated[
            int | None,
            QueryParameter(ge=2000, le=2100, description="Année de décision (ou de dépôt)"),
        ] = None,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> PageFinancements:
        """Lister les dossiers de financement (les plus récemment déposés d'abord)."""
        await wait_if_asked(request, apres)
        filtres = filtres_valides(source, statut, structure_id, annee)
        items, total = await lister_financements(db, filtres, limit=limit, offset=offset)
        return PageFinancements(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{financement_id:uuid}",
        guards=[LECTURE],
        operation_id="lireFinancement",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        financement_id: FromPath[UUID],
        apres: Apres = None,
    ) -> FinancementDetail:
        """Lire un dossier de financement et son historique."""
        await wait_if_asked(request, apres)
        vue = ou_404(await lire_financement(db, financement_id))
        events = await asyncio.to_thread(composition.hub.events, financement_id)
        return FinancementDetail(financement=vue, historique=historique(events))
