// Public map: commune suggestions while typing, and « autour de moi » on request only.
// Loaded with `defer`; the page works without it (plain GET form, results first).
(function () {
    "use strict";
    // After a search, what was found comes first in the page: give it the focus, so that a
    // screen reader reads it and a phone shows it (not the form just filled). Only after a
    // submit or a link of the page (they aim at #resultats): a map embedded in another site
    // must not pull that site's page down to itself when it loads.
    var resultats = document.getElementById("resultats");
    if (resultats && resultats.hasAttribute("data-focus") && location.hash === "#resultats") {
        resultats.focus({preventScroll: false});
    }
    // Filters fold away on phones; on a wide screen there is room to show them. (Without
    // JavaScript they are open before a search, folded after it, on any screen.)
    var filtres = document.getElementById("filtres");
    if (filtres) { filtres.open = window.matchMedia("(min-width: 62em)").matches; }

    var champ = document.getElementById("filtre-q");
    var liste = document.getElementById("communes-suggestions");
    if (champ && liste) {
        var attente = null;
        var derniere = "";
        champ.addEventListener("input", function () {
            var texte = champ.value.trim();
            if (attente) { clearTimeout(attente); }
            if (texte.length < 2 || texte === derniere) { return; }
            attente = setTimeout(function () {
                derniere = texte;
                fetch(champ.dataset.suggestions + "?limit=8&q=" + encodeURIComponent(texte), {
                    headers: {"Accept": "application/json"}
                }).then(function (r) { return r.ok ? r.json() : []; }).then(function (communes) {
                    liste.textContent = "";
                    communes.forEach(function (c) {
                        var option = document.createElement("option");
                        option.value = c.nom;
                        option.label = c.nom + " – " + (c.codes_postaux || []).join(", ")
                            + " (" + c.departement + ")";
                        liste.appendChild(option);
                    });
                }).catch(function () { liste.textContent = ""; });
            }, 200);
        });
    }

    // A commune typed in replaces a position found earlier: back to a plain, shareable GET.
    var formulaire = document.getElementById("recherche-carte");
    if (formulaire && champ) {
        formulaire.addEventListener("submit", function () {
            if (champ.value.trim()) {
                formulaire.method = "get";
                ["filtre-lat", "filtre-lon"].forEach(function (id) {
                    document.getElementById(id).disabled = true;
                });
            }
        });
    }

    var bloc = document.getElementById("autour-de-moi");
    var bouton = document.getElementById("bouton-position");
    if (!bloc || !bouton || !("geolocation" in navigator)) { return; }
    bloc.hidden = false;
    var etat = document.getElementById("position-etat");
    bouton.addEventListener("click", function () {
        etat.textContent = "Recherche de votre position…";
        navigator.geolocation.getCurrentPosition(function (pos) {
            var lat = document.getElementById("filtre-lat");
            var lon = document.getElementById("filtre-lon");
            lat.value = pos.coords.latitude.toFixed(5);
            lon.value = pos.coords.longitude.toFixed(5);
            lat.disabled = false;
            lon.disabled = false;
            if (champ) { champ.value = ""; }
            etat.textContent = "Position trouvée : recherche des lieux proches.";
            // Posted, not in the address: the position must not end up in the history,
            // server logs or a shared link.
            bouton.form.method = "post";
            bouton.form.submit();
        }, function () {
            etat.textContent = "Position indisponible ou refusée : tapez plutôt votre commune.";
        }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 600000});
    });
})();
