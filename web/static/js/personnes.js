/* The person picker (a [data-personnes] block holding a <select> of the mediator's followed
   people, or a list of checkboxes for a workshop): a search box by name, phone or e-mail,
   accents ignored. Names are matched in the page; a phone number or an e-mail is looked up
   with /api/v1/beneficiaires?q= (the mediator's own people only). The place picker (a
   [data-recherche-lieux] block: her recent places first, then all) is searched the same way,
   by name or commune, in the page only; so is any [data-recherche-liste] block (its
   data-libelle, data-exemple and data-aucun say the words), e.g. the aidants to enrol in a
   training session. Progressive enhancement: without this script the
   <select> or the list works as it is. */
(function () {
  "use strict";

  function normaliser(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function chercherAuServeur(q, suite) {
    if (!/[\d@]/.test(q) || !window.fetch) { suite([]); return; }
    fetch("/api/v1/beneficiaires?suivis=true&limit=20&q=" + encodeURIComponent(q),
      { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (page) { suite(page.items.map(function (p) { return p.id; })); })
      .catch(function () { suite([]); });
  }

  var TEXTES = {
    personnes: { libelle: "Rechercher une personne suivie", exemple: "Nom, téléphone ou e-mail",
      aucun: "Aucune personne suivie ne correspond." },
    lieux: { libelle: "Rechercher un lieu", exemple: "Nom du lieu ou commune",
      aucun: "Aucun lieu ne correspond." }
  };

  var BLOCS = "[data-personnes], [data-recherche-lieux], [data-recherche-liste]";
  document.querySelectorAll(BLOCS).forEach(function (bloc, rang) {
    var lieux = bloc.hasAttribute("data-recherche-lieux");
    var liste = bloc.hasAttribute("data-recherche-liste");
    var textes = liste ? { libelle: bloc.dataset.libelle, exemple: bloc.dataset.exemple,
      aucun: bloc.dataset.aucun } : (lieux ? TEXTES.lieux : TEXTES.personnes);
    var select = bloc.querySelector("select");
    var cases = bloc.querySelectorAll("li");
    var id = (liste ? "liste" : (lieux ? "lieux" : "personnes")) + "-recherche-" + rang;
    var zone = document.createElement("div");
    zone.className = "champ personnes-recherche";
    zone.innerHTML = '<label for="' + id + '">' + textes.libelle + '</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" spellcheck="false" ' +
      'placeholder="' + textes.exemple + '">' +
      '<ul class="personnes-resultats" aria-live="polite"></ul>';
    bloc.insertBefore(zone, bloc.firstChild);
    var champ = zone.querySelector("input");
    var resultats = zone.querySelector("ul");
    var minuterie = null;

    function libelles() {
      if (select) {
        var vus = {};  // a recent place is listed twice: once is enough
        return Array.prototype.filter.call(select.options, function (o) {
          if (!o.value || vus[o.value]) { return false; }
          vus[o.value] = true;
          return true;
        }).map(function (o) { return { id: o.value, nom: o.textContent, element: o }; });
      }
      return Array.prototype.map.call(cases, function (li) {
        var c = li.querySelector("input");
        return { id: c.value, nom: li.textContent, element: li };
      });
    }

    function montrer(trouves, q) {
      if (select) {
        resultats.textContent = "";
        if (!q) { return; }
        trouves.slice(0, 8).forEach(function (p) {
          var li = document.createElement("li");
          var bouton = document.createElement("button");
          bouton.type = "button";
          bouton.className = "bouton bouton--secondaire";
          bouton.textContent = p.nom;
          bouton.addEventListener("click", function () {
            select.value = p.id;
            select.dispatchEvent(new Event("change", { bubbles: true }));
            champ.value = "";
            resultats.textContent = "";
          });
          li.appendChild(bouton);
          resultats.appendChild(li);
        });
        if (!trouves.length) { resultats.innerHTML = "<li>" + textes.aucun + "</li>"; }
      } else {
        var ids = trouves.map(function (p) { return p.id; });
        libelles().forEach(function (p) {
          var coche = p.element.querySelector("input").checked;
          p.element.hidden = Boolean(q) && !coche && ids.indexOf(p.id) < 0;
        });
      }
    }

    champ.addEventListener("input", function () {
      clearTimeout(minuterie);
      var q = normaliser(champ.value);
      var tous = libelles();
      var parNom = tous.filter(function (p) { return q && normaliser(p.nom).indexOf(q) >= 0; });
      montrer(parNom, q);
      if (lieux || liste) { return; }  // only people are also looked up on the server
      minuterie = setTimeout(function () {
        chercherAuServeur(q, function (ids) {
          if (!ids.length || normaliser(champ.value) !== q) { return; }
          var plus = tous.filter(function (p) { return ids.indexOf(p.id) >= 0 && parNom.indexOf(p) < 0; });
          montrer(parNom.concat(plus), q);
        });
      }, 250);
    });
    // Enter in the search box picks the first match instead of sending the form.
    champ.addEventListener("keydown", function (evt) {
      if (evt.key === "Enter") {
        evt.preventDefault();
        var premier = resultats.querySelector("button");
        if (premier) { premier.click(); }
      }
    });
  });
}());
