/* Offline entry, storage: the browser's IndexedDB database « mednum-hors-ligne ».
   - store « envois »: the outbox, one item per session recorded offline, in entry order:
     { command_id, rang, cree_le, commande (the JSON the API takes), champs (the form's fields,
       to edit it), page (the form it came from), resume (what the list shows), etat
       (« en_attente » or « refusee »), message (the server's French refusal) };
   - store « meta »: whose data it is (« utilisateur »), when the server was last reached
     logged in (« vu_le »), and the reference data (« donnees »: rules, communes, CSRF token).
   Everything personal is erased by `effacerTout` (logout, another account, too long
   without reaching the server): this database, and the service worker's caches. */
(function () {
  "use strict";
  var NOM = "mednum-hors-ligne";
  var ouverture = null;
  var ferme = false;

  function promesse(requete) {
    return new Promise(function (ok, ko) {
      requete.onsuccess = function () { ok(requete.result); };
      requete.onerror = function () { ko(requete.error); };
    });
  }

  function ouvrir() {
    if (ferme) { return Promise.reject(new Error("Données hors ligne effacées (déconnexion).")); }
    if (!ouverture) {
      ouverture = new Promise(function (ok, ko) {
        var requete = indexedDB.open(NOM, 1);
        requete.onupgradeneeded = function () {
          var db = requete.result;
          db.createObjectStore("envois", { keyPath: "command_id" });
          db.createObjectStore("meta");
        };
        requete.onsuccess = function () {
          var db = requete.result;
          // Another tab erasing the database: let it, and open again next time.
          db.onversionchange = function () { db.close(); ouverture = null; };
          ok(db);
        };
        requete.onerror = function () { ouverture = null; ko(requete.error); };
        requete.onblocked = function () { ouverture = null; ko(new Error("base bloquée")); };
      });
    }
    return ouverture;
  }

  function transaction(store, mode, travail) {
    return ouvrir().then(function (db) {
      return new Promise(function (ok, ko) {
        var tx = db.transaction(store, mode);
        var resultat;
        Promise.resolve(travail(tx.objectStore(store))).then(function (r) { resultat = r; });
        tx.oncomplete = function () { ok(resultat); };
        tx.onerror = function () { ko(tx.error); };
        tx.onabort = function () { ko(tx.error || new Error("transaction annulée")); };
      });
    });
  }

  function lister() {
    return transaction("envois", "readonly", function (store) {
      return promesse(store.getAll());
    }).then(function (items) {
      return items.sort(function (a, b) { return a.rang - b.rang; });
    });
  }

  function ajouter(item) {
    return transaction("envois", "readwrite", function (store) {
      return promesse(store.getAll()).then(function (items) {
        var rang = items.reduce(function (m, i) { return Math.max(m, i.rang); }, 0) + 1;
        item.rang = item.rang || rang;
        item.cree_le = item.cree_le || Date.now();
        item.etat = item.etat || "en_attente";
        store.put(item);
        return item;
      });
    });
  }

  function remplacer(item) {
    return transaction("envois", "readwrite", function (store) { store.put(item); });
  }

  function lire(commandId) {
    return transaction("envois", "readonly", function (store) {
      return promesse(store.get(commandId));
    });
  }

  function supprimer(commandId) {
    return transaction("envois", "readwrite", function (store) { store.delete(commandId); });
  }

  function meta(cle, valeur) {
    if (arguments.length < 2) {
      return transaction("meta", "readonly", function (store) { return promesse(store.get(cle)); });
    }
    return transaction("meta", "readwrite", function (store) { store.put(valeur, cle); });
  }

  function effacerCaches() {
    if (!window.caches) { return Promise.resolve(); }
    return caches.keys().then(function (noms) {
      return Promise.all(noms.filter(function (n) { return n.indexOf("mednum-") === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  // `definitif` (logout): this page opens the database no more, so that a sending under
  // way cannot create it again behind the logout.
  function effacerTout(definitif) {
    ferme = ferme || definitif === true;
    var base = ouverture ? ouverture.then(function (db) { db.close(); }) : Promise.resolve();
    ouverture = null;
    return base.catch(function () { return null; }).then(function () {
      return Promise.all([promesse(indexedDB.deleteDatabase(NOM)), effacerCaches()]);
    });
  }

  // The hub's day (dates people type have no time zone): « 2026-12-06 » in Europe/Paris,
  // today or at `instant` (milliseconds).
  function aujourdhui(fuseau, instant) {
    var morceaux = new Intl.DateTimeFormat("en-CA", {
      timeZone: fuseau || "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(instant ? new Date(instant) : new Date());
    var v = {};
    morceaux.forEach(function (m) { v[m.type] = m.value; });
    return v.year + "-" + v.month + "-" + v.day;
  }

  window.MedNumHorsLigne = window.MedNumHorsLigne || {};
  var H = window.MedNumHorsLigne;
  H.lister = lister;
  H.ajouter = ajouter;
  H.remplacer = remplacer;
  H.lire = lire;
  H.supprimer = supprimer;
  H.meta = meta;
  H.effacerTout = effacerTout;
  H.aujourdhui = aujourdhui;
}());
