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
from domain.evaluation.rapport import Territoire
from mednum.rapports import figes
from mednum.settings import Settings
from web.api.rapports import (
    LECTEURS,
    comparer_a_aujourdhui,
    lire_territoire_code,
    perimetre_lecteur,
    rapport_autorise,
    territoire_autorise,
    verifier_rapport,
)
from web.auth.guards import auteur
from web.pages.activites import aujourdhui
from web.rapports_choix import (
    FORMES,
    choisir_periode,
    choisir_territoire,
    dernier_mois,
    libelle_territoire,
    periodes_proposees,
)
from web.templating import page


async def _territoires(db: asyncpg.Connection, request: Request[Any, Any, Any]) -> list[Territoire]:
    """What the reader may pick: its perimeter (a financeur) or the hub's territory."""
    settings: Settings = request.app.state.settings
    perimetre = perimetre_lecteur(request)
    niveau, code = perimetre or lire_territoire_code(settings.rapports_territoire)
    return await figes.territoires_du_perimetre(db, niveau, code)


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
        territoires = await _territoires(db, request)
        jour = aujourdhui()
        return page(
            request,
            "rapports.html",
            nav_actif="rapports",
            rapports=await figes.lister(db, perimetre),
            territoires=[libelle_territoire(t) for t in territoires],
            territoire=libelle_territoire(territoires[0]) if territoires else "",
            periodes=periodes_proposees(jour),
            formes=FORMES,
            dernier_mois=dernier_mois(jour),
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
            choisi = choisir_territoire(
                str(data.get("territoire", "")), await _territoires(db, request)
            )
            t = await territoire_autorise(db, request, choisi)
            code = choisir_periode(data)
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
