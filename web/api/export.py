"""The registry in the national standard's format (v1.0.2): CSV and JSON, for data.gouv.fr,
the national map and anyone else; and in the data·inclusion v1 schema, for DORA and the
national pipeline."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import asyncpg
from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency

from domain.lieux.standard import COLONNES
from mednum.echanges import data_inclusion
from projections.lieux_requetes import lieux_au_standard
from web.api.schemas import ERREURS_LECTURE
from web.auth.guards import public


def _nom_de_fichier(extension: str) -> str:
    # The standard's file naming: date_producer_lieux-de-mediation-numerique_territory.
    return f"{date.today().isoformat()}_mednum_lieux-de-mediation-numerique.{extension}"


def _csv(
    lignes: list[dict[str, Any]], nom: str, *, delimiter: str, bom: bool = False
) -> Response[str]:
    tampon = io.StringIO()
    if bom:
        tampon.write("\ufeff")
    writer = csv.DictWriter(tampon, fieldnames=COLONNES, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    writer.writerows(lignes)
    return Response(
        tampon.getvalue(), headers={"Content-Disposition": f'attachment; filename="{nom}"'}
    )


class ExportLieux(Controller):
    path = "/"
    tags = ["Lieux"]
    guards = [public]

    @get(
        "/lieux.csv",
        operation_id="exporterLieuxCsv",
        media_type="text/csv",
        responses=ERREURS_LECTURE,
    )
    async def csv(self, db: NamedDependency[asyncpg.Connection]) -> Response[str]:
        """Les lieux ouverts au format CSV du standard national v1.0.2 (séparateur « | »
        dans les champs à valeurs multiples)."""
        return _csv(await lieux_au_standard(db), _nom_de_fichier("csv"), delimiter=",")

    @get(
        "/lieux-excel.csv",
        operation_id="exporterLieuxCsvExcel",
        media_type="text/csv; charset=utf-8",
        responses=ERREURS_LECTURE,
    )
    async def csv_excel(self, db: NamedDependency[asyncpg.Connection]) -> Response[str]:
        """Les mêmes lignes pour un tableur réglé en français : « ; » entre les colonnes et
        une marque d’ordre des octets, sans laquelle Excel lit les accents de travers."""
        nom = _nom_de_fichier("csv").replace(".csv", "_excel.csv")
        return _csv(await lieux_au_standard(db), nom, delimiter=";", bom=True)

    @get(
        "/lieux.json",
        operation_id="exporterLieuxJson",
        media_type=MediaType.JSON,
        responses=ERREURS_LECTURE,
    )
    async def json(self, db: NamedDependency[asyncpg.Connection]) -> list[dict[str, Any]]:
        """Les mêmes lignes en JSON : un objet par lieu, avec les noms de champs du standard."""
        return await lieux_au_standard(db)

    @get(
        "/data-inclusion/structures.json",
        operation_id="exporterStructuresDataInclusion",
        media_type=MediaType.JSON,
        responses=ERREURS_LECTURE,
    )
    async def structures_data_inclusion(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> list[dict[str, Any]]:
        """Les lieux ouverts comme structures du schéma data·inclusion v1 (identifiants
        `mednum--<id>`), lisibles par DORA et par l’entrepôt national."""
        return [
            data_inclusion.structure(ligne, _fiche(request, ligne))
            for ligne in await lieux_au_standard(db)
        ]

    @get(
        "/data-inclusion/services.json",
        operation_id="exporterServicesDataInclusion",
        media_type=MediaType.JSON,
        responses=ERREURS_LECTURE,
    )
    async def services_data_inclusion(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> list[dict[str, Any]]:
        """Un service d’accompagnement au numérique par lieu ouvert, au schéma data·inclusion
        v1, rattaché à la structure de même identifiant."""
        return [
            data_inclusion.service(ligne, _fiche(request, ligne))
            for ligne in await lieux_au_standard(db)
        ]


def _fiche(request: Request[Any, Any, Any], ligne: dict[str, Any]) -> str:
    """The place's public page, as data·inclusion's `lien_source`."""
    return f"{str(request.base_url).rstrip('/')}/lieux/{ligne['id']}"
