// Report page: the drill-down tables by structure and by place can be filtered by name, and a
// link to one of them (table of contents, key figures) opens it. Without JavaScript the
// sections open by hand and show every row.
(function () {
  "use strict";
  function sansAccents(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("input[data-filtre]").forEach(function (champ) {
    var table = document.getElementById(champ.getAttribute("data-filtre"));
    var bloc = champ.closest(".rapport__filtre");
    var compte = bloc.querySelector("[role=status]");
    if (!table) { return; }
    bloc.hidden = false;
    champ.addEventListener("input", function () {
      var cherche = sansAccents(champ.value.trim());
      var vues = 0;
      table.querySelectorAll("tbody tr").forEach(function (ligne) {
        var nom = sansAccents(ligne.querySelector("th").textContent);
        var garde = !cherche || nom.indexOf(cherche) !== -1;
        ligne.hidden = !garde;
        if (garde) { vues += 1; }
      });
      compte.textContent = cherche ? vues + " ligne(s) sur " + table.tBodies[0].rows.length : "";
    });
  });
  function ouvrir() {
    var cible = location.hash && document.getElementById(location.hash.slice(1));
    if (cible && cible.tagName === "DETAILS") { cible.open = true; cible.scrollIntoView(); }
  }
  window.addEventListener("hashchange", ouvrir);
  ouvrir();
}());
