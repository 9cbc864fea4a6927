// The team's menu on a phone: its 4 to 14 links do not fit on one line, and a line that
// scrolls sideways hides the links past the edge (a funder saw no « Rapports »). Under 48em
// the links fold behind a « Menu » button and open as a list; without JavaScript the line
// that scrolls stays. Loaded right after the header, before the page is painted.
(function () {
  "use strict";
  var entete = document.querySelector(".entete");
  var bouton = document.querySelector(".menu-bouton");
  var menu = document.getElementById("menu-principal");
  if (!entete || !bouton || !menu) { return; }
  entete.classList.add("entete--repliable");
  bouton.hidden = false;

  function ouvrir(ouvert) {
    bouton.setAttribute("aria-expanded", ouvert ? "true" : "false");
    entete.classList.toggle("entete--menu-ouvert", ouvert);
  }
  bouton.addEventListener("click", function () {
    ouvrir(bouton.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key === "Escape" && bouton.getAttribute("aria-expanded") === "true") {
      ouvrir(false);
      bouton.focus();
    }
  });
}());
