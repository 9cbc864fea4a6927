"""The home page by role (`/` renders it after login): a mediator's day, the registry's work
queues for coordinators and admins, the reports for a funder. Citizens keep the public home
(web/pages/public.py). Also the mediator's export under a file name that says whose and when."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from domain.activites.referentiel import TYPES_ACTIVITE
from domain.activites.regles import THEMATIQUES
from mednum.accounts import Role, User
from projections.accueil_requetes import (
    SANS_SEANCE_JOURS,
    orientations_en_attente,
    personnes_a_suivre,
    seances_du_mediateur,
    travail_registre,
)
from projections.beneficiaires_requetes import journaliser
from projections.doublons import nombre_a_examiner
from web.api.export_coop import exporter_activites_coop
from web.auth.guards import MEDIATION, utilisateur
from web.pages.activites import aujourdhui
from web.pages.orientation_mediateur import STATUTS
from web.templating import page


async def accueil_par_role(
    request: Request[Any, Any, Any], db: asyncpg.Connection, user: User
) -> Template | Redirect:
    if user.role is Role.FINANCEUR:
        return Redirect(path="/rapports")
    if user.role is Role.MEDIATEUR:
        return await _accueil_mediateur(request, db, user)
    return await _accueil_coordination(request, db)


async def _accueil_mediateur(
    request: Request[Any, Any, Any], db: asyncpg.Connection, user: User
) -> Template:
    jour = aujourdhui()
    lundi = jour - dt.timedelta(days=jour.weekday())
    maintenant = dt.datetime.now(dt.UTC)
    semaine = await seances_du_mediateur(db, user.email, lundi, lundi + dt.timedelta(days=6))
    personnes, total_personnes = await personnes_a_suivre(db, user.email, jour, maintenant)
    orientations, total_orientations = await orientations_en_attente(db, user.email, maintenant)
    # The page names people: a read of personal data, logged like the lists.
    await journaliser(db, user.email, "accueil")
    return page(
        request,
        "accueil_mediateur.html",
        nav_actif="accueil",
        aujourdhui=jour,
        du_jour=[s for s in semaine if s.date == jour],
        semaine=semaine,
        accompagnements_semaine=sum(s.participants for s in semaine),
        personnes=personnes,
        total_personnes=total_personnes,
        sans_seance_jours=SANS_SEANCE_JOURS,
        orientations=orientations,
        total_orientations=total_orientations,
        statuts=STATUTS,
        types_activite=TYPES_ACTIVITE,
        thematiques=THEMATIQUES,
    )


async def _accueil_coordination(
    request: Request[Any, Any, Any], db: asyncpg.Connection
) -> Template:
    travail = await travail_registre(db)
    return page(
        request,
        "accueil_coordination.html",
        nav_actif="accueil",
        travail=travail,
        doublons=await nombre_a_examiner(db),
    )


class AccueilMediateurPages(Controller):
    guards = [MEDIATION]

    @get("/activites/mes-accompagnements.xlsx")
    async def exporter(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[dt.date | None, QueryParameter()] = None,
        au: Annotated[dt.date | None, QueryParameter()] = None,
    ) -> Response[bytes]:
        """The API's La Coop export, named for a person's downloads folder rather than for a
        program: « accompagnements-<who>-<day>.xlsx »."""
        reponse: Response[bytes] = await exporter_activites_coop.fn(
            request=request, db=db, du=du, au=au
        )
        user = utilisateur(request)
        qui = "tous" if user.role is Role.ADMIN else user.email.split("@")[0]
        qui = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "-" for c in qui)
        nom = f"accompagnements-{qui}-{aujourdhui().isoformat()}.xlsx"
        reponse.headers["Content-Disposition"] = f'attachment; filename="{nom}"'
        return reponse
