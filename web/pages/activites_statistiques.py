"""My figures: `/activites/statistiques?du=&au=&comparaison=`, each beside the same period a
year earlier (N-1, the default) or the previous period of the same length; accompaniments month
by month; the same figures as CSV. Simple tables, with bars drawn as SVG (no script, no inline
style: the CSP allows neither)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from litestar.response import Template

from domain.errors import DomainError
from mednum.accounts import Role
from projections.activites_statistiques import (
    REFERENCES,
    Reference,
    comparer,
    mensuel,
    un_an_avant,
)
from web.api.activites import periode
from web.auth.guards import mediateur_vu, roles, utilisateur
from web.pages.activites import aujourdhui
from web.pages.statistiques_mensuelles import csv_chiffres, graphique
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
    ("genres", "Genre", "accompagnements"),
    ("tranches_age", "Tranche d'âge", "accompagnements"),
    ("statuts_sociaux", "Statut", "accompagnements"),
)


async def _figures(
    request: Request[Any, Any, Any],
    db: NamedDependency[asyncpg.Connection],
    du: Annotated[dt.date | None, QueryParameter()] = None,
    au: Annotated[dt.date | None, QueryParameter()] = None,
    comparaison: Annotated[str, QueryParameter(max_length=20)] = "annee",
) -> dict[str, Any]:
    """What the page and its CSV show: the period's figures beside the reference period's,
    and month by month beside the same months a year earlier. The Controller's `vue`
    dependency: both routes read the same query (du, au, comparaison)."""
    erreurs: dict[str, str] = {}
    reference: Reference = "precedente" if comparaison == "precedente" else "annee"
    if comparaison not in REFERENCES:
        erreurs["comparaison"] = "Comparaison inconnue : choisissez N-1 ou la période précédente."
    try:
        debut, fin = periode(du, au, aujourdhui())
    except DomainError as refus:
        erreurs[refus.champ or "du"] = refus.message
        debut, fin = periode(None, None, aujourdhui())
    mediateur = mediateur_vu(utilisateur(request))
    resultat = await comparer(db, debut, fin, mediateur, reference)
    mois = await mensuel(db, debut, fin, mediateur)
    mois_n1 = await mensuel(db, un_an_avant(debut), un_an_avant(fin), mediateur)
    repartitions = []
    for cle, titre, unite in REPARTITIONS:
        maintenant = {r.valeur: r for r in getattr(resultat.periode, cle)}
        avant = {r.valeur: r for r in getattr(resultat.precedente, cle)}
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
    return {
        "erreurs": erreurs,
        "du": du.isoformat() if du and not erreurs else debut.isoformat(),
        "au": au.isoformat() if au and not erreurs else fin.isoformat(),
        "comparaison": reference,
        "references": REFERENCES,
        "periode": resultat.periode,
        "precedente": resultat.precedente,
        "totaux": LIGNES_TOTAUX,
        "repartitions": repartitions,
        "graphique": graphique(mois, mois_n1),
    }


Figures = NamedDependency[dict[str, Any]]


class StatistiquesActivitesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]
    dependencies = {"vue": Provide(_figures)}

    @get("/activites/statistiques")
    async def statistiques(self, request: Request[Any, Any, Any], vue: Figures) -> Template:
        return page(
            request,
            "activite_statistiques.html",
            status_code=422 if vue["erreurs"] else 200,
            nav_actif="statistiques",
            **vue,
        )

    @get("/activites/statistiques.csv", media_type="text/csv; charset=utf-8")
    async def export_csv(self, vue: Figures) -> Response[bytes]:
        if vue["erreurs"]:
            champ, message = next(iter(vue["erreurs"].items()))
            raise DomainError(message, champ)
        periode, reference = vue["periode"], vue["precedente"]
        contenu = csv_chiffres(
            periode,
            reference,
            REFERENCES[vue["comparaison"]],
            LIGNES_TOTAUX,
            vue["repartitions"],
            vue["graphique"].colonnes,
        )
        nom = f"mes-chiffres-{periode.du.isoformat()}-{periode.au.isoformat()}.csv"
        return Response(
            contenu,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{nom}"'},
        )
