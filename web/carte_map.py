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
    """JS for a `<script nonce>` placed after the vendored Leaflet scripts."""


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


# Rows are [lat, lon, id, nom, adresse, index into COMMUNES, index into LISTES, index into
# TEXTES for today's hours, phone, index into TEXTES for the verification date]; LISTES holds
# lists of indexes into SERVICES; TEXTES holds the strings many places share. Every string is
# already HTML-escaped, so concatenating them into markup is safe; the marker's `alt` is set
# by Leaflet as a DOM property and wants plain text, hence `texte()`.
_CALLBACK_JS = """(function () {
    var COMMUNES = __COMMUNES__;
    var SERVICES = __SERVICES__;
    var LISTES = __LISTES__;
    var TEXTES = __TEXTES__;
    function texte(s) {
        return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    }
    function popup(row) {
        var h = '<div class="popup-lieu"><p class="popup-lieu__nom">' + row[3] + "</p>"
            + '<p class="popup-lieu__adresse">' + (row[4] ? row[4] + "<br>" : "")
            + COMMUNES[row[5]] + "</p>";
        var jour = TEXTES[row[7]];
        if (jour) {
            h += '<p class="popup-lieu__horaires"><strong>Aujourd’hui</strong> ' + jour + "</p>";
        }
        if (row[8]) {
            h += '<p class="popup-lieu__tel">Téléphone : <a href="tel:' + row[8] + '">'
                + row[8] + "</a></p>";
        }
        var liste = LISTES[row[6]];
        if (liste.length) {
            h += '<ul class="popup-lieu__services">';
            for (var i = 0; i < liste.length; i++) {
                h += "<li>" + SERVICES[liste[i]] + "</li>";
            }
            h += "</ul>";
        }
        var verifie = TEXTES[row[9]];
        if (verifie) {
            h += '<p class="popup-lieu__verifie">Vérifié le ' + verifie + "</p>";
        }
        return h + '<p class="popup-lieu__lien"><a href="/lieux/' + row[2] + '">Voir la fiche'
            + '<span class="visually-hidden"> : ' + row[3] + "</span></a></p></div>";
    }
    return function (row) {
        var marker = L.marker([row[0], row[1]], {alt: texte(row[3]), keyboard: true});
        marker.bindPopup(function () { return popup(row); }, {maxWidth: 320});
        return marker;
    };
})()"""

# Cluster bubbles are focusable buttons named by their text: markercluster's default reads
# "12 markers", in English.
_ICONE_GROUPE_JS = """function (cluster) {
    var n = cluster.getChildCount();
    var taille = n < 10 ? "small" : (n < 100 ? "medium" : "large");
    return L.divIcon({
        html: "<div><span>" + n + '<span class="visually-hidden"> lieux</span></span></div>',
        className: "marker-cluster marker-cluster-" + taille,
        iconSize: new L.Point(40, 40)
    });
}"""

# French zoom buttons; keyboard users who open a popup from a focused marker land on its
# link and go back to the marker when it closes (Leaflet leaves focus behind otherwise).
# Leaflet only listens to Escape while the map container itself has focus, not a popup link.
_CARTE_JS = """
(function (carte) {
    L.control.zoom({zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière"}).addTo(carte);
    var origine = null;
    var ouverte = false;
    carte.getContainer().addEventListener("keydown", function (e) {
        if (ouverte && (e.key === "Escape" || e.key === "Esc")) { carte.closePopup(); }
    });
    carte.on("popupopen", function (e) {
        ouverte = true;
        var el = e.popup.getElement();
        var actif = document.activeElement;
        origine = actif && actif.classList.contains("leaflet-marker-icon") ? actif : null;
        if (!el) { return; }
        var fermer = el.querySelector(".leaflet-popup-close-button");
        if (fermer) { fermer.setAttribute("aria-label", "Fermer"); }
        var lien = el.querySelector(".popup-lieu__lien a");
        if (origine && lien) { lien.focus(); }
    });
    carte.on("popupclose", function (e) {
        ouverte = false;
        var el = e.popup.getElement();
        var actif = document.activeElement;
        var perdu = !actif || actif === document.body || (el && el.contains(actif));
        if (origine && perdu && document.body.contains(origine)) { origine.focus(); }
        origine = null;
    });
})(__CARTE__);
"""


# The fragility layer: circles at commune centres (area proportional to population), one of
# 7 colours from blue (least fragile) to red, in an overlay the person switches on, with a
# legend that says the classes in words and numbers (not only colours).
_RAMPE = ("#2c7bb6", "#64a6cd", "#abd9e9", "#ffffbf", "#fdae61", "#f46d43", "#d7191c")
_FRAGILITE_JS = """
(function (carte, donnees) {
    var RAMPE = __RAMPE__;
    var S = donnees.seuils;
    var NOTES = {0: " (moins fragile)", 6: " (plus fragile)"};
    function virgule(x) { return String(x).replace(".", ","); }
    var groupe = L.layerGroup();
    var rendu = L.canvas();
    donnees.communes.forEach(function (c) {
        L.circleMarker([c[0], c[1]], {
            renderer: rendu, radius: Math.max(2, Math.sqrt(c[3]) / 12), weight: 0.5,
            color: "#333", fillColor: RAMPE[c[2]], fillOpacity: 0.75
        }).bindTooltip(c[4] + " : indice " + String(c[5]).replace(".", ",") + " (classe "
            + (c[2] + 1) + " sur 7), " + c[3].toLocaleString("fr-FR") + " habitants")
          .addTo(groupe);
    });
    var legende = L.control({position: "bottomright"});
    legende.onAdd = function () {
        var div = L.DomUtil.create("div", "legende-ifn");
        var h = "<p><strong>Indice de fragilité numérique</strong><br>"
            + "cercle proportionnel à la population</p><ul>";
        for (var i = 0; i < 7; i++) {
            h += '<li><span class="legende-ifn__case legende-ifn__case--' + i + '"></span>'
                + "classe " + (i + 1) + (NOTES[i] || "") + " : " + virgule(S[i]) + " à "
                + virgule(S[i + 1])
                + "</li>";
        }
        div.innerHTML = h + "</ul>";
        return div;
    };
    L.control.layers(null, {"Fragilité numérique (IFN)": groupe}, {collapsed: false})
        .addTo(carte);
    carte.on("overlayadd", function (e) { if (e.layer === groupe) { legende.addTo(carte); } });
    carte.on("overlayremove", function (e) { if (e.layer === groupe) { legende.remove(); } });
})(__CARTE__, __DONNEES__);
"""


def _fragilite_js(nom_carte: str, couche: CoucheFragilite) -> str:
    donnees = {
        "seuils": couche.seuils,
        "communes": [
            [c.latitude, c.longitude, c.classe, c.population, _texte(c.nom), c.score]
            for c in couche.communes
        ],
    }
    return (
        _FRAGILITE_JS.replace("__RAMPE__", _js(list(_RAMPE)))
        .replace("__CARTE__", nom_carte)
        .replace("__DONNEES__", _js(donnees))
    )


def _texte(valeur: str) -> str:
    # Text-node context only, where quotes need no escaping (and French apostrophes are
    # everywhere).
    return html.escape(valeur, quote=False)


class _Tables(msgspec.Struct):
    """Strings shared by many places, sent once (see _CALLBACK_JS)."""

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
            _CALLBACK_JS.replace("__COMMUNES__", _js(list(self.communes)))
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
) -> CarteRendue:
    """Render the map of `points` as three fragments for the page template.

    `tiles_url` is a Leaflet URL template (`https://…/{z}/{x}/{y}.png`); `None` gives a map
    without background (tests, offline installs). `tiles_attribution` is trusted HTML from
    the configuration, displayed by Leaflet as is; tile licences require it with a URL.
    """
    if tiles_url is not None and not tiles_attribution.strip():
        raise ValueError("tiles_attribution is required with tiles_url")

    carte = folium.Map(
        location=list(centre or _centre(points)),
        zoom_start=zoom,
        tiles=tiles_url,
        attr=tiles_attribution or None,
        max_zoom=ZOOM_MAX,
        zoom_control=False,  # replaced by a French one in _CARTE_JS
    )
    # folium passes max_zoom to the tile layer only; the map needs it too (see ZOOM_MAX).
    carte.options["max_zoom"] = ZOOM_MAX
    # Its CDN links (Leaflet, jQuery, Bootstrap, Font Awesome…) must not reach the page.
    carte.default_js = []
    carte.default_css = []
    if points and centre is None:
        # Frame the places found (a commune's few, or a whole region's), not a fixed view.
        latitudes = [p.latitude for p in points]
        longitudes = [p.longitude for p in points]
        carte.fit_bounds(
            [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]],
            padding=(30, 30),
            max_zoom=14,
        )

    tables = _Tables()
    lignes = _lignes(points, tables)
    _GroupeLieux(
        data=lignes,
        callback=tables.callback_js(),
        icon_create_function=_ICONE_GROUPE_JS,
    ).add_to(carte)

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

    script = root.script.render().strip() + _CARTE_JS.replace("__CARTE__", nom)
    if fragilite is not None:
        script += _fragilite_js(nom, fragilite)
    return CarteRendue(styles=styles, html=avec_role, script=script)
