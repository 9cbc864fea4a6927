"""`GET /api/v1/hors-ligne`: what a mediator's browser keeps to check and complete an entry
with no network (see web/pages/hors_ligne.py): the domain's bounds (durations, late entries,
thématiques), the communes of their départements, the CSRF token the outbox sends with, and
how many days the browser may keep all this without reaching the server."""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec
from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.utils.scope.state import ScopeState

from domain.activites.referentiel import (
    AVEC_COMMUNE,
    DUREE_MAX,
    DUREE_MIN,
    LIEU_DU_REGISTRE,
    RETARD_MAX_JOURS,
    SANS_MATERIEL,
)
from domain.activites.regles import DEMARCHES, THEMATIQUES
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES
from projections.hors_ligne_requetes import communes_hors_ligne, departements_du_mediateur
from web.api.schemas import ERREURS_LECTURE_PROTEGEE
from web.auth.guards import MEDIATION, utilisateur
from web.deps import reglages


class Regles(msgspec.Struct, frozen=True, kw_only=True):
    """The rules of domain/activites/regles.py a browser can check with no network."""

    duree_min: int = DUREE_MIN
    duree_max: int = DUREE_MAX
    retard_max_jours: int = RETARD_MAX_JOURS
    lieu_du_registre: str = LIEU_DU_REGISTRE
    avec_commune: list[str] = msgspec.field(default_factory=lambda: list(AVEC_COMMUNE))
    sans_materiel: str = SANS_MATERIEL
    demarches: str = DEMARCHES
    thematiques: list[str] = msgspec.field(default_factory=lambda: list(THEMATIQUES))
    thematiques_administratives: list[str] = msgspec.field(
        default_factory=lambda: list(THEMATIQUES_ADMINISTRATIVES)
    )
    fuseau: str = "Europe/Paris"


class DonneesHorsLigne(msgspec.Struct, frozen=True, kw_only=True):
    utilisateur: str
    """The account's id: a browser holding another account's data erases it."""
    jours: int
    """Days without reaching the server after which the browser erases what it kept."""
    csrf: str
    regles: Regles
    communes: list[tuple[str, str, list[str]]]
    """(INSEE code, name, postcodes) of the mediator's départements."""


class HorsLigneController(Controller):
    path = "/hors-ligne"
    tags = ["Activités"]
    guards = [MEDIATION]

    @get("/", operation_id="donneesHorsLigne", responses=ERREURS_LECTURE_PROTEGEE)
    async def donnees(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Response[DonneesHorsLigne]:
        """Ce que le navigateur d'un médiateur garde pour saisir sans réseau : les règles
        vérifiables hors ligne, les communes de ses départements, le jeton CSRF d'envoi."""
        user = utilisateur(request)
        settings = reglages(request)
        departements = await departements_du_mediateur(db, user.email)
        communes = await communes_hors_ligne(db, departements, settings.rapports_territoire)
        csrf = ScopeState.from_scope(request.scope).csrf_token
        return Response(
            DonneesHorsLigne(
                utilisateur=str(user.id),
                jours=settings.hors_ligne_jours,
                csrf=csrf if isinstance(csrf, str) else "",
                regles=Regles(),
                communes=communes,
            ),
            media_type=MediaType.JSON,
            headers={"Cache-Control": "no-store"},
        )
