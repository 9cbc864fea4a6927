"""Places near a point, nearest first: for the map's « autour de moi », orientation and
`GET /api/v1/lieux/proches`. No PostGIS: a latitude/longitude box narrows the rows through an
index, then the great-circle distance orders the few left."""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from projections.lieux_requetes import FiltresLieux, where_lieux

RAYON_TERRE_KM = 6371.0


class LieuProche(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    nom: str
    adresse: str
    code_postal: str
    commune: str
    latitude: float
    longitude: float
    distance_km: float
    services: list[str]
    horaires: str | None
    telephone: str | None
    itinerance: list[str]
    modalites_accompagnement: list[str]
    prise_en_charge_specifique: list[str]
    publics_specifiquement_adresses: list[str]
    frais_a_charge: list[str]
    dispositif_programmes_nationaux: list[str]
    departement: str | None = None


_COLONNES = (
    "id, nom, adresse, code_postal, commune, latitude, longitude, services, horaires, "
    "telephone, itinerance, modalites_accompagnement, prise_en_charge_specifique, "
    "publics_specifiquement_adresses, frais_a_charge, dispositif_programmes_nationaux, "
    "departement"
)


def boite(latitude: float, longitude: float, rayon_km: float) -> tuple[float, ...]:
    """The latitude/longitude box that holds the circle (a degree of latitude is ~111 km)."""
    dlat = rayon_km / 111.2
    dlon = rayon_km / max(0.01, 111.2 * math.cos(math.radians(latitude)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


async def lieux_proches(
    conn: asyncpg.Connection,
    latitude: float,
    longitude: float,
    rayon_km: float,
    *,
    limit: int = 10,
    filtres: FiltresLieux | None = None,
) -> list[LieuProche]:
    where, params = where_lieux(filtres or FiltresLieux())
    n = len(params)
    lat_min, lat_max, lon_min, lon_max = boite(latitude, longitude, rayon_km)
    distance = (
        f"2 * {RAYON_TERRE_KM} * asin(sqrt(power(sin(radians(latitude - ${n + 1}) / 2), 2) + "
        f"cos(radians(${n + 1})) * cos(radians(latitude)) * "
        f"power(sin(radians(longitude - ${n + 2}) / 2), 2)))"
    )
    box = f"latitude BETWEEN ${n + 3} AND ${n + 4} AND longitude BETWEEN ${n + 5} AND ${n + 6}"
    where = f"{where} AND {box}" if where else f" WHERE {box}"
    records = await conn.fetch(
        f"SELECT * FROM (SELECT {_COLONNES}, {distance} AS distance_km FROM lieux{where}) p "
        f"WHERE distance_km <= ${n + 7} ORDER BY distance_km, id LIMIT ${n + 8}",
        *params,
        latitude,
        longitude,
        lat_min,
        lat_max,
        lon_min,
        lon_max,
        rayon_km,
        limit,
    )
    return [_proche(r) for r in records]


def _proche(record: asyncpg.Record) -> LieuProche:
    valeurs: dict[str, Any] = dict(record)
    valeurs["distance_km"] = round(valeurs["distance_km"], 2)
    return msgspec.convert(valeurs, LieuProche)
