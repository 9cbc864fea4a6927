// Public map: commune suggestions while typing, and « autour de moi » on request only.
// Loaded with `defer`; the page works without it (plain GET form).
(function () {
    "use strict";
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
            bouton.form.submit();
        }, function () {
            etat.textContent = "Position indisponible ou refusée : tapez plutôt votre commune.";
        }, {enableHighAccuracy: false, timeout: 10000, maximumAge: 600000});
    });
})();
