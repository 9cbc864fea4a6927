"""Coordinators' upkeep of the registry: confirm a record, review duplicates, merge, undo."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.lieux.commands import AnnulerFusion, EcarterDoublon, FusionnerLieux, VerifierLieu
from mednum.accounts import Role
from mednum.services.executeur import Hub
from mednum.services.lieux import Lieux
from projections.doublons import paires_candidates
from projections.lieux import lire_lieu
from web.auth.guards import auteur, roles
from web.deps import provide_hub, wait_if_asked
from web.formulaires import apres as attendre
from web.formulaires import command_id_lu, version_lue
from web.templating import page

PAIRES_PAR_PAGE = 20


def _lieu_lu(texte: object, champ: str) -> UUID:
    try:
        return UUID(str(texte))
    except ValueError:
        raise DomainError(
            "Lieu illisible dans le formulaire : rechargez la page puis recommencez.", champ
        ) from None


class SuiviLieuxPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/lieux/doublons")
    async def doublons(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        apres: Annotated[int | None, QueryParameter()] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        paires = await paires_candidates(db, departement or None)
        vues = []
        for paire in paires[:PAIRES_PAR_PAGE]:
            a, b = await lire_lieu(db, paire.a), await lire_lieu(db, paire.b)
            if a is not None and b is not None:
                vues.append((a, b, paire.score))
        return page(
            request,
            "doublons.html",
            nav_actif="lieux",
            paires=vues,
            total=len(paires),
            departement=departement or "",
        )

    @post("/lieux/{lieu_id:uuid}/verifier")
    async def verifier(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = VerifierLieu(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
        )
        resultat = await asyncio.to_thread(
            Lieux(hub).verifier_lieu, lieu_id, commande, auteur(request)
        )
        return Redirect(path=f"/lieux/{lieu_id}", query_params=attendre(resultat.notification_id))

    @post("/lieux/{lieu_id:uuid}/fusionner")
    async def fusionner(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = FusionnerLieux(
            command_id=command_id_lu(data.get("command_id")),
            doublon=_lieu_lu(data.get("doublon"), "doublon"),
            version=version_lue(data.get("version")),
            version_doublon=version_lue(data.get("version_doublon")),
        )
        resultat = await asyncio.to_thread(
            Lieux(hub).fusionner_lieux, lieu_id, commande, auteur(request)
        )
        return Redirect(path=f"/lieux/{lieu_id}", query_params=attendre(resultat.notification_id))

    @post("/lieux/{lieu_id:uuid}/annuler-fusion")
    async def annuler_fusion(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = AnnulerFusion(
            command_id=command_id_lu(data.get("command_id")),
            version=version_lue(data.get("version")),
        )
        resultat = await asyncio.to_thread(
            Lieux(hub).annuler_fusion, lieu_id, commande, auteur(request)
        )
        return Redirect(path=f"/lieux/{lieu_id}", query_params=attendre(resultat.notification_id))

    @post("/lieux/{lieu_id:uuid}/ecarter-doublon")
    async def ecarter(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = EcarterDoublon(
            command_id=command_id_lu(data.get("command_id")),
            autre=_lieu_lu(data.get("autre"), "autre"),
        )
        resultat = await asyncio.to_thread(
            Lieux(hub).ecarter_doublon, lieu_id, commande, auteur(request)
        )
        return Redirect(path="/lieux/doublons", query_params=attendre(resultat.notification_id))
