"""The write side of diagnostics: a beneficiary's diagnostic is recorded only by someone who
may reach that beneficiary (their mediator, or an admin), and scored with the current grid."""

from __future__ import annotations

from uuid import UUID

from domain.diagnostics import decide
from domain.diagnostics.commands import AnnulerDiagnostic, CorrigerDiagnostic, RealiserDiagnostic
from domain.diagnostics.state import Diagnostic
from domain.diagnostics.state import fold as fold_diagnostic
from domain.errors import IntrouvableError
from domain.grille import GRILLE_COURANTE, Grille
from mednum.accounts import User
from mednum.services.beneficiaires import Beneficiaires, accessible
from mednum.services.executeur import Hub, Resultat


class Diagnostics:
    def __init__(self, hub: Hub, grille: Grille = GRILLE_COURANTE) -> None:
        self.hub = hub
        self.grille = grille  # the grid new levels are computed with
        self.beneficiaires = Beneficiaires(hub)

    def verifier_acces(self, beneficiaire_id: UUID, user: User | None) -> None:
        """Raise IntrouvableError (404) unless this user may reach this beneficiary."""
        accessible(self.beneficiaires.beneficiaire(beneficiaire_id), user)

    def diagnostic(self, diagnostic_id: UUID) -> Diagnostic | None:
        return fold_diagnostic(self.hub.events(diagnostic_id))

    def diagnostic_accessible(self, diagnostic_id: UUID, user: User | None) -> Diagnostic:
        """The diagnostic if this user may reach its beneficiary; "not found" otherwise."""
        diagnostic = self.diagnostic(diagnostic_id)
        if diagnostic is None:
            raise IntrouvableError("Ce diagnostic n'existe pas.", "diagnostic_id")
        try:
            self.verifier_acces(diagnostic.beneficiaire_id, user)
        except IntrouvableError:
            raise IntrouvableError("Ce diagnostic n'existe pas.", "diagnostic_id") from None
        return diagnostic

    def realiser(
        self, commande: RealiserDiagnostic, user: User, diagnostic_id: UUID | None = None
    ) -> Resultat:
        """`diagnostic_id` is drawn at random unless given (the demo fixes it)."""
        self.verifier_acces(commande.beneficiaire_id, user)
        return self.hub.creer(
            commande,
            diagnostic_id,
            lambda nouvel_id, ctx: decide.realiser_diagnostic(
                nouvel_id, commande, self.grille, ctx
            ),
            user.email,
        )

    def corriger(self, diagnostic_id: UUID, commande: CorrigerDiagnostic, user: User) -> Resultat:
        self.diagnostic_accessible(diagnostic_id, user)
        return self.hub.executer(
            commande,
            diagnostic_id,
            lambda events, ctx: decide.corriger_diagnostic(
                fold_diagnostic(events), commande, self.grille, ctx
            ),
            user.email,
        )

    def annuler(self, diagnostic_id: UUID, commande: AnnulerDiagnostic, user: User) -> Resultat:
        self.diagnostic_accessible(diagnostic_id, user)
        return self.hub.appliquer(
            commande, diagnostic_id, fold_diagnostic, decide.annuler_diagnostic, user.email
        )
