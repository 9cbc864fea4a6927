"""The composition root: every context's service, built once on one event store.

Entry points (the web app, the CLI, the scheduled jobs) take what they need from here rather
than building services of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from mednum.infra.communes import referentiel_communes
from mednum.infra.eventstore import MedNumApplication
from mednum.infra.registre_effacements import RegistreEffacements
from mednum.services.acteurs import Acteurs
from mednum.services.activites import Activites
from mednum.services.beneficiaires import Beneficiaires
from mednum.services.diagnostics import Diagnostics
from mednum.services.executeur import Hub
from mednum.services.financements import Financements
from mednum.services.formations import Formations
from mednum.services.lieux import Lieux
from mednum.services.orientation import Orientations
from mednum.services.pass_numerique import PassNumerique
from mednum.services.signalements import Signalements


@dataclass(frozen=True)
class Services:
    hub: Hub
    lieux: Lieux
    acteurs: Acteurs
    formations: Formations
    beneficiaires: Beneficiaires
    activites: Activites
    diagnostics: Diagnostics
    orientations: Orientations
    signalements: Signalements
    financements: Financements
    pass_numerique: PassNumerique

    @classmethod
    def sur(
        cls, hub: Hub, secret_key: str, registre: RegistreEffacements | None = None
    ) -> Services:
        return cls(
            hub=hub,
            lieux=Lieux(hub),
            acteurs=Acteurs(hub, registre),
            formations=Formations(hub),
            beneficiaires=Beneficiaires(hub, registre),
            activites=Activites(hub),
            diagnostics=Diagnostics(hub),
            orientations=Orientations(hub, secret_key),
            signalements=Signalements(hub),
            financements=Financements(hub),
            pass_numerique=PassNumerique(hub),
        )

    def de(self, methode: Callable[..., Any]) -> Any:
        """The service whose class defines `methode` (an unbound method, as the web layer's
        table of use cases names it)."""
        for champ in fields(self):
            service = getattr(self, champ.name)
            if getattr(type(service), methode.__name__, None) is methode:
                return service
        raise LookupError(f"no service defines {methode.__qualname__}")


def services_sur(
    app: MedNumApplication, secret_key: str, registre: RegistreEffacements | None = None
) -> Services:
    return Services.sur(Hub(app, referentiel_communes()), secret_key, registre)
