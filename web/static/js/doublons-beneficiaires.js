// Warns, while a mediator types a new person's name, phone or e-mail, that someone alike is
// already followed (GET /api/v1/beneficiaires/doublons). Without JavaScript, the server gives
// the same warning when the form is sent.
(function () {
  "use strict";
  var zone = document.getElementById("doublons-direct");
  var champs = document.querySelectorAll("[data-doublons]");
  if (!zone || !champs.length || document.getElementById("doublons-serveur")) { return; }
  var minuterie = null;

  function valeur(nom) {
    var champ = document.getElementById(nom);
    return champ ? champ.value.trim() : "";
  }

  function afficher(trouves) {
    zone.textContent = "";
    if (!trouves.length) { return; }
    var alerte = document.createElement("div");
    alerte.className = "alerte alerte--warning";
    var texte = document.createElement("p");
    texte.textContent = "Cette personne est peut-être déjà suivie :";
    alerte.appendChild(texte);
    var liste = document.createElement("ul");
    trouves.forEach(function (t) {
      var item = document.createElement("li");
      var lien = document.createElement("a");
      lien.href = "/beneficiaires/" + t.id;
      lien.textContent = "ouvrir sa fiche";
      item.appendChild(lien);
      item.appendChild(document.createTextNode(" (" + t.raisons.join(", ") + ")"));
      liste.appendChild(item);
    });
    alerte.appendChild(liste);
    zone.appendChild(alerte);
  }

  function verifier() {
    var params = new URLSearchParams({
      prenom: valeur("prenom"), nom: valeur("nom"),
      telephone: valeur("telephone"), courriel: valeur("courriel")
    });
    if (!params.get("nom") && !params.get("telephone") && !params.get("courriel")) { return; }
    fetch("/api/v1/beneficiaires/doublons?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(afficher)
      .catch(function () { /* the server checks again on submit */ });
  }

  champs.forEach(function (champ) {
    champ.addEventListener("input", function () {
      clearTimeout(minuterie);
      minuterie = setTimeout(verifier, 300);
    });
  });
})();
