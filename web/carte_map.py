"""Public map of the mediation places, rendered with folium for a page of our own.

folium is built to emit a whole HTML document that loads Leaflet, jQuery, Bootstrap and
Font Awesome from CDNs. We only want its map-building code: the page template loads Leaflet
and Leaflet.markercluster from `/static/vendor/` (see `web.static_assets`), and everything
rendered here must run under a strict Content-Security-Policy (nonce'd inline blocks, no
inline event handlers, no eval, no style attributes).

Size and time matter more than elegance: a regional map may show tens of thousands of places,
so each marker is a compact row whose texts were escaped once, when the place was projected
(projections.carte_marqueurs); repeated strings (commune, today's hours) are sent once in
tables, services as a bit mask, and the popup HTML is assembled in the browser, only when a
popup opens. The rows join the script after folium has rendered it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import fmean

import folium
import msgspec
from branca.element import Figure
from folium.plugins import FastMarkerCluster
from folium.template import Template

from projections.carte_marqueurs import (
    DECIMALES,
    js,
    ligne_commune,
    marqueur,
    services_table_js,
    texte_html,
)
from projections.carte_requetes import VIDE, MarqueursCarte
from projections.fragilite import CoucheFragilite
from web.carte_js import CALLBACK_JS, CARTE_JS, FRAGILITE_JS, ICONE_GROUPE_JS, RAMPE, REPERE_JS
from web.carte_script import empreinte

CENTRE_FRANCE: tuple[float, float] = (46.6, 2.4)

# Leaflet.markercluster throws "Map has no maxZoom specified" when no layer sets it, which is
# the case without a tile layer.
ZOOM_MAX = 18

_STYLE_RE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


class PointCarte(msgspec.Struct, frozen=True):
    id: str
    nom: str
    adresse: str
    code_postal: str
    commune: str
    latitude: float
    longitude: float
    services: tuple[str, ...]
    # What a citizen checks before going: today's hours (already in French, e.g. « mardi :
    # 9 h – 12 h »), a phone number, when the record was last verified (« 12/03/2025 »).
    aujourdhui: str = ""
    telephone: str = ""
    verifie_le: str = ""


class CarteRendue(msgspec.Struct, frozen=True):
    styles: str
    """CSS for a `<style nonce>` in `<head>` (may be empty)."""
    html: str
    """The map `<div>`."""
    script: str
    """JS placed after the vendored Leaflet scripts (served apart: web.carte_script)."""
    empreinte: str
    """A digest of `script`: its address."""


_PLACE_DES_LIGNES = "__LIGNES_MEDNUM__"


class _GroupeLieux(FastMarkerCluster):
    """FastMarkerCluster with compact data and a single bulk insertion.

    The stock template writes the rows with Jinja's `tojson` (spaces, ASCII escapes: about
    15 % larger here) and adds markers one by one; `addLayers` lets markercluster cluster
    them in one pass, in chunks so the page stays responsive.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                {{ this.callback }}
                var data = {{ this.donnees_js }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                {%- if this.icon_create_function is not none %}
                cluster.options.iconCreateFunction = {{ this.icon_create_function.strip() }};
                {%- endif %}
                var markers = new Array(data.length);
                for (var i = 0; i < data.length; i++) {
                    markers[i] = callback(data[i]);
                }
                cluster.addLayers(markers);
                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, lignes: str, callback: str, icon_create_function: str) -> None:
        super().__init__(  # type: ignore[no-untyped-call]  # folium is untyped here
            data=[],
            callback=callback,
            icon_create_function=icon_create_function,
            chunked_loading=True,
        )
        # Already escaped and joined (projections.carte_requetes): folium neither checks
        # nor encodes 20,000 rows again, and they join the script after folium has rendered
        # it (branca compiles each element's output as a Jinja template: 3 MB of rows took
        # a hundred milliseconds to lex).
        self.lignes = lignes
        # The stock lists are CDN links: the page template loads our vendored copies instead.
        self.default_js = []
        self.default_css = []

    donnees_js = _PLACE_DES_LIGNES

    def inserer(self, script: str) -> str:
        """`script` with the rows in their place."""
        if script.count(_PLACE_DES_LIGNES) != 1:
            raise RuntimeError("unexpected folium script: update _GroupeLieux")
        return script.replace(_PLACE_DES_LIGNES, "[" + self.lignes + "]")


def _fragilite_js(nom_carte: str, couche: CoucheFragilite) -> str:
    donnees = {
        "seuils": couche.seuils,
        "communes": [
            [c.latitude, c.longitude, c.classe, c.population, texte_html(c.nom), c.score]
            for c in couche.communes
        ],
    }
    return (
        FRAGILITE_JS.replace("__RAMPE__", js(list(RAMPE)))
        .replace("__CARTE__", nom_carte)
        .replace("__DONNEES__", js(donnees))
    )


def _callback_js(marqueurs: MarqueursCarte) -> str:
    return (
        CALLBACK_JS.replace("__COMMUNES__", js(marqueurs.communes))
        .replace("__SERVICES__", services_table_js())
        .replace("__JOURS__", js(marqueurs.jours))
    )


def marqueurs_de(points: Sequence[PointCarte]) -> MarqueursCarte:
    """The markers of places already read (a search around a point: a few hundred at most),
    in the rows the stored fragments make (projections.carte_requetes)."""
    if not points:
        return VIDE
    communes: dict[str, int] = {}
    jours: dict[str, int] = {}
    lignes = []
    for p in points:
        fragment = marqueur(
            id=p.id,
            nom=p.nom,
            adresse=p.adresse,
            latitude=p.latitude,
            longitude=p.longitude,
            services=p.services,
            telephone=p.telephone,
            verifie=p.verifie_le,
        )
        commune = communes.setdefault(ligne_commune(p.code_postal, p.commune), len(communes))
        jour = jours.setdefault(texte_html(p.aujourdhui), len(jours))
        lignes.append(f"{fragment},{commune},{jour}]")
    latitudes = [p.latitude for p in points]
    longitudes = [p.longitude for p in points]
    return MarqueursCarte(
        lignes=",".join(lignes),
        communes=list(communes),
        jours=list(jours),
        nombre=len(points),
        bornes=(min(latitudes), min(longitudes), max(latitudes), max(longitudes)),
        centre=(fmean(latitudes), fmean(longitudes)),
        codes_postaux=tuple(dict.fromkeys(p.code_postal for p in points)),
    )


def render_carte(
    points: Sequence[PointCarte] | MarqueursCarte,
    *,
    tiles_url: str | None,
    tiles_attribution: str,
    centre: tuple[float, float] | None = None,
    zoom: int = 8,
    fragilite: CoucheFragilite | None = None,
    repere: tuple[float, float, str] | None = None,
) -> CarteRendue:
    """Render the map of `points` (or of markers read as such) as three fragments for the
    page template.

    `tiles_url` is a Leaflet URL template (`https://…/{z}/{x}/{y}.png`); `None` gives a map
    without background (tests, offline installs). `tiles_attribution` is trusted HTML from
    the configuration, displayed by Leaflet as is; tile licences require it with a URL.
    `repere` marks where the search was made from (latitude, longitude, its name).
    """
    if tiles_url is not None and not tiles_attribution.strip():
        raise ValueError("tiles_attribution is required with tiles_url")
    marqueurs = points if isinstance(points, MarqueursCarte) else marqueurs_de(points)

    carte = folium.Map(
        location=list(centre or marqueurs.centre or CENTRE_FRANCE),
        zoom_start=zoom,
        tiles=tiles_url,
        attr=tiles_attribution or None,
        max_zoom=ZOOM_MAX,
        zoom_control=False,  # replaced by a French one in CARTE_JS
    )
    # Fixed names (folium draws random ones): a script rebuilt by another web process must
    # fit the map <div> of the page it was asked for (web.carte_script).
    carte._id = "mednum"
    # folium passes max_zoom to the tile layer only; the map needs it too (see ZOOM_MAX).
    carte.options["max_zoom"] = ZOOM_MAX
    # Its CDN links (Leaflet, jQuery, Bootstrap, Font Awesome…) must not reach the page.
    carte.default_js = []
    carte.default_css = []
    if marqueurs.bornes is not None and centre is None:
        # Frame the places found (a commune's few, or a whole region's), not a fixed view.
        sud, ouest, nord, est = marqueurs.bornes
        latitudes = [sud, nord] + ([repere[0]] if repere else [])
        longitudes = [ouest, est] + ([repere[1]] if repere else [])
        carte.fit_bounds(
            [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]],
            padding=(30, 30),
            max_zoom=14,
        )

    groupe = _GroupeLieux(
        lignes=marqueurs.lignes,
        callback=_callback_js(marqueurs),
        icon_create_function=ICONE_GROUPE_JS,
    )
    groupe._id = "lieux"
    groupe.add_to(carte)

    root = carte.get_root()
    assert isinstance(root, Figure)
    root.render()
    nom = carte.get_name()

    # folium's header also holds a viewport meta forbidding zoom (an accessibility failure),
    # rules on `html, body` and `#map` for a full-page map, and a non-nonce'd <script>: keep
    # only the rules sizing this map's div.
    styles = "\n".join(
        bloc.strip() for bloc in _STYLE_RE.findall(root.header.render()) if f"#{nom}" in bloc
    )

    div = root.html.render().strip()
    avec_role = div.replace(
        'class="folium-map"',
        'class="folium-map carte-lieux" role="region" '
        f'aria-label="Carte interactive des lieux ({marqueurs.nombre})"',
        1,
    )
    if avec_role == div:
        raise RuntimeError("unexpected folium map markup: update render_carte")

    script = groupe.inserer(root.script.render().strip()) + CARTE_JS.replace("__CARTE__", nom)
    if repere is not None:
        script += (
            REPERE_JS.replace("__CARTE__", nom)
            .replace("__LAT__", js(round(repere[0], DECIMALES)))
            .replace("__LON__", js(round(repere[1], DECIMALES)))
            .replace("__NOM__", js(texte_html(repere[2])))
        )
    if fragilite is not None:
        script += _fragilite_js(nom, fragilite)
    return CarteRendue(styles=styles, html=avec_role, script=script, empreinte=empreinte(script))
