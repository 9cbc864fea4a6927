/* Offline entry, the form's fields → the command the JSON API takes (EnregistrerActivite),
   exactly as the server reads the posted form (web/pages/activites_formulaire.py,
   valeurs_commande; web/pages/activites_rapide.py for the quick session), then the rules of
   domain/activites/regles.py that need no lookup, with the bounds the server gave
   (/api/v1/hors-ligne, « regles »): duration, date (not in the future, a reason when late),
   place, thématiques, equipment, a workshop's participants. The server remains the judge:
   a place closed or a person anonymised meanwhile is refused at sending.
   A commune is typed as at the desk (« Dijon », « 21000 », « Dijon (21000) ») and read from
   the communes of the mediator's départements kept on the device. */
(function () {
  "use strict";
  var H = window.MedNumHorsLigne = window.MedNumHorsLigne || {};
  var NC = "non_communique";
  var CODE = /^\d[\dAB]\d{3}$/;
  var NOM_ET_CODE = /^(.*?)[\s,(\u2013\u2014-]+(\d[\dABab]\d{3})\)?\s*$/;
  var COMPTES = { p_genre_: "genres", p_tranche_: "tranches_age", p_statut_: "statuts_sociaux" };

  function lecteur(paires) {
    return {
      texte: function (nom) {
        var v = "";
        paires.forEach(function (p) { if (p[0] === nom) { v = String(p[1]); } });
        return v.trim();
      },
      liste: function (nom) {
        return paires.filter(function (p) { return p[0] === nom; }).map(function (p) { return String(p[1]); });
      }
    };
  }

  function normaliser(texte) {
    var mots = texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim().split(" ");
    return mots.map(function (m) { return m === "st" ? "saint" : m === "ste" ? "sainte" : m; }).join(" ");
  }

  function libelle(c) { return "« " + c[1] + " (" + (c[2][0] || c[0]) + ") »"; }

  // The INSEE code of a typed commune, or null with an error on `champ`.
  function commune(saisie, champ, erreurs, communes) {
    var s = saisie.trim();
    if (!s) { return null; }
    var candidats;
    var nom = normaliser(s);
    if (CODE.test(s.toUpperCase())) {
      var code = s.toUpperCase();
      candidats = communes.filter(function (c) { return c[0] === code || c[2].indexOf(code) >= 0; });
      // A code out of the kept départements is sent as typed: the server will judge it.
      if (!candidats.length) { return code; }
    } else {
      var m = s.match(NOM_ET_CODE);
      if (m) {
        nom = normaliser(m[1]);
        var cp = m[2].toUpperCase();
        candidats = communes.filter(function (c) { return c[0] === cp || c[2].indexOf(cp) >= 0; });
        var memes = candidats.filter(function (c) { return normaliser(c[1]) === nom; });
        candidats = memes.length ? memes : candidats.filter(function (c) {
          return normaliser(c[1]).indexOf(nom) === 0;
        });
      } else {
        candidats = communes.filter(function (c) { return normaliser(c[1]) === nom; });
        if (!candidats.length) {
          candidats = communes.filter(function (c) { return normaliser(c[1]).indexOf(nom) === 0; });
        }
      }
    }
    if (candidats.length === 1) { return candidats[0][0]; }
    var exacts = candidats.filter(function (c) { return normaliser(c[1]) === nom; });
    if (exacts.length === 1) { return exacts[0][0]; }
    if (!candidats.length) {
      erreurs[champ] = "Commune « " + s + " » introuvable sans réseau parmi les communes de vos " +
        "départements gardées sur cet appareil : tapez son code INSEE (ex. 21231 pour Dijon).";
    } else {
      erreurs[champ] = "Plusieurs communes correspondent à « " + s + " » : précisez laquelle, par " +
        "exemple " + candidats.slice(0, 8).map(libelle).join(", ") + ".";
    }
    return null;
  }

  function entier(valeur, champ, message, erreurs) {
    if (!valeur) { return null; }
    if (!/^-?\d+$/.test(valeur)) { erreurs[champ] = message; return null; }
    return parseInt(valeur, 10);
  }

  function lieu(l, regles, erreurs, communes) {
    var type = l.texte("type_lieu");
    return {
      type_lieu: type,
      lieu_id: type === regles.lieu_du_registre ? (l.texte("lieu_id") || null) : null,
      commune: regles.avec_commune.indexOf(type) >= 0 ?
        commune(l.texte("commune"), "commune", erreurs, communes) : null
    };
  }

  function individuel(l, erreurs, communes) {
    var beneficiaire = l.texte("beneficiaire_id") || null;
    var champs = {
      autonomie: l.texte("autonomie") || null,
      oriente_vers_structure: l.texte("oriente_vers_structure") === "oui",
      structure_de_redirection: l.texte("structure_de_redirection") || null,
      beneficiaire_id: beneficiaire,
      profil: null
    };
    if (!beneficiaire) {
      var annee = entier(l.texte("profil_annee_naissance"), "profil.annee_naissance",
        "Indiquez l'année de naissance en chiffres (ex. 1958).", erreurs);
      champs.profil = {
        genre: l.texte("profil_genre") || NC,
        tranche_age: l.texte("profil_tranche_age") || NC,
        statut_social: l.texte("profil_statut_social") || NC,
        commune_residence: commune(l.texte("profil_commune_residence"),
          "profil.commune_residence", erreurs, communes),
        deja_accompagne: l.texte("profil_deja_accompagne") === "oui"
      };
      if (annee !== null) { champs.profil.annee_naissance = annee; }
    }
    return champs;
  }

  function collectif(l, paires, erreurs) {
    var message = "Indiquez un nombre entier (0 ou plus).";
    var participants = {
      total: entier(l.texte("p_total"), "participants.total", message, erreurs) || 0,
      deja_accompagne: entier(l.texte("p_deja"), "participants.deja_accompagne", message, erreurs) || 0,
      genres: {}, tranches_age: {}, statuts_sociaux: {}
    };
    paires.forEach(function (p) {
      Object.keys(COMPTES).forEach(function (prefixe) {
        if (p[0].indexOf(prefixe) !== 0 || p[0].slice(prefixe.length) === NC) { return; }
        var cle = COMPTES[prefixe];
        var n = entier(String(p[1]).trim(), "participants." + cle, message, erreurs);
        if (n) { participants[cle][p[0].slice(prefixe.length)] = n; }
      });
    });
    return {
      titre_atelier: l.texte("titre_atelier") || null,
      niveau: l.texte("niveau") || null,
      beneficiaires: l.liste("beneficiaires"),
      participants: participants
    };
  }

  function jours(de, a) {
    return Math.round((Date.parse(a + "T00:00:00Z") - Date.parse(de + "T00:00:00Z")) / 86400000);
  }

  function format(date) { return date.split("-").reverse().join("/"); }

  // The rules of domain/activites/regles.py that a browser can check alone.
  function valider(c, regles, erreurs) {
    var aujourdhui = H.aujourdhui(regles.fuseau);
    if (c.date && !erreurs.date) {
      if (c.date > aujourdhui) {
        erreurs.date = "La date du " + format(c.date) + " est dans le futur : une activité " +
          "s'enregistre le jour même ou après. Corrigez la date.";
      } else if (jours(c.date, aujourdhui) > regles.retard_max_jours && !c.motif_retard) {
        erreurs.motif_retard = "L'activité du " + format(c.date) + " date de plus de " +
          regles.retard_max_jours + " jours : indiquez pourquoi elle est saisie si tard " +
          "(motif du retard), ou corrigez la date.";
      }
    }
    if (c.duree !== null && !erreurs.duree && (c.duree < regles.duree_min || c.duree > regles.duree_max)) {
      erreurs.duree = "Durée de " + c.duree + " minutes impossible : indiquez une durée entre " +
        regles.duree_min + " et " + regles.duree_max + " minutes.";
    }
    if (c.type_lieu === regles.lieu_du_registre && !c.lieu_id) {
      erreurs.lieu_id = "Choisissez le lieu d'activité où la séance a eu lieu (ou un autre type de lieu).";
    }
    if (regles.avec_commune.indexOf(c.type_lieu) >= 0 && !c.commune && !erreurs.commune) {
      erreurs.commune = "Indiquez la commune (nom ou code postal) où la séance a eu lieu.";
    }
    var demarches = c.thematiques.indexOf(regles.demarches) >= 0;
    var administratives = c.thematiques.filter(function (t) {
      return regles.thematiques_administratives.indexOf(t) >= 0;
    });
    if (!c.thematiques.length) {
      erreurs.thematiques = "Cochez au moins une thématique.";
    } else if (administratives.length && !demarches) {
      erreurs.thematiques = "Une démarche administrative va avec « Aide aux démarches " +
        "administratives » : cochez-la aussi, ou décochez la démarche.";
    }
    if (c.precisions_demarche && !demarches) {
      erreurs.precisions_demarche = "Les précisions sur la démarche ne vont qu'avec la " +
        "thématique « Aide aux démarches administratives » : cochez-la, ou videz ce champ.";
    }
    if (c.materiel.indexOf(regles.sans_materiel) >= 0 && c.materiel.length > 1) {
      erreurs.materiel = "« Pas de matériel » ne va pas avec un matériel : décochez l'un ou l'autre.";
    }
    if (c.type === "collectif" && !c.beneficiaires.length && !c.participants.total) {
      erreurs.participants = "Un atelier a au moins un participant : ajoutez un bénéficiaire " +
        "suivi, ou indiquez le nombre de participants anonymes.";
    }
  }

  // The entry form (individual or workshop): { commande, erreurs }.
  H.commandeSaisie = function (paires, donnees, commandId) {
    var l = lecteur(paires);
    var erreurs = {};
    var regles = donnees.regles;
    if (["nouveau_prenom", "nouveau_nom", "nouveau_telephone", "nouveau_courriel"].some(l.texte)) {
      erreurs.nouveau_nom = "Sans réseau, on ne peut pas créer de nouvelle personne suivie : " +
        "videz ces champs (la séance reste anonyme) ou attendez le réseau.";
    }
    var duree = entier(l.texte("duree_autre") || l.texte("duree"), "duree",
      "Indiquez la durée en minutes (un nombre entier).", erreurs);
    if (duree === null && !erreurs.duree) { erreurs.duree = "Choisissez une durée."; }
    if (!l.texte("date")) { erreurs.date = "Indiquez la date de l'activité."; }
    var type = l.texte("type") === "collectif" ? "collectif" : "individuel";
    var c = Object.assign({
      command_id: commandId,
      type: type,
      date: l.texte("date"),
      duree: duree
    }, lieu(l, regles, erreurs, donnees.communes), {
      materiel: l.liste("materiel"),
      thematiques: l.liste("thematiques"),
      precisions_demarche: l.texte("precisions_demarche") || null,
      notes: l.texte("notes") || null,
      motif_retard: l.texte("motif_retard") || null,
      tags: l.texte("tags").split(",")
    }, type === "collectif" ? collectif(l, paires, erreurs) : individuel(l, erreurs, donnees.communes));
    valider(c, regles, erreurs);
    return { commande: c, erreurs: erreurs };
  };

  // One row of the quick session (« l<rang>_… ») with the shared fields: { commande, erreurs }.
  H.commandeRapide = function (paires, donnees, rang, commandId) {
    var l = lecteur(paires);
    var p = "l" + rang + "_";
    var erreurs = {};
    var regles = donnees.regles;
    if (!/^\d+$/.test(l.texte(p + "duree"))) { erreurs.duree = "Choisissez une durée."; }
    if (!l.texte("date")) { erreurs.date = "Indiquez la date de l'activité."; }
    var autre = l.texte(p + "autre");
    var c = Object.assign({
      command_id: commandId, type: "individuel", date: l.texte("date")
    }, lieu(l, regles, erreurs, donnees.communes), {
      materiel: l.liste("materiel"),
      duree: erreurs.duree ? null : parseInt(l.texte(p + "duree"), 10),
      thematiques: l.liste(p + "thematiques").concat(autre ? [autre] : []),
      profil: { genre: l.texte(p + "genre") || NC, tranche_age: l.texte(p + "tranche_age") || NC }
    });
    valider(Object.assign({ precisions_demarche: null, motif_retard: null, beneficiaires: [] }, c),
      regles, erreurs);
    return { commande: c, erreurs: erreurs };
  };

  H.lignesRemplies = function (paires) {
    var l = lecteur(paires);
    var n = parseInt(l.texte("lignes"), 10) || 0;
    var rangs = [];
    for (var i = 0; i < n; i += 1) {
      var p = "l" + i + "_";
      // As the server reads it: a row where only the gender or age was chosen is half-typed.
      if (l.texte(p + "duree") || l.liste(p + "thematiques").length || l.texte(p + "autre") ||
          l.texte(p + "genre") || l.texte(p + "tranche_age")) {
        rangs.push(i);
      }
    }
    return rangs;
  };
}());
