"""Commune contours of Bourgogne-Franche-Comté, for the evaluation report's static maps.

Source: IGN ADMIN EXPRESS COG-CARTO contours as provided in the project's reference data
(shared/data/communes-bfc.geojson), Licence Ouverte / Etalab 2.0. Shipped simplified in
mednum/data/communes-bfc.geojson.gz: coordinates rounded to 3 decimals (about 100 m, below a
pixel on a printed regional map) and consecutive duplicate points dropped: 0.7 MB gzipped
instead of 4 MB, without a topology tool. Regenerate: `python -m mednum.rapports.geometrie SOURCE`.
"""

from __future__ import annotations

import gzip
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

FICHIER = Path(__file__).resolve().parents[1] / "data" / "communes-bfc.geojson.gz"

Anneau = list[tuple[float, float]]
Polygone = list[Anneau]
"""Outer ring first, then its holes."""


class _Geometrie(msgspec.Struct):
    type: str
    coordinates: list[Any]


class _Proprietes(msgspec.Struct):
    code_insee: str
    nom: str


class _Feature(msgspec.Struct):
    geometry: _Geometrie
    properties: _Proprietes


class _Collection(msgspec.Struct):
    features: list[_Feature]


@cache
def contours() -> dict[str, list[Polygone]]:
    """Polygons by commune code INSEE (loaded once per process)."""
    with gzip.open(FICHIER, "rb") as fichier:
        collection = msgspec.json.decode(fichier.read(), type=_Collection)
    resultat: dict[str, list[Polygone]] = {}
    for feature in collection.features:
        geometrie = feature.geometry
        polygones = (
            [geometrie.coordinates] if geometrie.type == "Polygon" else geometrie.coordinates
        )
        resultat[feature.properties.code_insee] = [
            [[(float(x), float(y)) for x, y in anneau] for anneau in polygone]
            for polygone in polygones
        ]
    return resultat


def _anneau_simplifie(anneau: list[list[float]]) -> list[list[float]]:
    points: list[list[float]] = []
    for x, y in anneau:
        point = [round(x, 3), round(y, 3)]
        if not points or points[-1] != point:
            points.append(point)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points if len(points) >= 4 else []


def simplifier(source: dict[str, Any]) -> dict[str, Any]:
    """The shipped form of a GeoJSON FeatureCollection of communes (see the module doc)."""
    features = []
    for feature in source["features"]:
        geometrie = feature["geometry"]
        polygones = (
            [geometrie["coordinates"]]
            if geometrie["type"] == "Polygon"
            else geometrie["coordinates"]
        )
        simplifies = []
        for polygone in polygones:
            anneaux = [a for a in map(_anneau_simplifie, polygone) if a]
            if anneaux:
                simplifies.append(anneaux)
        if not simplifies:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "MultiPolygon", "coordinates": simplifies},
                "properties": feature["properties"],
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> None:
    source = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    texte = json.dumps(simplifier(source), separators=(",", ":"), ensure_ascii=False)
    # mtime=0: the same source always gives the same bytes.
    FICHIER.write_bytes(gzip.compress(texte.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{FICHIER}: {FICHIER.stat().st_size} octets")


if __name__ == "__main__":
    main(sys.argv[1:])
