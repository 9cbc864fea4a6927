"""Pages of the evaluation reports: the list (with a form to freeze one), a report with its
downloads, its byte-for-byte verification and what changed since it was frozen."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.evaluation.periodes import lire_periode
from mednum.rapports import figes
from mednum.settings import Settings
from web.api.rapports import (
    LECTEURS,
    comparer_a_aujourdhui,
    perimetre_lecteur,
    rapport_autorise,
    territoire_autorise,
    verifier_rapport,
)
from web.auth.guards import auteur
from web.templating import page


class RapportsPages(Controller):
    guards = [LECTEURS]
    include_in_schema = False

    @get("/rapports")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        erreur: Annotated[str | None, QueryParameter(max_length=300)] = None,
    ) -> Template:
        perimetre = perimetre_lecteur(request)
        settings: Settings = request.app.state.settings
        return page(
            request,
            "rapports.html",
            nav_actif="rapports",
            rapports=await figes.lister(db, perimetre),
            territoire=":".join(perimetre) if perimetre else settings.rapports_territoire,
            erreur=erreur,
        )

    @post("/rapports")
    async def generer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        try:
            t = await territoire_autorise(db, request, str(data.get("territoire", "")).strip())
            code = str(data.get("periode", "")).strip()
            lire_periode(code)
            settings: Settings = request.app.state.settings
            fige = await figes.figer(
                request.app.state.pool,
                t,
                code,
                nature="ponctuel",
                seuil=settings.seuil_secret,
                auteur=auteur(request),
            )
        except DomainError as refus:
            return Redirect(
                path="/rapports", query_params={"erreur": refus.message}, status_code=303
            )
        return Redirect(path=f"/rapports/{fige.id}", status_code=303)

    @get("/rapports/{rapport_id:uuid}")
    async def rapport(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        rapport_id: FromPath[UUID],
    ) -> Template:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        return page(request, "rapport.html", nav_actif="rapports", fige=fige, rapport=rapport)

    @get("/rapports/{rapport_id:uuid}/controle")
    async def controle(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        rapport_id: FromPath[UUID],
    ) -> Template:
        fige, rapport = await rapport_autorise(db, request, rapport_id)
        return page(
            request,
            "rapport_controle.html",
            nav_actif="rapports",
            fige=fige,
            rapport=rapport,
            verification=await verifier_rapport(request, fige, rapport),
            comparaison=await comparer_a_aujourdhui(request, rapport),
        )
