"""Is a place where its commune is? The distance from its coordinates to the commune's centre.

Threshold: 20 km from the centre. Measured on the contours shipped for Bourgogne-Franche-Comté
(mednum/data/communes-bfc.geojson.gz): no point of any of its 3,734 communes is more than
13.4 km from the commune's centre (the largest, Charny Orée de Puisaye); the median is 2.9 km.
20 km leaves room for the few larger communes of France (Arles, the Camargue, mountain
communes) while a place typed in the wrong town, or with the coordinates of another address,
is usually tens or hundreds of km away. Guyane's communes are huge (Maripasoula: 18,000 km²),
so there the threshold is 150 km. Beyond it, the place is only flagged « à vérifier », never
refused: the coordinates may be right and the reference's centre too coarse.
"""

from __future__ import annotations

import math

SEUIL_KM = 20.0
SEUILS_KM_PAR_DEPARTEMENT = {"973": 150.0}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def seuil_km(departement: str) -> float:
    return SEUILS_KM_PAR_DEPARTEMENT.get(departement, SEUIL_KM)


def coordonnees_a_verifier(distance: float | None, departement: str) -> bool:
    return distance is not None and distance > seuil_km(departement)


def message_coordonnees(distance: float, commune: str) -> str:
    return f"Coordonnées à vérifier : à {distance:.0f} km de {commune}"
