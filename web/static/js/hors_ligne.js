/* Offline entry, on every page of a logged-in mediator (body[data-hors-ligne-utilisateur]):
   - erases what the browser kept when it belongs to another account, or when the server
     has not been reached logged in for data-hors-ligne-jours days;
   - online: fetches the reference data (/api/v1/hors-ligne), registers the service worker
     (/sw.js) and has it keep the entry pages (each at most once an hour); then sends the
     outbox;
   - sends the outbox in order to POST /api/v1/activites when the network comes back or on
     « Envoyer maintenant »: a 2xx (201 recorded, 200 already received with that command_id)
     removes the item; a refusal (400, 404, 409, 422) keeps it with the server's French
     message, to edit or remove; anything else (no network, logged out, 5xx) stops and waits;
   - shows the count « en attente d'envoi » under the header;
   - on the pages of any other logged-in role (data-hors-ligne-effacer), erases it all;
   - at logout, erases the outbox, the reference data and the cached pages (after asking,
     when sessions are still waiting). */
(function () {
  "use strict";
  var H = window.MedNumHorsLigne;
  var corps = document.body;
  var utilisateur = corps.getAttribute("data-hors-ligne-utilisateur");
  if (!H || !window.indexedDB) { return; }
  // Another role logged in on a mediator's device: nothing of theirs stays.
  if (corps.hasAttribute("data-hors-ligne-effacer")) { H.effacerTout(); return; }
  if (!utilisateur) { return; }
  var PRECHARGE_MS = 3600000;
  var JOUR = 86400000;
  var jours = parseInt(corps.getAttribute("data-hors-ligne-jours"), 10) || 7;
  var renduLe = parseInt(corps.getAttribute("data-rendu-le"), 10) || 0;
  var barre = document.getElementById("hors-ligne-barre");
  var enCours = null;
  H.probleme = "";

  function signaler() {
    document.dispatchEvent(new CustomEvent("mednum:hors-ligne"));
  }

  function majCompte() {
    return H.lister().then(function (items) {
      var n = items.length;
      if (barre) {
        var texte = n + (n > 1 ? " séances" : " séance");
        barre.querySelector("[data-hors-ligne-nombre]").textContent = texte;
        barre.querySelector("[data-hors-ligne-compte]").hidden = n === 0;
        var aEnvoyer = items.filter(function (i) { return i.etat !== "refusee"; }).length;
        barre.querySelector("[data-hors-ligne-envoyer]").hidden = aEnvoyer === 0;
        barre.querySelector("[data-hors-ligne-reseau]").hidden = navigator.onLine;
        var probleme = barre.querySelector("[data-hors-ligne-probleme]");
        probleme.textContent = H.probleme;
        probleme.hidden = !H.probleme;
        barre.hidden = n === 0 && navigator.onLine && !H.probleme;
      }
      return items;
    }).catch(function () { return []; });  // erased meanwhile (logout)
  }

  // The reference data, fresh from the server (which also proves the session is alive),
  // or the copy kept when there is no network.
  function chargerDonnees() {
    return fetch("/api/v1/hors-ligne", {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
    }).then(function (r) {
      if (r.status === 401 || r.redirected) {
        throw new Error("Session expirée : reconnectez-vous pour envoyer (vos séances restent gardées).");
      }
      if (!r.ok) { throw new Error("Le serveur ne répond pas (" + r.status + ") : nouvel essai plus tard."); }
      return r.json();
    }).then(function (donnees) {
      donnees.recu_le = Date.now();
      return Promise.all([H.meta("donnees", donnees), H.meta("vu_le", Date.now())])
        .then(function () { return donnees; });
    });
  }
  H.donnees = function () { return H.meta("donnees"); };

  function messageDe(reponse, statut) {
    var erreurs = (reponse && reponse.erreurs) || [];
    var messages = erreurs.map(function (e) { return e.message; }).filter(Boolean);
    if (messages.length) { return messages.join(" "); }
    return (reponse && reponse.detail) || "Refusée par le serveur (" + statut + ").";
  }

  function envoyerUn(item, csrf) {
    return fetch("/api/v1/activites", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "x-csrftoken": csrf },
      body: JSON.stringify(item.commande)
    }).catch(function () {
      throw new Error("Réseau indisponible : les séances restent gardées, nouvel essai au retour du réseau.");
    }).then(function (r) {
      if (r.ok) { return H.supprimer(item.command_id); }
      return r.json().catch(function () { return null; }).then(function (reponse) {
        if ([400, 404, 409, 422].indexOf(r.status) < 0) {
          throw new Error(messageDe(reponse, r.status));
        }
        item.etat = "refusee";
        item.message = messageDe(reponse, r.status);
        return H.remplacer(item);
      });
    });
  }

  function verrou(travail) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("mednum-envois", travail);
    }
    return travail();
  }

  // Sends every waiting item, in entry order; refused ones wait until edited.
  function envoyer() {
    if (enCours) { return enCours; }
    enCours = verrou(function () {
      return H.lister().then(function (items) {
        var aEnvoyer = items.filter(function (i) { return i.etat !== "refusee"; });
        if (!aEnvoyer.length) { return null; }
        return chargerDonnees().then(function (donnees) {
          return aEnvoyer.reduce(function (suite, item) {
            return suite.then(function () { return envoyerUn(item, donnees.csrf); });
          }, Promise.resolve());
        });
      });
    }).then(function () { H.probleme = ""; }, function (e) {
      H.probleme = e.message || String(e);
    }).then(function () {
      enCours = null;
      return majCompte();
    }).then(function (items) { signaler(); return items; });
    return enCours;
  }
  H.envoyer = envoyer;
  H.majCompte = majCompte;

  // The entry pages are fetched for the cache at most once an hour (each visit online
  // refreshes the page visited anyway).
  function enregistrerServiceWorker() {
    if (!("serviceWorker" in navigator)) { return Promise.resolve(); }
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return Promise.all([navigator.serviceWorker.ready, H.meta("precharge_le")]);
    }).then(function (v) {
      var inscription = v[0];
      if (v[1] && Date.now() - v[1] < PRECHARGE_MS) { return null; }
      return new Promise(function (ok) {
        var canal = new MessageChannel();
        var minuterie = setTimeout(ok, 30000);
        canal.port1.onmessage = function (evt) {
          clearTimeout(minuterie);
          if (evt.data !== "ok") { H.probleme = "Pages hors ligne incomplètes : " + evt.data; }
          ok(evt.data === "ok" ? H.meta("precharge_le", Date.now()) : null);
        };
        inscription.active.postMessage("precharger", [canal.port2]);
      });
    });
  }

  // Another account's data, or data kept too long without reaching the server: erased.
  function verifierProprietaire() {
    var vuLe = renduLe;
    return Promise.all([H.meta("utilisateur"), H.meta("vu_le")]).then(function (v) {
      var proprietaire = v[0];
      vuLe = Math.max(v[1] || 0, renduLe);
      var perime = Date.now() - vuLe > jours * JOUR;
      if ((proprietaire && proprietaire !== utilisateur) || perime) {
        return H.effacerTout().then(function () {
          if (perime) {
            H.probleme = "Données hors ligne effacées : plus de " + jours +
              " jours sans connexion. Reconnectez-vous avec le réseau.";
          }
          return perime;
        });
      }
      return false;
    }).then(function (perime) {
      if (perime) { return null; }
      return Promise.all([H.meta("utilisateur", utilisateur), H.meta("vu_le", vuLe)]);
    });
  }

  var deconnexion = document.querySelector("form.compte__deconnexion");
  if (deconnexion) {
    deconnexion.addEventListener("submit", function (evt) {
      evt.preventDefault();
      H.lister().catch(function () { return []; }).then(function (items) {
        if (items.length && !window.confirm(items.length + " séance(s) pas encore envoyée(s) " +
            "seront effacées de cet appareil. Se déconnecter quand même ?")) {
          return;
        }
        H.effacerTout(true).catch(function () { return null; }).then(function () { deconnexion.submit(); });
      });
    });
  }

  if (barre) {
    barre.querySelector("[data-hors-ligne-envoyer]").addEventListener("click", envoyer);
  }
  window.addEventListener("online", function () { majCompte(); envoyer(); });
  window.addEventListener("offline", majCompte);

  verifierProprietaire().then(function () {
    if (!navigator.onLine) { return null; }
    // The reference data is fetched again at most once an hour (sending fetches it anyway).
    return H.donnees().then(function (gardees) {
      var fraiches = gardees && Date.now() - (gardees.recu_le || 0) < PRECHARGE_MS;
      return fraiches ? gardees : chargerDonnees();
    }).then(enregistrerServiceWorker).then(envoyer);
  }).catch(function (e) {
    H.probleme = e.message || String(e);
  }).then(majCompte).then(function () {
    corps.setAttribute("data-hors-ligne", "pret");
    signaler();
  });
}());
