/* MedNum's service worker, served at /sw.js (scope: the whole site). It makes the entry
   pages work with no network, and nothing else:
   - static files (/static/…): cache first (their URL changes with their content);
   - the entry pages (individual, workshop, quick session, outbox): network first, the copy
     kept from the last visit when the network fails; other pages offline get the outbox page;
   - everything else (the API, other pages online) goes to the network untouched.
   Pages are cached only after a mediator logged in asked for it (message « precharger »),
   and only the bare entry pages (no « enregistree » or other query): caches named « mednum-… »
   are erased at logout with the IndexedDB outbox (hors_ligne_stockage.js). */
"use strict";

var PAGES = "mednum-pages";
var STATIQUE = "mednum-statique";
var ENTREES = ["/activites/nouvelle", "/activites/nouvelle?type=collectif",
  "/activites/seance-rapide", "/activites/hors-ligne"];
var REPLI = "/activites/hors-ligne";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (evt) { evt.waitUntil(self.clients.claim()); });

// The key an entry page is kept under: its path, and « ?type=collectif » for workshops.
function cleDePage(url) {
  var type = url.searchParams.get("type");
  var cle = url.pathname + (type === "collectif" ? "?type=collectif" : "");
  return ENTREES.indexOf(cle) >= 0 ? cle : null;
}

function seulementType(url) {
  var autres = Array.from(url.searchParams.keys()).filter(function (k) { return k !== "type"; });
  return autres.length === 0;
}

function bonne(reponse) {
  return reponse && reponse.ok && !reponse.redirected && reponse.type === "basic";
}

// Static files are kept only while a mediator's offline pages are (logout erases both).
function garderSiHorsLigne(cle, reponse, nomCache) {
  return caches.has(PAGES).then(function (existe) {
    if (existe) { return caches.open(nomCache).then(function (c) { return c.put(cle, reponse); }); }
    return null;
  });
}

function statique(requete) {
  return caches.match(requete, { cacheName: STATIQUE }).then(function (garde) {
    return garde || fetch(requete).then(function (reponse) {
      if (bonne(reponse)) { garderSiHorsLigne(requete, reponse.clone(), STATIQUE); }
      return reponse;
    });
  });
}

// A page served from the cache says so (body[data-depuis-cache]): its form's command_id and
// CSRF token are those of an earlier visit, so it records through the outbox, never by post.
function marquer(garde) {
  return garde.text().then(function (html) {
    var entetes = new Headers(garde.headers);
    entetes.delete("Content-Length");
    return new Response(html.replace("<body", "<body data-depuis-cache"), {
      status: garde.status, statusText: garde.statusText, headers: entetes
    });
  });
}

function pageEnReseauDabord(requete, url) {
  var cle = cleDePage(url);
  return fetch(requete).then(function (reponse) {
    if (cle && seulementType(url) && bonne(reponse)) {
      // Only where a mediator asked for offline pages (the cache exists): never for others.
      garderSiHorsLigne(cle, reponse.clone(), PAGES);
    }
    return reponse;
  }).catch(function (erreur) {
    // caches.match, not caches.open: looking must not create the cache (see garderSiHorsLigne).
    return caches.match(cle || REPLI, { cacheName: PAGES }).then(function (garde) {
      if (!garde) { throw erreur; }
      return marquer(garde);
    });
  });
}

self.addEventListener("fetch", function (evt) {
  var requete = evt.request;
  var url = new URL(requete.url);
  if (requete.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    evt.respondWith(statique(requete));
  } else if (requete.mode === "navigate") {
    evt.respondWith(pageEnReseauDabord(requete, url));
  }
});

// The static files a page names (its scripts, styles and icons).
function fichiersDe(html) {
  var trouves = html.match(/\/static\/[^"'\s<>)]+/g) || [];
  return trouves.map(function (f) { return f.replace(/&amp;/g, "&"); });
}

function precharger() {
  return caches.open(PAGES).then(function (pages) {
    return caches.open(STATIQUE).then(function (fichiers) {
      return Promise.all(ENTREES.map(function (cle) {
        return fetch(cle, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
          if (!bonne(r)) { throw new Error("page " + cle + " : " + r.status); }
          return r.clone().text().then(function (html) {
            return pages.put(cle, r).then(function () {
              return Promise.all(fichiersDe(html).map(function (f) {
                return fichiers.match(f).then(function (garde) {
                  return garde || fichiers.add(f);
                });
              }));
            });
          });
        });
      }));
    });
  });
}

self.addEventListener("message", function (evt) {
  var port = evt.ports && evt.ports[0];
  function repondre(message) { if (port) { port.postMessage(message); } }
  if (evt.data === "precharger") {
    evt.waitUntil(precharger().then(function () { repondre("ok"); }, function (e) {
      repondre("erreur : " + e.message);
    }));
  }
});
