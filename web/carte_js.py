"""The map's JavaScript, sent inline under the page's CSP nonce; web/carte_map.py fills the
`__NAME__` slots with data it has HTML-escaped."""

from __future__ import annotations

# Rows are [lat, lon, id, nom, adresse, services, phone, verification date, index into
# COMMUNES, index into JOURS (today's hours)] (projections/carte_marqueurs.py); services are a
# bit mask over SERVICES (or a list of names). Every string is already HTML-escaped, so
# concatenating them into markup is safe; the marker's `alt` is set by Leaflet as a DOM
# property and wants plain text, hence `texte()`.
CALLBACK_JS = """(function () {
    var COMMUNES = __COMMUNES__;
    var SERVICES = __SERVICES__;
    var JOURS = __JOURS__;
    function texte(s) {
        return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    }
    function services(s) {
        if (typeof s !== "number") { return s; }
        var liste = [];
        for (var i = 0; i < SERVICES.length; i++) {
            if (s & (1 << i)) { liste.push(SERVICES[i]); }
        }
        return liste;
    }
    function popup(row) {
        var h = '<div class="popup-lieu"><p class="popup-lieu__nom">' + row[3] + "</p>"
            + '<p class="popup-lieu__adresse">' + (row[4] ? row[4] + "<br>" : "")
            + COMMUNES[row[8]] + "</p>";
        var jour = JOURS[row[9]];
        if (jour) {
            h += '<p class="popup-lieu__horaires"><strong>Aujourd’hui</strong> ' + jour + "</p>";
        }
        if (row[6]) {
            h += '<p class="popup-lieu__tel">Téléphone : <a href="tel:' + row[6] + '">'
                + row[6] + "</a></p>";
        }
        var liste = services(row[5]);
        if (liste.length) {
            h += '<ul class="popup-lieu__services">';
            for (var i = 0; i < liste.length; i++) {
                h += "<li>" + liste[i] + "</li>";
            }
            h += "</ul>";
        }
        if (row[7]) {
            h += '<p class="popup-lieu__verifie">Vérifié le ' + row[7] + "</p>";
        }
        return h + '<p class="popup-lieu__lien"><a href="/lieux/' + row[2] + '">Voir la fiche'
            + '<span class="visually-hidden"> : ' + row[3] + "</span></a></p></div>";
    }
    return function (row) {
        var marker = L.marker([row[0], row[1]], {alt: texte(row[3]), keyboard: true});
        // On a phone the popup stays narrower than the map and clear of the zoom buttons.
        marker.bindPopup(function () { return popup(row); }, {
            maxWidth: Math.min(320, window.innerWidth - 140),
            autoPanPaddingTopLeft: L.point(50, 12)
        });
        return marker;
    };
})()"""

# Cluster bubbles are focusable buttons named by their text: markercluster's default reads
# "12 markers", in English.
ICONE_GROUPE_JS = """function (cluster) {
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
CARTE_JS = """
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
RAMPE = ("#2c7bb6", "#64a6cd", "#abd9e9", "#ffffbf", "#fdae61", "#f46d43", "#d7191c")
FRAGILITE_JS = """
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


# The commune searched (or the person's position): a dark dot with its name always shown, so
# that distances in the list have a visible origin. A vector circle, not an icon: no image.
REPERE_JS = """
(function (carte, lat, lon, nom) {
    L.circleMarker([lat, lon], {
        radius: 9, color: "#ffffff", weight: 3, fillColor: "#000091", fillOpacity: 1,
        interactive: false
    }).bindTooltip(nom, {permanent: true, direction: "top", offset: [0, -8],
                         className: "repere-recherche"}).addTo(carte);
})(__CARTE__, __LAT__, __LON__, __NOM__);
"""
