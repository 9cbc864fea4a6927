"""Coordinators' pages of trainings: the catalogue and upcoming sessions, training paths
(their page, their form). Sessions' pages are in web/pages/formations_sessions.py; what the
forms post is declared in web/cas_usage/formations.py."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from domain.formations.outils import PARIS
from domain.formations.referentiel import MODES, QUALIFICATIONS, TYPES_AIDANT
from mednum.accounts import Role
from mednum.composition import Services
from projections.formations_requetes import (
    FiltresParcours,
    FiltresSessions,
    ParcoursVue,
    lire_parcours,
    lister_parcours,
    lister_sessions,
)
from web.affichage import Affichage
from web.auth.guards import roles
from web.deps import Position, wait_if_asked
from web.errors import ou_404
from web.exposition import route_modification, route_nouveau
from web.pages.formations_formulaires import modules_en_texte, valeurs_parcours
from web.pages.formations_historique import raconter
from web.pagination import PAR_PAGE
from web.templating import page

REFERENTIELS: dict[str, Any] = {
    "types_aidant": TYPES_AIDANT,
    "qualifications": QUALIFICATIONS,
    "modes": MODES,
}


def aujourdhui() -> Any:
    return datetime.now(PARIS).date()


async def page_formulaire(affichage: Affichage) -> Template:
    """A new path's form, or an existing one's (shown again by a refusal)."""
    return affichage.page(
        "parcours_form.html",
        "formations",
        valeurs=valeurs_parcours(affichage.saisie),
        parcours=await affichage.lue(lire_parcours),
        **REFERENTIELS,
    )


def _saisie(parcours: ParcoursVue) -> dict[str, Any]:
    return {
        "titre": parcours.titre,
        "duree_heures": f"{parcours.duree_heures:g}".replace(".", ","),
        "modules": modules_en_texte(parcours.modules),
        "types_aidant": parcours.types_aidant,
        "qualification_delivree": parcours.qualification_delivree or "",
        "description": parcours.description or "",
        "version": str(parcours.version),
    }


class FormationsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/formations")
    async def catalogue(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        type_aidant: Annotated[str | None, QueryParameter(max_length=50)] = None,
        archives: FromQuery[bool] = False,
        apres: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        parcours, total = await lister_parcours(
            db,
            FiltresParcours(
                q=q or None, type_aidant=type_aidant or None, inclure_archives=archives
            ),
            limit=200,
            offset=0,
        )
        sessions, total_sessions = await lister_sessions(
            db, FiltresSessions(a_partir_du=aujourdhui()), limit=PAR_PAGE, offset=0
        )
        return page(
            request,
            "formations.html",
            nav_actif="formations",
            parcours=parcours,
            total=total,
            sessions=sessions,
            total_sessions=total_sessions,
            q=q or "",
            type_aidant=type_aidant or "",
            archives=archives,
            **REFERENTIELS,
        )

    nouveau = route_nouveau("/formations/parcours/nouveau", page_formulaire, "nouveau")

    @get("/formations/parcours/{parcours_id:uuid}")
    async def fiche(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        parcours_id: FromPath[UUID],
        apres: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        parcours = ou_404(await lire_parcours(db, parcours_id))
        sessions, _ = await lister_sessions(
            db,
            FiltresSessions(parcours_id=parcours_id, inclure_annulees=True),
            limit=200,
            offset=0,
        )
        events = await asyncio.to_thread(composition.formations.historique, parcours_id)
        return page(
            request,
            "parcours.html",
            nav_actif="formations",
            parcours=parcours,
            sessions=sessions,
            historique=raconter(events, {}),
            aujourdhui=aujourdhui(),
            **REFERENTIELS,
        )

    edition = route_modification(
        "/formations/parcours/{parcours_id:uuid}/modifier", lire_parcours, _saisie, page_formulaire
    )
