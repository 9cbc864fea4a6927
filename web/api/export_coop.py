"""`GET /api/v1/activites.xlsx`: activities in La Coop's XLSX columns
(mednum/echanges/coop_xlsx.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from mednum.echanges.coop_xlsx import PARIS, anonymes_des_ateliers, classeur, lignes_export
from projections.beneficiaires_requetes import journaliser
from web.api.schemas import ERREURS_LECTURE_PROTEGEE
from web.auth.guards import MEDIATION, mediateur_vu, utilisateur

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@get(
    "/activites.xlsx",
    guards=[MEDIATION],
    operation_id="exporterActivitesCoop",
    summary="Exporter mes activités au format XLSX de La Coop",
    tags=["Activités"],
    media_type=XLSX,
    responses={
        200: ResponseSpec(data_container=bytes, media_type=XLSX, description="Classeur XLSX"),
        **ERREURS_LECTURE_PROTEGEE,
    },
)
async def exporter_activites_coop(
    request: Request[Any, Any, Any],
    db: NamedDependency[asyncpg.Connection],
    du: Annotated[dt.date | None, QueryParameter(description="Depuis ce jour (inclus)")] = None,
    au: Annotated[dt.date | None, QueryParameter(description="Jusqu'à ce jour (inclus)")] = None,
) -> Response[bytes]:
    """Une ligne par accompagnement, au format exact de l'export de La Coop de la médiation
    numérique (en-têtes, ordre, libellés, un retour à la ligne entre plusieurs valeurs) ;
    réimportable par `/activites/import-coop`."""
    user = utilisateur(request)
    mediateur = mediateur_vu(user)
    lignes = await lignes_export(db, mediateur, du, au)
    await journaliser(db, user.email, "export XLSX des activités")
    periode = None
    if du or au:
        periode = f"{du.strftime('%d/%m/%Y') if du else '…'} - "
        periode += au.strftime("%d/%m/%Y") if au else "…"
    contenu = classeur(
        lignes,
        await anonymes_des_ateliers(db, mediateur),
        soi_meme=mediateur is not None,
        nom=user.email,
        role="Médiateur" if mediateur else "Administrateur",
        periode=periode,
        exporte_le=dt.datetime.now(PARIS),
    )
    return Response(
        contenu,
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="activites-mednum.xlsx"'},
    )
