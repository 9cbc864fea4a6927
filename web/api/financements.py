"""JSON API of funding applications (mission 2). Amounts are in centimes. Every route is for
coordinators (admins always pass): a financeur reads these figures through the reports, which
keep to its own territory."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from domain.errors import DomainError
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from domain.financements.referentiel import SOURCES, STATUTS
from mednum.accounts import Role
from mednum.services.financements import Financements, LigneHistorique, historique
from projections.financements import (
    FiltresFinancements,
    FinancementVue,
    lire_financement,
    lister_financements,
)
from web.api.ecritures import (
    CREATION,
    Apres,
    Decalage,
    Limite,
    ecriture,
    executer,
    reponse_creation,
)
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, roles
from web.deps import provide_connection, wait_if_asked

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


def provide_financements(state: State) -> Financements:
    return Financements(state.hub)


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
    dependencies = {
        "db": Provide(provide_connection),
        "financements": Provide(provide_financements, sync_to_thread=False),
    }

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
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        apres: Apres = None,
    ) -> FinancementDetail:
        """Lire un dossier de financement et son historique."""
        await wait_if_asked(request, apres)
        vue = await lire_financement(db, financement_id)
        if vue is None:
            raise NotFoundException()
        events = await asyncio.to_thread(financements.hub.events, financement_id)
        return FinancementDetail(financement=vue, historique=historique(events))

    @post("/", guards=[COORDINATION], operation_id="deposerFinancement", responses=CREATION)
    async def deposer(
        self,
        request: Request[Any, Any, Any],
        financements: NamedDependency[Financements],
        data: JSONBody[DeposerFinancement],
    ) -> Response[Ecriture]:
        """Enregistrer un dossier déposé auprès d'un financeur (montants en centimes)."""
        resultat = await asyncio.to_thread(financements.deposer, data, auteur(request))
        return reponse_creation(resultat, "financements")

    @patch(
        "/{financement_id:uuid}",
        guards=[COORDINATION],
        operation_id="modifierFinancement",
        responses=ERREURS_ECRITURE,
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: JSONBody[ModifierFinancement],
    ) -> Ecriture:
        """Corriger un dossier : seuls les champs présents changent ; `version` obligatoire."""
        return ecriture(
            await executer(
                financements.modifier,
                financements.financement,
                financement_id,
                data,
                auteur(request),
            )
        )

    @post(
        "/{financement_id:uuid}/accord",
        guards=[COORDINATION],
        operation_id="accorderFinancement",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def accorder(
        self,
        request: Request[Any, Any, Any],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: JSONBody[AccorderFinancement],
    ) -> Ecriture:
        """Enregistrer l'accord du financeur (ou corriger la décision avec `correction`)."""
        return ecriture(
            await executer(
                financements.accorder,
                financements.financement,
                financement_id,
                data,
                auteur(request),
            )
        )

    @post(
        "/{financement_id:uuid}/refus",
        guards=[COORDINATION],
        operation_id="refuserFinancement",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def refuser(
        self,
        request: Request[Any, Any, Any],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: JSONBody[RefuserFinancement],
    ) -> Ecriture:
        """Enregistrer le refus du financeur (ou corriger la décision avec `correction`)."""
        return ecriture(
            await executer(
                financements.refuser,
                financements.financement,
                financement_id,
                data,
                auteur(request),
            )
        )
