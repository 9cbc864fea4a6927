"""Activities (comptes rendus d'activité), for mediators: record, correct, delete. A mediator
reaches only their own: the service answers another's as missing (404).

The fast entry form (`POST /activites/nouvelle`) is in web/pages/activites.py: after a
success it shows a new blank form with the recorded one, not the record."""

from __future__ import annotations

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from mednum.services.activites import Activites
from web.auth.guards import MEDIATION, utilisateur
from web.exposition import Fiche, cas_de_la_table
from web.pages import activites as pages

ACTIVITE = Fiche("/activites/{activite_id:uuid}", "/activites/{id}", pages.page_detail)
TAG = "Activités"

# Creations run without a record id: the table's `etat` is then never read.
cas = cas_de_la_table(MEDIATION, tag=TAG, etat=Activites.activite, appelant=utilisateur)

ACTIVITES = [
    cas(
        EnregistrerActivite,
        Activites.enregistrer,
        api="POST /activites",
        description="Enregistrer une activité (accompagnement individuel ou atelier collectif).",
    ),
    cas(
        CorrigerActivite,
        Activites.corriger,
        api="PATCH /activites/{activite_id:uuid}",
        description="Corriger une activité : seuls les champs présents changent ; `version` "
        "obligatoire.",
        formulaire=ACTIVITE.action("corriger", pages.lire_correction, pages.page_correction),
    ),
    cas(
        SupprimerActivite,
        Activites.supprimer,
        api="POST /activites/{activite_id:uuid}/suppression",
        description="Supprimer une activité, avec le motif (elle reste dans l'historique).",
        formulaire=ACTIVITE.action("supprimer", pages.lire_suppression),
    ),
]
