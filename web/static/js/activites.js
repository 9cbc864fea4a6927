/* Activity entry form: progressive enhancement only — without this script every field is
   visible and the server checks everything.
   - the administrative thématiques show only once « Aide aux démarches administratives » is
     ticked (and are unticked when it is);
   - the place field shows for its type of place; the anonymous profile hides when a
     followed person is chosen; the redirection choice shows when oriented;
   - Enter on a box or a radio button records the activity, as it does in a text field;
   - a typed duration and the quick picks exclude each other;
   - the reason for a late entry shows only for a date more than 90 days ago. */
(function () {
  "use strict";
  var form = document.getElementById("saisie-activite");
  if (!form) { return; }

  function revele(bloc, visible) {
    bloc.hidden = !visible;
  }

  form.querySelectorAll("[data-revele-par]").forEach(function (bloc) {
    var declencheur = document.getElementById(bloc.getAttribute("data-revele-par"));
    if (!declencheur) { return; }
    function maj() {
      revele(bloc, declencheur.checked);
      if (!declencheur.checked) {
        bloc.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = false; });
      }
    }
    declencheur.addEventListener("change", maj);
    maj();
  });

  var typesLieu = form.querySelectorAll("input[name=type_lieu]");
  function majLieu() {
    var choisi = form.querySelector("input[name=type_lieu]:checked");
    form.querySelectorAll("[data-lieu]").forEach(function (bloc) {
      var types = bloc.getAttribute("data-lieu").split(" ");
      revele(bloc, !choisi || types.indexOf(choisi.value) >= 0);
    });
  }
  typesLieu.forEach(function (r) { r.addEventListener("change", majLieu); });
  majLieu();

  form.querySelectorAll("[data-cache-si]").forEach(function (bloc) {
    var choix = document.getElementById(bloc.getAttribute("data-cache-si"));
    if (!choix) { return; }
    function maj() { revele(bloc, !choix.value); }
    choix.addEventListener("change", maj);
    maj();
  });

  form.addEventListener("keydown", function (evt) {
    var cible = evt.target;
    if (evt.key === "Enter" && cible.tagName === "INPUT" &&
        (cible.type === "checkbox" || cible.type === "radio")) {
      evt.preventDefault();
      form.requestSubmit();
    }
  });

  // The reason for a late entry is asked only for a session more than 90 days old.
  form.querySelectorAll("[data-si-ancien]").forEach(function (bloc) {
    var date = document.getElementById(bloc.getAttribute("data-si-ancien"));
    if (!date) { return; }
    function maj() {
      var jour = date.valueAsNumber;
      revele(bloc, !isNaN(jour) && Date.now() - jour > 90 * 86400000);
    }
    date.addEventListener("change", maj);
    maj();
  });

  var autre = document.getElementById("duree_autre");
  if (autre) {
    autre.addEventListener("input", function () {
      if (autre.value) {
        form.querySelectorAll("input[name=duree]").forEach(function (r) { r.checked = false; });
      }
    });
    form.querySelectorAll("input[name=duree]").forEach(function (r) {
      r.addEventListener("change", function () { autre.value = ""; });
    });
  }
}());
