"""My figures: `/activites/statistiques?du=&au=`, each beside the previous period of the same
length. Simple tables, with bars drawn as SVG (no script, no inline style: the CSP allows
neither)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from domain.errors import DomainError
from mednum.accounts import Role
from projections.activites_statistiques import comparer
from web.api.activites import periode
from web.auth.guards import mediateur_vu, roles, utilisateur
from web.pages.activites import aujourdhui
from web.templating import page

LIGNES_TOTAUX = (
    ("accompagnements", "Accompagnements", ""),
    ("individuels", "dont accompagnements individuels", "sous"),
    ("participants_ateliers", "dont participations aux ateliers", "sous"),
    ("activites", "Activités", ""),
    ("ateliers", "dont ateliers collectifs", "sous"),
    ("beneficiaires", "Bénéficiaires accompagnés", ""),
    ("beneficiaires_nouveaux", "dont nouveaux", "sous"),
    ("beneficiaires_suivis", "dont suivis", "sous"),
    ("beneficiaires_anonymes", "dont anonymes", "sous"),
    ("heures", "Heures d'activité", ""),
)
REPARTITIONS = (
    ("thematiques", "Thématiques", "activités"),
    ("autonomie", "Niveau d'autonomie (accompagnements individuels)", "activités"),
    ("canaux", "Canaux (type de lieu)", "accompagnements"),
    ("durees", "Durées", "accompagnements"),
)


class StatistiquesActivitesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]
    include_in_schema = False

    @get("/activites/statistiques")
    async def statistiques(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[dt.date | None, QueryParameter()] = None,
        au: Annotated[dt.date | None, QueryParameter()] = None,
    ) -> Template:
        erreurs: dict[str, str] = {}
        try:
            debut, fin = periode(du, au, aujourdhui())
        except DomainError as refus:
            erreurs[refus.champ or "du"] = refus.message
            debut, fin = periode(None, None, aujourdhui())
        comparaison = await comparer(db, debut, fin, mediateur_vu(utilisateur(request)))
        repartitions = []
        for cle, titre, unite in REPARTITIONS:
            maintenant = {r.valeur: r for r in getattr(comparaison.periode, cle)}
            avant = {r.valeur: r for r in getattr(comparaison.precedente, cle)}
            # Values of either period, in the referential's order (the period's first).
            ordre = list(maintenant) + [v for v in avant if v not in maintenant]
            lignes = [
                (
                    (maintenant.get(v) or avant[v]).libelle,
                    maintenant[v].nombre if v in maintenant else 0,
                    avant[v].nombre if v in avant else 0,
                )
                for v in ordre
            ]
            maximum = max([1, *(n for _l, a, b in lignes for n in (a, b))])
            repartitions.append((titre, unite, lignes, maximum))
        return page(
            request,
            "activite_statistiques.html",
            status_code=422 if erreurs else 200,
            nav_actif="activites",
            erreurs=erreurs,
            du=du.isoformat() if du and not erreurs else debut.isoformat(),
            au=au.isoformat() if au and not erreurs else fin.isoformat(),
            periode=comparaison.periode,
            precedente=comparaison.precedente,
            totaux=LIGNES_TOTAUX,
            repartitions=repartitions,
        )
