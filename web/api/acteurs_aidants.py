"""JSON API of aidants: personal data, so every route is for coordinators (and admins)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.acteurs.commands import (
    AffilierAidant,
    DesactiverAidant,
    EnregistrerAidant,
    EnregistrerQualification,
    ModifierAidant,
    RetirerHabilitation,
    TerminerAffiliation,
)
from mednum.services.acteurs import Acteurs
from projections.acteurs_requetes import AidantDetail, FiltresAidants, lire_aidant, lister_aidants
from web.api.acteurs import COORDINATION, DEPENDANCES, ERREURS_LECTURE_PROTEGEE, PageAidants
from web.api.ecritures import (
    CREATION,
    Apres,
    Decalage,
    Limite,
    ecriture,
    executer,
    reponse_creation,
)
from web.api.schemas import ERREURS_ECRITURE, Ecriture
from web.auth.guards import auteur
from web.deps import wait_if_asked


def _action(operation_id: str, chemin: str) -> HTTPRouteHandler:
    """A POST on one aidant, answering 200 with the write."""
    return post(
        f"/{{aidant_id:uuid}}{chemin}",
        guards=[COORDINATION],
        operation_id=operation_id,
        status_code=200,
        responses=ERREURS_ECRITURE,
    )


class AidantsController(Controller):
    path = "/aidants"
    tags = ["Aidants"]
    dependencies = DEPENDANCES
    guards = [COORDINATION]

    @get("/", operation_id="listerAidants", responses=ERREURS_LECTURE_PROTEGEE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[
            str | None, QueryParameter(description="Prénom, nom ou e-mail", max_length=100)
        ] = None,
        type_aidant: Annotated[str | None, QueryParameter(max_length=50)] = None,
        departement: Annotated[
            str | None,
            QueryParameter(description="Département d'une structure actuelle", max_length=3),
        ] = None,
        structure: Annotated[
            UUID | None, QueryParameter(description="Affiliés aujourd'hui à cette structure")
        ] = None,
        actif: Annotated[
            bool | None,
            QueryParameter(
                description="Actifs : affiliés aujourd'hui, sans inactivité de plus de 2 mois"
            ),
        ] = None,
        habilite: Annotated[
            bool | None, QueryParameter(description="Habilités Aidants Connect (non expirée)")
        ] = None,
        desactives: Annotated[bool, QueryParameter(description="Inclure les désactivés")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> PageAidants:
        """Lister les aidants."""
        await wait_if_asked(request, apres)
        filtres = FiltresAidants(
            q=q,
            type_aidant=type_aidant,
            departement=departement,
            structure_id=structure,
            actif=actif,
            habilite=habilite,
            inclure_desactives=desactives,
        )
        items, total = await lister_aidants(db, filtres, limit=limit, offset=offset)
        return PageAidants(items=items, total=total, limit=limit, offset=offset)

    @get("/{aidant_id:uuid}", operation_id="lireAidant", responses=ERREURS_LECTURE_PROTEGEE)
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        aidant_id: FromPath[UUID],
        apres: Apres = None,
    ) -> AidantDetail:
        """Lire un aidant : affiliations, qualifications (« expiree »), habilitation."""
        await wait_if_asked(request, apres)
        aidant = await lire_aidant(db, aidant_id)
        if aidant is None:
            raise NotFoundException()
        return aidant

    @post("/", operation_id="enregistrerAidant", responses=CREATION)
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        data: JSONBody[EnregistrerAidant],
    ) -> Response[Ecriture]:
        """Enregistrer un aidant."""
        resultat = await asyncio.to_thread(acteurs.enregistrer_aidant, data, auteur(request))
        return reponse_creation(resultat, "aidants")

    @patch("/{aidant_id:uuid}", operation_id="modifierAidant", responses=ERREURS_ECRITURE)
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[ModifierAidant],
    ) -> Ecriture:
        """Modifier un aidant : seuls les champs présents changent ; `version` obligatoire."""
        return ecriture(
            await executer(
                acteurs.modifier_aidant, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )

    @_action("desactiverAidant", "/desactivation")
    async def desactiver(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[DesactiverAidant],
    ) -> Ecriture:
        """Désactiver un aidant (il reste dans l'historique)."""
        return ecriture(
            await executer(
                acteurs.desactiver_aidant, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )

    @_action("affilierAidant", "/affiliations")
    async def affilier(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[AffilierAidant],
    ) -> Ecriture:
        """Affilier l'aidant à une structure sur une période (sans chevauchement)."""
        return ecriture(
            await executer(
                acteurs.affilier_aidant, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )

    @_action("terminerAffiliation", "/affiliations/fin")
    async def terminer(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[TerminerAffiliation],
    ) -> Ecriture:
        """Terminer l'affiliation en cours de l'aidant avec une structure."""
        return ecriture(
            await executer(
                acteurs.terminer_affiliation, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )

    @_action("enregistrerQualification", "/qualifications")
    async def qualifier(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[EnregistrerQualification],
    ) -> Ecriture:
        """Enregistrer une qualification ; formation et test PIX Aidants Connect valides
        habilitent l'aidant."""
        return ecriture(
            await executer(
                acteurs.enregistrer_qualification, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )

    @_action("retirerHabilitation", "/habilitation/retrait")
    async def retirer(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: JSONBody[RetirerHabilitation],
    ) -> Ecriture:
        """Retirer l'habilitation Aidants Connect, avec son motif."""
        return ecriture(
            await executer(
                acteurs.retirer_habilitation, acteurs.aidant, aidant_id, data, auteur(request)
            )
        )
