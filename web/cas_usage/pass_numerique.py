"""The Pass numérique, for coordinators: order carnets, hand them to distributors, give them
to people, record scans. The order's JSON creation and the CSV import of scans stay in
web/api/pass_numerique.py and web/pages/pass_numerique.py."""

from __future__ import annotations

from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from mednum.accounts import Role
from mednum.services.pass_numerique import PassNumerique
from web.auth.guards import roles
from web.exposition import Fiche, Formulaire, cas_de_la_table
from web.pages import pass_numerique as pages

COORDINATION = roles(Role.COORDINATEUR)
FICHE = "/pass-numerique/{id}"
COMMANDE = "/pass-numerique/commandes/{commande_id:uuid}"
PAGE = "/pass-numerique/{commande_id:uuid}"
TAG = "Pass numérique"
ACTIONS = Fiche(PAGE, FICHE, pages.page_detail)

cas = cas_de_la_table(COORDINATION, tag=TAG)

PASS_NUMERIQUE = [
    cas(
        PasserCommande,
        PassNumerique.passer_commande,
        api="POST /pass-numerique/commandes",
        operation="passerCommandePass",
        description="Enregistrer une commande de carnets (10 pass de 10 € par défaut).",
        formulaire=Formulaire(
            "/pass-numerique/nouvelle", pages.page_formulaire, FICHE, pages.lire_nouvelle_commande
        ),
    ),
    cas(
        RemettreCarnets,
        PassNumerique.remettre_carnets,
        api=f"POST {COMMANDE}/remises",
        description="Confier une plage de carnets à un distributeur.",
        formulaire=ACTIONS.action("remises", pages.lire_remise),
    ),
    cas(
        InjecterCarnet,
        PassNumerique.injecter_carnet,
        api=f"POST {COMMANDE}/injections",
        description="Enregistrer la remise d'un carnet à une personne (injection).",
        formulaire=ACTIONS.action("injections", pages.lire_injection),
    ),
    cas(
        ScannerPass,
        PassNumerique.scanner_pass,
        api=f"POST {COMMANDE}/scans",
        description="Enregistrer le scan d'un pass dans un lieu.",
        formulaire=ACTIONS.action("scans", pages.lire_scan),
    ),
]
