"""People accompanied, for mediators (on their own people only: anyone else's id answers 404):
record, change; erasure for admins. The recording form is hand-written in web/pages (it warns
of probable duplicates before creating)."""

from __future__ import annotations

from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
    EnregistrerBeneficiaire,
    ModifierBeneficiaire,
)
from mednum.accounts import Role
from mednum.services.beneficiaires import Beneficiaires
from web.api.beneficiaires import acces
from web.auth.guards import MEDIATION, roles
from web.exposition import CasUsage, Fiche
from web.pages import beneficiaires as pages
from web.pages.beneficiaires_formulaire import (
    lire_effacement,
    lire_modification,
    modifier_ce_qui_change,
)

ADMINISTRATION = roles(Role.ADMIN)
# The person's page has no room for a refused action's errors: its error page shows them.
PERSONNE = Fiche("/beneficiaires/{beneficiaire_id:uuid}", "/beneficiaires/{id}", pages.page_refus)
TAG = "Bénéficiaires"


BENEFICIAIRES: list[CasUsage] = [
    CasUsage(
        EnregistrerBeneficiaire,
        MEDIATION,
        Beneficiaires.enregistrer,
        api="POST /beneficiaires",
        description="Anonyme par défaut ; `suivi` avec `consentement`, `prenom` et `nom` pour "
        "un suivi nominatif. Vérifiez d'abord les doublons avec `GET /beneficiaires/doublons`.",
        tag=TAG,
    ),
    CasUsage(
        ModifierBeneficiaire,
        MEDIATION,
        Beneficiaires.modifier,
        api="PATCH /beneficiaires/{beneficiaire_id:uuid}",
        tag=TAG,
        avant=acces,
    ),
    CasUsage(
        ModifierBeneficiaire,
        MEDIATION,
        Beneficiaires.modifier,
        formulaire=PERSONNE.action("modifier", lire_modification, pages.page_formulaire),
        avant=pages.acces_journalise("modification"),
        appel=modifier_ce_qui_change,
    ),
    CasUsage(
        AnonymiserBeneficiaire,
        ADMINISTRATION,
        Beneficiaires.anonymiser,
        api="POST /beneficiaires/{beneficiaire_id:uuid}/effacement",
        operation="effacerBeneficiaire",
        description="Effacer l'identité d'une personne (droit à l'effacement) : sa clé est "
        "détruite, aucune copie lisible ne subsiste ; les données statistiques restent.",
        tag=TAG,
        avant=acces,
    ),
    CasUsage(
        AnonymiserBeneficiaire,
        ADMINISTRATION,
        Beneficiaires.anonymiser,
        operation="effacerBeneficiaire",
        formulaire=PERSONNE.action("effacer", lire_effacement),
        avant=pages.acces_journalise("effacement"),
    ),
]
