/* The outbox page (/activites/hors-ligne): every session kept on this device, in entry order,
   « en attente d'envoi » or refused with the server's French message; each can be opened in
   its form to correct it (it keeps its command_id) or removed. « Envoyer maintenant » and
   the last sending problem are in the bar under the header (hors_ligne.js). */
(function () {
  "use strict";
  var H = window.MedNumHorsLigne;
  var zone = document.querySelector("[data-hors-ligne-envois]");
  if (!H || !zone || !H.lister) { return; }
  var liste = zone.querySelector("[data-hors-ligne-liste]");
  var vide = zone.querySelector("[data-hors-ligne-vide]");

  function bouton(texte, classe, action) {
    var b = document.createElement(classe === "lien" ? "a" : "button");
    b.className = "bouton bouton--secondaire";
    b.textContent = texte;
    if (classe === "lien") { b.href = action; } else { b.type = "button"; b.addEventListener("click", action); }
    return b;
  }

  function ligne(item) {
    var li = document.createElement("li");
    li.className = "hors-ligne-envoi" + (item.etat === "refusee" ? " hors-ligne-envoi--refusee" : "");
    li.setAttribute("data-command-id", item.command_id);
    var resume = document.createElement("p");
    resume.textContent = item.resume;
    var etat = document.createElement("p");
    etat.className = "hors-ligne-envoi__etat";
    etat.textContent = item.etat === "refusee" ? "Refusée par le serveur : " + item.message :
      "En attente d'envoi";
    var actions = document.createElement("div");
    actions.className = "hors-ligne-envoi__actions";
    actions.appendChild(bouton("Modifier", "lien", item.page + "#modifier=" + item.command_id));
    actions.appendChild(bouton("Supprimer", "bouton", function () {
      if (!window.confirm("Supprimer cette séance de l'appareil ? Elle ne sera pas envoyée.")) { return; }
      H.supprimer(item.command_id).then(H.majCompte).then(afficher);
    }));
    li.appendChild(resume);
    li.appendChild(etat);
    li.appendChild(actions);
    return li;
  }

  function afficher() {
    return H.lister().then(function (items) {
      liste.textContent = "";
      items.forEach(function (item) { liste.appendChild(ligne(item)); });
      vide.hidden = items.length > 0;
    });
  }

  document.addEventListener("mednum:hors-ligne", afficher);
  afficher();
}());
