/* Commune fields (input[data-communes]): as the person types a name or a postcode, the
   matching communes are offered (the hub's territory first) from /api/v1/communes.
   Progressive enhancement only: without this script the server reads « dijon », « 21000 »
   or « Dijon (21000) » by itself and asks when it is ambiguous. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-communes]").forEach(function (champ) {
    var liste = document.getElementById(champ.getAttribute("list"));
    if (!liste || !window.fetch) { return; }
    var minuterie = null;
    var derniere = "";
    function proposer(communes) {
      liste.textContent = "";
      communes.forEach(function (c) {
        var option = document.createElement("option");
        option.value = c.nom + " (" + (c.codes_postaux[0] || c.code_insee) + ")";
        liste.appendChild(option);
      });
    }
    // A form that also asks the postcode (a place's) gets the chosen commune's, if empty.
    var codePostal = document.getElementById(champ.getAttribute("data-code-postal") || "");
    champ.addEventListener("input", function () {
      clearTimeout(minuterie);
      var q = champ.value.trim();
      var choisi = /\((\d{5})\)$/.exec(q);
      if (choisi && codePostal && !codePostal.value) { codePostal.value = choisi[1]; }
      // A chosen suggestion (« Dijon (21000) ») needs no new search.
      if (q.length < 2 || q === derniere || /\(\w{5}\)$/.test(q)) { return; }
      minuterie = setTimeout(function () {
        derniere = q;
        var adresse = "/api/v1/communes?limit=8&q=" + encodeURIComponent(q) +
          "&territoire=" + encodeURIComponent(champ.getAttribute("data-territoire") || "");
        fetch(adresse, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(proposer)
          .catch(function () { proposer([]); });
      }, 200);
    });
  });
}());
