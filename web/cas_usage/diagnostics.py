"""Diagnostics, for mediators on the people they accompany (the service answers "not found"
for anyone else's): correct, cancel. A new diagnostic is hand-written, in web/api and
web/pages (it is created under its beneficiary's address)."""

from __future__ import annotations

from domain.diagnostics.commands import AnnulerDiagnostic, CorrigerDiagnostic
from mednum.services.diagnostics import Diagnostics
from web.auth.guards import MEDIATION, utilisateur
from web.exposition import CasUsage, cas_de_la_table

TAG = "Diagnostics"

# Creations run without a record id: the table's `etat` is then never read.
cas = cas_de_la_table(MEDIATION, tag=TAG, etat=Diagnostics.diagnostic, appelant=utilisateur)

DIAGNOSTICS: list[CasUsage] = [
    cas(
        CorrigerDiagnostic,
        Diagnostics.corriger,
        api="POST /diagnostics/{diagnostic_id:uuid}/correction",
        description="Corriger un diagnostic (tous ses champs, avec un motif) : son niveau est "
        "recalculé avec la grille en vigueur ; `version` obligatoire.",
    ),
    cas(
        AnnulerDiagnostic,
        Diagnostics.annuler,
        api="POST /diagnostics/{diagnostic_id:uuid}/annulation",
        description="Annuler un diagnostic (il ne compte plus dans l'historique des niveaux).",
    ),
]
