"""Coordinators' pages of trainings: the catalogue and upcoming sessions, training paths
(create, read, change, archive). Sessions' pages are in web/pages/formations_sessions.py."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import ConflitDeVersion, DomainError
from domain.formations.commands import ArchiverParcours, CreerParcours, ModifierParcours
from domain.formations.outils import PARIS
from domain.formations.referentiel import MODES, QUALIFICATIONS, TYPES_AIDANT
from mednum.accounts import Role
from mednum.services.formations import Formations
from projections.formations_requetes import (
    FiltresParcours,
    FiltresSessions,
    ParcoursVue,
    lire_parcours,
    lister_parcours,
    lister_sessions,
)
from web.auth.guards import current_user, roles
from web.deps import wait_if_asked
from web.formulaires import FormulaireInvalide, apres, command_id, convertir, texte, version
from web.pages.formations_formulaires import donnees_parcours, modules_en_texte, valeurs_parcours
from web.pages.formations_historique import raconter
from web.templating import page

PAR_PAGE = 50


def provide_formations(state: State) -> Formations:
    return Formations(state.hub)


DEPENDANCES = {
    "formations": Provide(provide_formations, sync_to_thread=False),
}
REFERENTIELS: dict[str, Any] = {
    "types_aidant": TYPES_AIDANT,
    "qualifications": QUALIFICATIONS,
    "modes": MODES,
}


def auteur(request: Request[Any, Any, Any]) -> str:
    user = current_user(request)
    return user.email if user else "anonyme"


def aujourdhui() -> Any:
    return datetime.now(PARIS).date()


class FormationsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = DEPENDANCES
    include_in_schema = False

    @get("/formations")
    async def catalogue(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        type_aidant: Annotated[str | None, QueryParameter(max_length=50)] = None,
        archives: FromQuery[bool] = False,
        apres: Annotated[int | None, QueryParameter()] = None,
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

    @get("/formations/parcours/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, valeurs_parcours({}), {}, parcours=None)

    @post("/formations/parcours/nouveau")
    async def creer(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = valeurs_parcours(data)
        try:
            commande = convertir(donnees_parcours(valeurs), CreerParcours)
            resultat = await asyncio.to_thread(formations.creer_parcours, commande, auteur(request))
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, None, status=422)
        except DomainError as refus:
            return _formulaire(
                request, valeurs, {refus.champ or "formulaire": refus.message}, None, status=422
            )
        return Redirect(
            path=f"/formations/parcours/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/formations/parcours/{parcours_id:uuid}")
    async def fiche(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        parcours_id: FromPath[UUID],
        apres: Annotated[int | None, QueryParameter()] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        parcours = await _parcours_ou_404(db, parcours_id)
        sessions, _ = await lister_sessions(
            db,
            FiltresSessions(parcours_id=parcours_id, inclure_annulees=True),
            limit=200,
            offset=0,
        )
        events = await asyncio.to_thread(formations.historique, parcours_id)
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

    @get("/formations/parcours/{parcours_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        parcours_id: FromPath[UUID],
    ) -> Template:
        parcours = await _parcours_ou_404(db, parcours_id)
        valeurs = valeurs_parcours(
            {
                "titre": parcours.titre,
                "duree_heures": f"{parcours.duree_heures:g}".replace(".", ","),
                "modules": modules_en_texte(parcours.modules),
                "types_aidant": parcours.types_aidant,
                "qualification_delivree": parcours.qualification_delivree or "",
                "description": parcours.description or "",
                "version": str(parcours.version),
            }
        )
        return _formulaire(request, valeurs, {}, parcours=parcours)

    @post("/formations/parcours/{parcours_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        formations: NamedDependency[Formations],
        parcours_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        parcours = await _parcours_ou_404(db, parcours_id)
        valeurs = valeurs_parcours(data)
        try:
            donnees = donnees_parcours(valeurs) | {"version": version(data)}
            commande = convertir(donnees, ModifierParcours)
            resultat = await asyncio.to_thread(
                formations.modifier_parcours, parcours_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, parcours, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            erreurs = {refus.champ or "formulaire": refus.message}
            return _formulaire(request, valeurs, erreurs, parcours, status=status)
        return Redirect(
            path=f"/formations/parcours/{parcours_id}", query_params=apres(resultat.notification_id)
        )

    @post("/formations/parcours/{parcours_id:uuid}/archiver")
    async def archiver(
        self,
        request: Request[Any, Any, Any],
        formations: NamedDependency[Formations],
        parcours_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        commande = convertir(
            {
                "command_id": command_id(data),
                "version": version(data),
                "motif": texte(data, "motif")[:500],
            },
            ArchiverParcours,
        )
        resultat = await asyncio.to_thread(
            formations.archiver_parcours, parcours_id, commande, auteur(request)
        )
        return Redirect(
            path=f"/formations/parcours/{parcours_id}", query_params=apres(resultat.notification_id)
        )


def _formulaire(
    request: Request[Any, Any, Any],
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    parcours: ParcoursVue | None,
    status: int = 200,
) -> Template:
    return page(
        request,
        "parcours_form.html",
        status_code=status,
        nav_actif="formations",
        valeurs=valeurs,
        erreurs=erreurs,
        parcours=parcours,
        **REFERENTIELS,
    )


async def _parcours_ou_404(db: asyncpg.Connection, parcours_id: UUID) -> ParcoursVue:
    parcours = await lire_parcours(db, parcours_id)
    if parcours is None:
        raise NotFoundException()
    return parcours
