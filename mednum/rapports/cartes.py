"""Static SVG maps of an evaluation report: the IFN by commune, and M4.12 coverage by EPCI.

Class bounds are fixed, not quantiles of the territory, so that two reports (two years, two
territories) read on the same legend. IFN: the national 7-quantiles of the 2023 open-data
index (35,006 communes: 4.4, 5.2, 5.8, 6.4, 7.0, 7.6), which keep 7 (« commune fragile »,
used by M4.13) as a bound. Projection: equirectangular with longitudes scaled by cos(mean
latitude), enough at a region's scale. Contours exist for Bourgogne-Franche-Comté only
(mednum/rapports/geometrie.py): elsewhere there is no map, the templates say so.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from domain.evaluation.rapport import Cellule, CommuneCarte, Rapport
from domain.evaluation.textes import nombre_fr, publiee, texte_cellule
from mednum.rapports.geometrie import Polygone, contours
from mednum.rapports.graphiques import attr, entete_svg, motif_hachures

BORNES_IFN = (4.4, 5.2, 5.8, 6.4, 7.0, 7.6)
RAMPE_IFN = ("#2c7bb6", "#64a6cd", "#abd9e9", "#ffffbf", "#fdae61", "#f46d43", "#d7191c")
BORNES_COUVERTURE = (2.0, 5.0, 10.0, 25.0)
"""Percent of the estimated target population reached in 12 months."""
RAMPE_COUVERTURE = ("#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c")
GRIS = "#bdbdbd"
SOURCE = ("Fond : IGN ADMIN EXPRESS COG-CARTO,", "Licence Ouverte Etalab")

_CARTE = 560.0
_MARGE = 8.0
_LEGENDE = 270.0

Point = tuple[float, float]


def classe(valeur: float, bornes: tuple[float, ...]) -> int:
    """0 below the first bound; a value equal to a bound belongs to the class above it."""
    return sum(1 for borne in bornes if valeur >= borne)


def _libelles_classes(bornes: tuple[float, ...], suffixe: str = "") -> list[str]:
    textes = [nombre_fr(b, 1) + suffixe for b in bornes]
    return (
        [f"moins de {textes[0]}"]
        + [f"{a} à moins de {b}" for a, b in itertools.pairwise(textes)]
        + [f"{textes[-1]} et plus"]
    )


def _ecart(a: Point, b: Point) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


class _Projection:
    def __init__(self, formes: list[list[Polygone]]) -> None:
        points = [p for forme in formes for poly in forme for p in poly[0]]
        self.ouest = min(x for x, _ in points)
        self.nord = max(y for _, y in points)
        sud = min(y for _, y in points)
        self.kx = math.cos(math.radians((self.nord + sud) / 2))
        largeur = max((max(x for x, _ in points) - self.ouest) * self.kx, 1e-6)
        hauteur = max(self.nord - sud, 1e-6)
        self.echelle = min(_CARTE / largeur, _CARTE / hauteur)
        self.largeur = largeur * self.echelle + 2 * _MARGE
        self.hauteur = hauteur * self.echelle + 2 * _MARGE
        # Coordinates to 0.1 px, coarser for big territories: a regional map has 200,000
        # points, most of them closer than a printed pixel.
        self.decimales = 1 if len(points) < 40_000 else 0
        # Radial simplification: a point closer than `pas` to the last one kept adds nothing
        # a reader can see (about 0.3 mm at the regional scale, printed).
        self.pas = 0.1 if self.decimales else 1.5

    def __call__(self, lon: float, lat: float) -> Point:
        x = (lon - self.ouest) * self.kx * self.echelle + _MARGE
        y = (self.nord - lat) * self.echelle + _MARGE
        return round(x, self.decimales), round(y, self.decimales)

    def chemin(self, forme: list[Polygone]) -> str:
        morceaux = []
        for polygone in forme:
            for anneau in polygone:
                points: list[Point] = []
                for lon, lat in anneau:
                    point = self(lon, lat)
                    if not points or _ecart(points[-1], point) >= self.pas:
                        points.append(point)
                if len(points) < 3:
                    continue
                # Relative moves: short numbers, a third of the bytes of absolute ones.
                pas = " ".join(
                    f"{round(x - xp, self.decimales):g},{round(y - yp, self.decimales):g}"
                    for (xp, yp), (x, y) in itertools.pairwise(points)
                )
                morceaux.append(f"M{points[0][0]:g},{points[0][1]:g}l{pas}z")
        return "".join(morceaux)


def _entree(y: float, remplissage: str, texte: str) -> str:
    x = _CARTE + 2 * _MARGE + 10
    return (
        f'<rect x="{x:g}" y="{y:g}" width="18" height="14" fill="{remplissage}" '
        'stroke="#333333" stroke-width="0.5"/>'
        f'<text x="{x + 24:g}" y="{y + 12:g}" font-size="13">{attr(texte)}</text>'
    )


def _carte(
    rapport: Rapport,
    ident: str,
    titre: str,
    remplir: Callable[[CommuneCarte], tuple[str, str]],
    legende: list[tuple[str, str]],
    desc: str,
    hachures: bool,
    avec_lieux: bool,
) -> str | None:
    geometries = contours()
    communes = [c for c in rapport.communes if c.code in geometries]
    if not communes:
        return None
    projection = _Projection([geometries[c.code] for c in communes])
    morceaux = []
    for commune in communes:
        remplissage, infobulle = remplir(commune)
        morceaux.append(
            f'<path d="{projection.chemin(geometries[commune.code])}" fill="{remplissage}" '
            f'data-commune="{attr(commune.code)}"><title>{attr(infobulle)}</title></path>'
        )
    dessin = (
        '<g stroke="#ffffff" stroke-width="0.4" fill-rule="evenodd" stroke-linejoin="round">'
        + "".join(morceaux)
        + "</g>"
    )
    if avec_lieux:
        points = []
        for lieu in rapport.lieux:
            x, y = projection(lieu.longitude, lieu.latitude)
            if 0 <= x <= projection.largeur and 0 <= y <= projection.hauteur:
                points.append(f'<circle cx="{x:g}" cy="{y:g}" r="3"/>')
        dessin += (
            '<g class="lieux" fill="#111111" stroke="#ffffff" stroke-width="0.8">'
            + "".join(points)
            + "</g>"
        )
    y = 16.0
    cartouche = [
        f'<text x="{_CARTE + 2 * _MARGE + 10:g}" y="{y:g}" font-weight="bold">{attr(titre)}</text>'
    ]
    y += 12
    for remplissage, texte in legende:
        cartouche.append(_entree(y, remplissage, texte))
        y += 21
    if avec_lieux:
        x = _CARTE + 2 * _MARGE + 19
        cartouche.append(
            f'<circle cx="{x:g}" cy="{y + 6:g}" r="3" fill="#111111" stroke="#ffffff"/>'
            f'<text x="{x + 15:g}" y="{y + 12:g}" font-size="13">'
            f"lieu de médiation ({len(rapport.lieux)})</text>"
        )
        y += 21
    for ligne in SOURCE:
        y += 12
        cartouche.append(
            f'<text x="{_CARTE + 2 * _MARGE + 10:g}" y="{y:g}" font-size="10" '
            f'fill="#555555">{attr(ligne)}</text>'
        )
    largeur = _CARTE + 2 * _MARGE + _LEGENDE
    hauteur = max(projection.hauteur, y + 8)
    return (
        entete_svg(ident, largeur, hauteur, f"{titre} — {rapport.territoire.nom}", desc)
        + (motif_hachures(f"{ident}-hachures") if hachures else "")
        + dessin
        + "".join(cartouche)
        + "</svg>"
    )


def carte_ifn(rapport: Rapport) -> str | None:
    """Communes coloured by their IFN in 7 classes, grey without an index, places as dots.
    None when the territory has no contour."""

    def remplir(commune: CommuneCarte) -> tuple[str, str]:
        if commune.ifn is None:
            return GRIS, f"{commune.nom} : pas d'indice"
        rang = classe(commune.ifn, BORNES_IFN)
        return RAMPE_IFN[rang], f"{commune.nom} : indice {nombre_fr(commune.ifn, 1)}"

    comptes = [0] * (len(RAMPE_IFN) + 1)
    geometries = contours()
    for commune in rapport.communes:
        if commune.code in geometries:
            comptes[-1 if commune.ifn is None else classe(commune.ifn, BORNES_IFN)] += 1
    legende = [
        (couleur, f"{libelle} ({comptes[i]})")
        for i, (couleur, libelle) in enumerate(
            zip(RAMPE_IFN, _libelles_classes(BORNES_IFN), strict=True)
        )
    ]
    legende.append((GRIS, f"pas d'indice ({comptes[-1]})"))
    desc = (
        "Carte des communes coloriées selon l'indice de fragilité numérique, en 7 classes du "
        "bleu (moins fragile) au rouge (plus fragile), gris sans indice ; points noirs : "
        f"{len(rapport.lieux)} lieux de médiation. Nombre de communes par classe : "
        + " ; ".join(texte for _, texte in legende)
        + "."
    )
    return _carte(
        rapport,
        "g-carte-ifn",
        "Fragilité numérique (IFN)",
        remplir,
        legende,
        desc,
        hachures=False,
        avec_lieux=True,
    )


def carte_couverture(rapport: Rapport) -> str | None:
    """Communes coloured by their EPCI's coverage (M4.12) in 5 classes; hidden → hatched,
    no figure → grey. None when the territory has no contour."""
    seuil = rapport.seuil_secret
    par_epci = {e.code: e for e in rapport.epci}
    hachures = "url(#g-carte-couverture-hachures)"

    def remplir(commune: CommuneCarte) -> tuple[str, str]:
        epci = par_epci.get(commune.epci or "")
        if epci is None:
            return GRIS, f"{commune.nom} : pas de donnée"
        cellule: Cellule = epci.couverture
        texte = f"{commune.nom} — {epci.nom} : {texte_cellule(cellule, 'pourcentage', seuil)}"
        if cellule.masquee:
            return hachures, texte
        valeur = publiee(cellule)
        if valeur is None:
            return GRIS, texte
        return RAMPE_COUVERTURE[classe(valeur, BORNES_COUVERTURE)], texte

    legende = list(
        zip(RAMPE_COUVERTURE, _libelles_classes(BORNES_COUVERTURE, "\u00a0%"), strict=True)
    )
    legende += [
        (hachures, f"masqué (« < {seuil} » ou « s »)"),
        (GRIS, "pas de donnée"),
    ]
    desc = (
        "Carte des communes coloriées selon le taux de couverture du public cible (M4.12) de "
        "leur EPCI, en 5 classes du plus clair (faible) au plus foncé (élevé) ; hachures : "
        "valeur masquée par le secret statistique ; gris : pas de donnée. "
        + " ; ".join(
            f"{e.nom} : {texte_cellule(e.couverture, 'pourcentage', seuil)}" for e in rapport.epci
        )
        + "."
    )
    return _carte(
        rapport,
        "g-carte-couverture",
        "Taux de couverture par EPCI",
        remplir,
        legende,
        desc,
        hachures=True,
        avec_lieux=False,
    )
