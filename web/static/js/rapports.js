// Reports page: touching the field of a kind of period (month, quarter, year, dates) selects
// that kind, so that the period sent is the one the funder just set. Without JavaScript the
// radio buttons do the same job by hand.
(function () {
  "use strict";
  var liens = { mois: "forme-mois", trimestre: "forme-trimestre", annee: "forme-annee",
                du: "forme-libre", au: "forme-libre" };
  Object.keys(liens).forEach(function (id) {
    var champ = document.getElementById(id);
    var radio = document.getElementById(liens[id]);
    if (!champ || !radio) { return; }
    ["focus", "change", "input"].forEach(function (evenement) {
      champ.addEventListener(evenement, function () { radio.checked = true; });
    });
  });
}());
