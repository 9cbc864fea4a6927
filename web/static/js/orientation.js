/* Citizen orientation: progressive enhancement only (the results are already first in the
   page and the sheet works without this script).
   - after the questionnaire is sent, the results' heading takes the focus, so a screen
     reader and the person both start there rather than at the form again;
   - « Imprimer » buttons show and print, with every « Pourquoi ? » unfolded;
   - « Partager » shows when the browser can share (or copy) the sheet's address. */
(function () {
  "use strict";
  var titre = document.getElementById("titre-resultats");
  if (titre) {
    titre.focus();
  }
  document.querySelectorAll("[data-imprimer]").forEach(function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  var statut = document.getElementById("partage-statut");
  document.querySelectorAll("[data-partager]").forEach(function (bouton) {
    if (!navigator.share && !(navigator.clipboard && window.isSecureContext)) { return; }
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      var adresse = window.location.href;
      if (navigator.share) {
        navigator.share({ title: document.title, url: adresse }).catch(function () {});
        return;
      }
      navigator.clipboard.writeText(adresse).then(function () {
        if (statut) { statut.textContent = "Adresse de la fiche copiée : collez-la dans un message."; }
      });
    });
  });
}());
