/* Offline entry on the entry forms (/activites/nouvelle, its workshop tab, and the quick
   session): with no network — navigator says offline, or the server cannot be reached — the
   submit keeps the session in the outbox (IndexedDB) as the command the API takes, with a
   command_id made now (crypto.randomUUID), instead of posting the form. Online, the form
   posts as always, unless the page itself came from the cache. `#modifier=<command_id>` opens an outbox item in its form to correct it:
   it keeps its command_id, so a session the server did receive is never recorded twice.
   Corrections of recorded activities stay online-only. */
(function () {
  "use strict";
  var H = window.MedNumHorsLigne;
  var form = document.getElementById("saisie-activite");
  if (!H || !H.commandeSaisie || !form || !document.body.getAttribute("data-hors-ligne-utilisateur")) {
    return;
  }
  var action = form.getAttribute("action");
  var rapide = action === "/activites/seance-rapide";
  if (action !== "/activites/nouvelle" && !rapide) { return; }
  var typeChamp = form.querySelector("input[name=type]");
  var collectif = typeChamp && typeChamp.value === "collectif";
  var page = rapide ? action : action + (collectif ? "?type=collectif" : "");
  var modifie = null;
  var passer = false;
  // A page the service worker served from its cache carries an earlier visit's command_id
  // and CSRF token: posted, it could be answered with that visit's session. Outbox only.
  var depuisCache = document.body.hasAttribute("data-depuis-cache");
  var SONDE_MS = 5000;

  function format(date) { return date.split("-").reverse().join("/"); }

  function annonce(classe, titre, lignes) {
    var ancien = document.getElementById("hors-ligne-annonce");
    if (ancien) { ancien.remove(); }
    var bloc = document.createElement("div");
    bloc.id = "hors-ligne-annonce";
    bloc.className = "alerte " + classe + " hors-ligne-erreurs";
    bloc.setAttribute("role", classe === "alerte--error" ? "alert" : "status");
    bloc.tabIndex = -1;
    var p = document.createElement("p");
    var fort = document.createElement("strong");
    fort.textContent = titre;
    p.appendChild(fort);
    bloc.appendChild(p);
    if (lignes.length) {
      var ul = document.createElement("ul");
      lignes.forEach(function (texte) {
        var li = document.createElement("li");
        li.textContent = texte;
        ul.appendChild(li);
      });
      bloc.appendChild(ul);
    }
    form.parentNode.insertBefore(bloc, form);
    bloc.focus();
    return bloc;
  }

  function texteChoisi(selecteur) {
    var select = form.querySelector(selecteur);
    var option = select && select.selectedOptions[0];
    return option && option.value ? option.textContent.trim() : "";
  }

  function resume(c) {
    var ou = c.lieu_id ? texteChoisi("#lieu_id") :
      c.commune ? (form.querySelector("#commune") || {}).value || c.commune : "à distance";
    var qui;
    if (rapide) {
      qui = "personne anonyme (séance rapide)";
    } else if (c.type === "collectif") {
      var n = c.beneficiaires.length + c.participants.total;
      qui = (c.titre_atelier ? c.titre_atelier + ", " : "") + n + " participant" + (n > 1 ? "s" : "");
    } else {
      qui = c.beneficiaire_id ? texteChoisi("#beneficiaire_choix") : "personne anonyme";
    }
    return (c.type === "collectif" ? "Atelier collectif" : "Accompagnement individuel") +
      " du " + format(c.date) + ", " + c.duree + " min — " + qui + " — " + ou;
  }

  function paires() {
    return Array.from(new FormData(form)).filter(function (p) {
      return p[0] !== "_csrf_token" && typeof p[1] === "string";
    });
  }

  // A quick-session row's item keeps the shared fields and its own, as row 0.
  function champsDeLigne(toutes, rang) {
    var prefixe = "l" + rang + "_";
    return toutes.filter(function (p) {
      return p[0] !== "lignes" && (!/^l\d+_/.test(p[0]) || p[0].indexOf(prefixe) === 0);
    }).map(function (p) {
      return p[0].indexOf(prefixe) === 0 ? ["l0_" + p[0].slice(prefixe.length), p[1]] : p;
    });
  }

  function preparer(donnees) {
    var toutes = paires();
    var erreurs = [];
    var items = [];
    function noter(resultat, champs, avant) {
      Object.keys(resultat.erreurs).forEach(function (k) { erreurs.push(avant + resultat.erreurs[k]); });
      items.push({ command_id: resultat.commande.command_id, commande: resultat.commande,
        champs: champs, page: page, resume: resume(resultat.commande) });
    }
    if (rapide) {
      var rangs = H.lignesRemplies(toutes);
      if (!rangs.length) { erreurs.push("Remplissez au moins une ligne : une durée et une thématique."); }
      rangs.forEach(function (rang) {
        var id = modifie ? modifie.command_id : crypto.randomUUID();
        noter(H.commandeRapide(toutes, donnees, rang, id), champsDeLigne(toutes, rang),
          "Personne " + (rang + 1) + " : ");
      });
    } else {
      var id = modifie ? modifie.command_id : crypto.randomUUID();
      noter(H.commandeSaisie(toutes, donnees, id), toutes, "");
    }
    return { erreurs: erreurs, items: items };
  }

  function dateDuJour() {
    var date = form.querySelector("#date");
    var rendu = parseInt(document.body.getAttribute("data-rendu-le"), 10);
    var aujourdhui = H.aujourdhui();
    // A page kept from an earlier day shows that day: today is meant.
    if (date && rendu && H.aujourdhui(null, rendu) !== aujourdhui) { date.value = aujourdhui; }
  }

  function garder() {
    return H.donnees().then(function (donnees) {
      if (!donnees) {
        annonce("alerte--error", "Rien n'a été gardé : cet appareil n'a pas encore les données " +
          "hors ligne. Ouvrez MedNum une fois avec le réseau.", []);
        return;
      }
      var prepare = preparer(donnees);
      if (prepare.erreurs.length) {
        annonce("alerte--error", "Rien n'a été gardé : corrigez ce qui suit.", prepare.erreurs);
        return;
      }
      var ecritures = prepare.items.map(function (item) {
        if (!modifie) { return H.ajouter(item); }
        return H.remplacer(Object.assign({}, modifie, item, { etat: "en_attente", message: "" }));
      });
      return Promise.all(ecritures).then(function () {
        if (modifie) { window.location.href = "/activites/hors-ligne"; return; }
        form.reset();
        dateDuJour();
        form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (c) {
          c.dispatchEvent(new Event("change", { bubbles: true }));
        });
        noterVide();
        var n = prepare.items.length;
        annonce("alerte--success", (n > 1 ? n + " séances gardées" : "Séance gardée") +
          " sur cet appareil, en attente d'envoi.", prepare.items.map(function (i) { return i.resume; }));
        return H.majCompte().then(function () { if (navigator.onLine) { H.envoyer(); } });
      });
    });
  }

  // Online as far as the browser knows: is the server reachable? (A bus in a tunnel.)
  function sonder() {
    var arret = new AbortController();
    var minuterie = setTimeout(function () { arret.abort(); }, SONDE_MS);
    return fetch("/manifest.webmanifest", { cache: "no-store", signal: arret.signal })
      .then(function (r) { clearTimeout(minuterie); return r.ok; }, function () { return false; });
  }

  // A second tap while the first is being kept must not keep the session twice.
  var occupe = false;
  function une(travail) {
    if (occupe) { return; }
    occupe = true;
    Promise.resolve().then(travail).catch(function (e) {
      annonce("alerte--error", "Rien n'a été gardé : " + (e.message || e), []);
    }).then(function () { occupe = false; });
  }

  // Nor one just after: the emptied form, with its usual place and duration, is valid again.
  // For a moment, the form as it was emptied is not kept; touched, it is.
  var REPIT_MS = 1500;
  var videGarde = null;
  function noterVide() {
    var vide = JSON.stringify(paires());
    videGarde = vide;
    setTimeout(function () { if (videGarde === vide) { videGarde = null; } }, REPIT_MS);
  }

  form.addEventListener("submit", function (evt) {
    if (passer) { passer = false; return; }
    evt.preventDefault();
    if (videGarde !== null && JSON.stringify(paires()) === videGarde) { return; }
    var bouton = evt.submitter;
    une(function () {
      if (modifie || depuisCache || !navigator.onLine) { return garder(); }
      return sonder().then(function (joignable) {
        if (!joignable) { return garder(); }
        passer = true;
        form.requestSubmit(bouton && bouton.form === form ? bouton : undefined);
      });
    });
  });

  function remplir(champs) {
    var valeurs = {};
    champs.forEach(function (p) { (valeurs[p[0]] = valeurs[p[0]] || []).push(p[1]); });
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || ["_csrf_token", "lignes"].indexOf(el.name) >= 0 ||
          ["submit", "button"].indexOf(el.type) >= 0) { return; }
      var v = valeurs[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = v.indexOf(el.value) >= 0;
      } else {
        el.value = v.length ? v[v.length - 1] : "";
      }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  var cible = /^#modifier=([0-9a-f-]{36})$/.exec(window.location.hash);
  if (cible) {
    H.lire(cible[1]).then(function (item) {
      if (!item) { return; }
      modifie = item;
      remplir(item.champs);
      annonce(item.etat === "refusee" ? "alerte--error" : "alerte--info",
        "Vous modifiez une séance en attente d'envoi.", item.message ? [item.message] : []);
    });
  } else {
    dateDuJour();
  }
}());
