"""`GET /api/v1/lieux/proches`: the places nearest a point, with the map's filters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import asyncpg
import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from domain.errors import DomainError
from projections.lieux_requetes import FiltresLieux
from projections.proximite import LieuProche, lieux_proches
from web.api.schemas import ERREURS_RECHERCHE
from web.auth.guards import public
from web.filtres_carte import CriteresStandard, avec_services, provide_criteres


class LieuxProches(msgspec.Struct, frozen=True, kw_only=True):
    items: list[LieuProche]
    latitude: float
    longitude: float
    rayon_km: float


class LieuxProchesController(Controller):
    path = "/lieux/proches"
    tags = ["Lieux"]
    guards = [public]
    dependencies = {
        "criteres": Provide(provide_criteres),
    }

    @get(
        "/",
        operation_id="lieuxProches",
        summary="Les lieux les plus proches d'un point, du plus proche au plus loin",
        responses=ERREURS_RECHERCHE,
    )
    async def proches(
        self,
        db: NamedDependency[asyncpg.Connection],
        criteres: NamedDependency[CriteresStandard],
        lat: Annotated[
            float | None, QueryParameter(ge=-90, le=90, description="Latitude (WGS 84), requise")
        ] = None,
        lon: Annotated[
            float | None,
            QueryParameter(ge=-180, le=180, description="Longitude (WGS 84), requise"),
        ] = None,
        rayon_km: Annotated[float, QueryParameter(gt=0, le=200)] = 10,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 10,
        service: Annotated[
            list[str] | None, QueryParameter(description="Service proposé (répétable)")
        ] = None,
    ) -> LieuxProches:
        # Checked here rather than declared required: Litestar's refusal does not name it.
        for nom, valeur in (("lat", lat), ("lon", lon)):
            if valeur is None:
                raise DomainError(
                    f"Indiquez le point de départ : paramètre « {nom} » manquant "
                    "(latitude et longitude en degrés décimaux).",
                    nom,
                )
        assert lat is not None and lon is not None
        filtres = await avec_services(criteres, service).resoudre(
            db, FiltresLieux(), datetime.now(UTC)
        )
        items = await lieux_proches(db, lat, lon, rayon_km, limit=limit, filtres=filtres)
        return LieuxProches(items=items, latitude=lat, longitude=lon, rayon_km=rayon_km)
