"""Rules for diagnostics: decide(state, command, grid, context) -> events, or a refusal.

Recording or correcting a diagnostic also evaluates its level, in the same decision: the
`NiveauEvalue` event carries the version of the grid that computed it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.base import Contexte, Evenement, a_la_version, premier, suivant
from domain.diagnostics.commands import AnnulerDiagnostic, CorrigerDiagnostic, RealiserDiagnostic
from domain.diagnostics.events import (
    DiagnosticAnnule,
    DiagnosticCorrige,
    DiagnosticRealise,
    NiveauEvalue,
)
from domain.diagnostics.regles import evaluer, verifier_constat
from domain.diagnostics.state import CHAMPS_CONSTAT, Diagnostic
from domain.errors import ConflitDeVersion, DomainError, IntrouvableError
from domain.grille.grille import Grille


def _niveau_evalue(
    diagnostic_id: UUID, version: int, champs: dict[str, Any], grille: Grille, ctx: Contexte
) -> NiveauEvalue:
    niveau, detail = evaluer(grille, champs["source"], champs["scores"], champs["score_importe"])
    return a_la_version(
        NiveauEvalue,
        diagnostic_id,
        version,
        ctx,
        niveau=niveau,
        grille_version=grille.version,
        detail=detail,
    )


def realiser_diagnostic(
    diagnostic_id: UUID, commande: RealiserDiagnostic, grille: Grille, ctx: Contexte
) -> list[Evenement]:
    champs = verifier_constat(commande, grille, ctx)
    realise = premier(
        DiagnosticRealise, diagnostic_id, ctx, beneficiaire_id=commande.beneficiaire_id, **champs
    )
    return [realise, _niveau_evalue(diagnostic_id, 2, champs, grille, ctx)]


def _modifiable(diagnostic: Diagnostic | None, version: int) -> Diagnostic:
    if diagnostic is None:
        raise IntrouvableError("Ce diagnostic n'existe pas.", "diagnostic_id")
    if diagnostic.annule:
        raise DomainError(
            "Ce diagnostic est annulé : il ne peut plus changer. Réalisez-en un nouveau.",
            "diagnostic_id",
        )
    if diagnostic.version != version:
        raise ConflitDeVersion(version, diagnostic.version)
    return diagnostic


def _motif(motif: str) -> str:
    texte = motif.strip()
    if not texte:
        raise DomainError(
            "Indiquez le motif (par exemple « score de S3 mal saisi »).",
            "motif",
        )
    return texte


def corriger_diagnostic(
    diagnostic: Diagnostic | None, commande: CorrigerDiagnostic, grille: Grille, ctx: Contexte
) -> list[Evenement]:
    """A correction replaces every finding and evaluates the level again with `grille` (the
    current one). Correcting nothing records nothing."""
    diagnostic = _modifiable(diagnostic, commande.version)
    motif = _motif(commande.motif)
    champs = verifier_constat(commande, grille, ctx)
    if all(getattr(diagnostic, champ) == champs[champ] for champ in CHAMPS_CONSTAT):
        return []
    corrige = suivant(
        DiagnosticCorrige,
        diagnostic,
        ctx,
        motif=motif,
        beneficiaire_id=diagnostic.beneficiaire_id,
        **champs,
    )
    evalue = _niveau_evalue(diagnostic.id, diagnostic.version + 2, champs, grille, ctx)
    return [corrige, evalue]


def annuler_diagnostic(
    diagnostic: Diagnostic | None, commande: AnnulerDiagnostic, ctx: Contexte
) -> list[DiagnosticAnnule]:
    diagnostic = _modifiable(diagnostic, commande.version)
    return [suivant(DiagnosticAnnule, diagnostic, ctx, motif=_motif(commande.motif))]
