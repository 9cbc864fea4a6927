// Follows a run in the background (a frozen report's verification, the preparation of one of
// its files) without reloading the page: polls its JSON state every 1.5 s, moves the
// progress bar, and when the run is over reloads the page (verification: its result shows)
// or goes to the file (download), leaving a link to it on the page: a phone may not start a
// download by itself. Without JavaScript, the « Actualiser » link does it by hand.
(function () {
  "use strict";
  var bloc = document.querySelector("[data-suivi]");
  if (!bloc) { return; }
  var barre = bloc.querySelector("progress");
  var texte = bloc.querySelector("[data-suivi-texte]");
  var ensuite = bloc.getAttribute("data-suivi-ensuite");
  function pourcentage(etat) {
    var courant = etat.position_cible ? Math.min(etat.position_atteinte / etat.position_cible, 1) : 0;
    return Math.min(99, Math.floor(100 * (etat.etape + courant) / Math.max(etat.etapes, 1)));
  }
  // The file is ready: the wait's words go, the bar is full, a link to the file stays.
  function pret() {
    bloc.querySelectorAll("[data-suivi-attente]").forEach(function (e) { e.hidden = true; });
    if (barre) { barre.value = 100; }
    if (texte) { texte.textContent = bloc.getAttribute("data-suivi-pret"); }
    var lien = document.createElement("a");
    lien.href = ensuite;
    lien.className = "bouton";
    lien.textContent = bloc.getAttribute("data-suivi-lien") || ensuite;
    var ligne = document.createElement("p");
    ligne.appendChild(lien);
    bloc.appendChild(ligne);
  }
  function suivre() {
    fetch(bloc.getAttribute("data-suivi"), { headers: { Accept: "application/json" } })
      .then(function (reponse) { return reponse.ok ? reponse.json() : null; })
      .then(function (etat) {
        if (!etat) { return; }
        if (etat.fin || etat.produit_le || etat.erreur) {
          if (ensuite && !etat.erreur) {
            pret();
            window.location.assign(ensuite);
          } else {
            window.location.reload();
          }
          return;
        }
        if (barre && etat.etapes) {
          barre.value = pourcentage(etat);
          if (texte) { texte.textContent = barre.value + " %"; }
        }
        window.setTimeout(suivre, 1500);
      })
      .catch(function () { window.setTimeout(suivre, 5000); });
  }
  window.setTimeout(suivre, 1500);
}());
