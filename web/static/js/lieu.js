// Place page: print, share (the system's share sheet, or copy the link), and focus on a
// confirmation the page was opened for (« signalement envoyé »). Works as plain links without it.
(function () {
    "use strict";
    var cible = location.hash && document.getElementById(location.hash.slice(1));
    if (cible && cible.getAttribute("tabindex") === "-1") { cible.focus(); }

    var imprimer = document.querySelector("[data-action=imprimer]");
    if (imprimer) {
        imprimer.hidden = false;
        imprimer.addEventListener("click", function () { window.print(); });
    }
    var partager = document.querySelector("[data-action=partager]");
    var etat = document.querySelector(".partage-lieu__etat");
    if (!partager) { return; }
    var adresse = location.origin + location.pathname;
    if (navigator.share) {
        partager.hidden = false;
        partager.addEventListener("click", function () {
            navigator.share({title: partager.dataset.titre, url: adresse}).catch(function () {});
        });
    } else if (navigator.clipboard) {
        partager.hidden = false;
        partager.textContent = "Copier le lien";
        partager.addEventListener("click", function () {
            navigator.clipboard.writeText(adresse).then(function () {
                etat.textContent = "Lien copié : vous pouvez le coller dans un message.";
            }, function () {
                etat.textContent = "Copie impossible : sélectionnez le lien ci-dessus.";
            });
        });
    }
})();
