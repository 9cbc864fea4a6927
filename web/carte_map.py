"""Public map of the mediation places, rendered with folium for a page of our own.

folium is built to emit a whole HTML document that loads Leaflet, jQuery, Bootstrap and
Font Awesome from CDNs. We only want its map-building code: the page template loads Leaflet
and Leaflet.markercluster from `/static/vendor/` (see `web.static_assets`), and everything
rendered here must run under a strict Content-Security-Policy (nonce'd inline blocks, no
inline event handlers, no eval, no style attributes).

Size matters more than elegance: a regional map may show tens of thousands of places, so each
marker is a compact row, repeated strings (commune, list of services) are stored once in
tables, and the popup HTML is assembled in the browser, only when a popup opens, from
fragments that were HTML-escaped here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from statistics import fmean
from typing import Any
from urllib.parse import quote

import folium
import msgspec
from branca.element import Figure
from folium.plugins import FastMarkerCluster
from folium.template import Template

from projections.fragilite import CoucheFragilite
from web.carte_js import CALLBACK_JS, CARTE_JS, FRAGILITE_JS, ICONE_GROUPE_JS, RAMPE, REPERE_JS
from web.carte_script import empreinte

CENTRE_FRANCE: tuple[float, float] = (46.6, 2.4)

# Leaflet.markercluster throws "Map has no maxZoom specified" when no layer sets it, which is
# the case without a tile layer.
ZOOM_MAX = 18

# 5 decimals is about one metre: more precision than any address has, and every extra digit
# costs 20,000 × 2 bytes on a full map.
_DECIMALES = 5

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


def _js(valeur: object) -> str:
    """JSON for inside a <script> element, as small as possible.

    Escaping <, > and & is what keeps a value from closing the <script>; unlike Jinja's
    `tojson` we keep UTF-8 and apostrophes as they are, as "\\u00e9" for every French accent
    adds up to hundreds of kilobytes on a full map.
    """
    texte = json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))
    return (
        texte.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


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

    def __init__(self, data: list[list[Any]], callback: str, icon_create_function: str) -> None:
        super().__init__(  # type: ignore[no-untyped-call]  # folium is untyped here
            data=data,
            callback=callback,
            icon_create_function=icon_create_function,
            chunked_loading=True,
        )
        # The stock lists are CDN links: the page template loads our vendored copies instead.
        self.default_js = []
        self.default_css = []

    @property
    def donnees_js(self) -> str:
        return _js(self.data)


def _fragilite_js(nom_carte: str, couche: CoucheFragilite) -> str:
    donnees = {
        "seuils": couche.seuils,
        "communes": [
            [c.latitude, c.longitude, c.classe, c.population, _texte(c.nom), c.score]
            for c in couche.communes
        ],
    }
    return (
        FRAGILITE_JS.replace("__RAMPE__", _js(list(RAMPE)))
        .replace("__CARTE__", nom_carte)
        .replace("__DONNEES__", _js(donnees))
    )


def _texte(valeur: str) -> str:
    # Text-node context only, where quotes need no escaping (and French apostrophes are
    # everywhere).
    return html.escape(valeur, quote=False)


class _Tables(msgspec.Struct):
    """Strings shared by many places, sent once (see CALLBACK_JS)."""

    communes: dict[str, int] = msgspec.field(default_factory=dict)
    services: dict[str, int] = msgspec.field(default_factory=dict)
    # Places share a handful of combinations of the 9 services of the national standard.
    listes: dict[tuple[int, ...], int] = msgspec.field(default_factory=dict)
    # Index 0 is the empty string, so that a missing value costs one digit.
    textes: dict[str, int] = msgspec.field(default_factory=lambda: {"": 0})

    @staticmethod
    def index(table: dict[Any, int], cle: Any) -> int:
        return table.setdefault(cle, len(table))

    def callback_js(self) -> str:
        return (
            CALLBACK_JS.replace("__COMMUNES__", _js(list(self.communes)))
            .replace("__SERVICES__", _js(list(self.services)))
            .replace("__LISTES__", _js([list(liste) for liste in self.listes]))
            .replace("__TEXTES__", _js(list(self.textes)))
        )


def _lignes(points: Sequence[PointCarte], tables: _Tables) -> list[list[Any]]:
    lignes: list[list[Any]] = []
    for p in points:
        commune = _texte(f"{p.code_postal} {p.commune}".strip())
        # Sorted and deduplicated: the popup shows services in one consistent order, and
        # there are then at most 2^9 distinct lists instead of one per permutation.
        liste = tuple(sorted({tables.index(tables.services, _texte(s)) for s in p.services}))
        lignes.append(
            [
                round(p.latitude, _DECIMALES),
                round(p.longitude, _DECIMALES),
                # Goes into an href: percent-encoding keeps it inside /lieux/, attribute
                # escaping keeps it inside the quotes.
                html.escape(quote(p.id, safe=""), quote=True),
                _texte(p.nom),
                _texte(p.adresse),
                tables.index(tables.communes, commune),
                tables.index(tables.listes, liste),
                tables.index(tables.textes, _texte(p.aujourdhui)),
                # A phone number goes into an href too; digits, spaces and + only (see
                # _telephone), so no escaping can be needed beyond this.
                _telephone(p.telephone),
                tables.index(tables.textes, _texte(p.verifie_le)),
            ]
        )
    return lignes


def _telephone(numero: str) -> str:
    return "".join(c for c in numero if c.isdigit() or c in "+ ")


def _centre(points: Sequence[PointCarte]) -> tuple[float, float]:
    if not points:
        return CENTRE_FRANCE
    return (fmean(p.latitude for p in points), fmean(p.longitude for p in points))


def render_carte(
    points: Sequence[PointCarte],
    *,
    tiles_url: str | None,
    tiles_attribution: str,
    centre: tuple[float, float] | None = None,
    zoom: int = 8,
    fragilite: CoucheFragilite | None = None,
    repere: tuple[float, float, str] | None = None,
) -> CarteRendue:
    """Render the map of `points` as three fragments for the page template.

    `tiles_url` is a Leaflet URL template (`https://…/{z}/{x}/{y}.png`); `None` gives a map
    without background (tests, offline installs). `tiles_attribution` is trusted HTML from
    the configuration, displayed by Leaflet as is; tile licences require it with a URL.
    `repere` marks where the search was made from (latitude, longitude, its name).
    """
    if tiles_url is not None and not tiles_attribution.strip():
        raise ValueError("tiles_attribution is required with tiles_url")

    carte = folium.Map(
        location=list(centre or _centre(points)),
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
    if points and centre is None:
        # Frame the places found (a commune's few, or a whole region's), not a fixed view.
        latitudes = [p.latitude for p in points] + ([repere[0]] if repere else [])
        longitudes = [p.longitude for p in points] + ([repere[1]] if repere else [])
        carte.fit_bounds(
            [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]],
            padding=(30, 30),
            max_zoom=14,
        )

    tables = _Tables()
    lignes = _lignes(points, tables)
    groupe = _GroupeLieux(
        data=lignes,
        callback=tables.callback_js(),
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
        f'aria-label="Carte interactive des lieux ({len(points)})"',
        1,
    )
    if avec_role == div:
        raise RuntimeError("unexpected folium map markup: update render_carte")

    script = root.script.render().strip() + CARTE_JS.replace("__CARTE__", nom)
    if repere is not None:
        script += (
            REPERE_JS.replace("__CARTE__", nom)
            .replace("__LAT__", _js(round(repere[0], _DECIMALES)))
            .replace("__LON__", _js(round(repere[1], _DECIMALES)))
            .replace("__NOM__", _js(_texte(repere[2])))
        )
    if fragilite is not None:
        script += _fragilite_js(nom, fragilite)
    return CarteRendue(styles=styles, html=avec_role, script=script, empreinte=empreinte(script))
