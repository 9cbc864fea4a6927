"""Funding applications (mission 2), for coordinators: file, correct, grant, refuse."""

from __future__ import annotations

from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from mednum.accounts import Role
from mednum.services.financements import Financements
from web.auth.guards import roles
from web.exposition import Fiche, Formulaire, cas_de_la_table
from web.pages import financements as pages

COORDINATION = roles(Role.COORDINATEUR)
FICHE = "/financements/{id}"
TAG = "Financements"
ACTIONS = Fiche("/financements/{financement_id:uuid}", FICHE, pages.page_detail)

# Creations run without a record id: the table's `etat` is then never read.
cas = cas_de_la_table(COORDINATION, tag=TAG, etat=Financements.financement)

FINANCEMENTS = [
    cas(
        DeposerFinancement,
        Financements.deposer,
        api="POST /financements",
        description="Enregistrer un dossier déposé auprès d'un financeur (montants en centimes).",
        formulaire=Formulaire(
            "/financements/nouveau", pages.page_formulaire, FICHE, pages.lire_dossier
        ),
    ),
    cas(
        ModifierFinancement,
        Financements.modifier,
        api="PATCH /financements/{financement_id:uuid}",
        description="Corriger un dossier : seuls les champs présents changent ; `version` "
        "obligatoire.",
        formulaire=ACTIONS.action("modifier", pages.lire_modification, pages.page_formulaire),
    ),
    cas(
        AccorderFinancement,
        Financements.accorder,
        api="POST /financements/{financement_id:uuid}/accord",
        description="Enregistrer l'accord du financeur (ou corriger la décision avec "
        "`correction`).",
        formulaire=ACTIONS.action("accord", pages.lire_accord),
    ),
    cas(
        RefuserFinancement,
        Financements.refuser,
        api="POST /financements/{financement_id:uuid}/refus",
        description="Enregistrer le refus du financeur (ou corriger la décision avec "
        "`correction`).",
        formulaire=ACTIONS.action("refus", pages.lire_refus),
    ),
]
