"""JSON API of the skills grid (public) and of diagnostics and levels (mediators, on the
people they accompany only: another mediator's beneficiary answers 404, as if unknown). The
corrections and cancellations are declared in web/cas_usage."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.diagnostics.commands import ConstatDiagnostic, RealiserDiagnostic
from domain.errors import IntrouvableError
from domain.grille import GRILLE_COURANTE, GRILLES, Grille
from mednum.composition import Services
from projections.diagnostics import (
    DiagnosticVue,
    PointNiveau,
    diagnostics_du_beneficiaire,
    historique_niveaux,
    lire_diagnostic,
)
from web.api.ecritures import CREATION, Apres, reponse_creation
from web.api.schemas import ERREURS_LECTURE, ERREURS_LECTURE_PROTEGEE, Ecriture
from web.auth.guards import MEDIATION, public, utilisateur
from web.deps import wait_if_asked
from web.errors import ou_404


class Referentiel(msgspec.Struct, frozen=True, kw_only=True):
    version_courante: str
    versions: list[str]
    grille: Grille


class ListeDiagnostics(msgspec.Struct, frozen=True, kw_only=True):
    items: list[DiagnosticVue]
    total: int


class HistoriqueNiveaux(msgspec.Struct, frozen=True, kw_only=True):
    beneficiaire_id: UUID
    items: list[PointNiveau]


async def verifier_acces(
    composition: Services, request: Request[Any, Any, Any], beneficiaire_id: UUID
) -> None:
    await asyncio.to_thread(
        composition.diagnostics.verifier_acces, beneficiaire_id, utilisateur(request)
    )


class ReferentielController(Controller):
    path = "/referentiel"
    tags = ["Référentiel"]
    guards = [public]

    @get("/", operation_id="lireReferentiel", responses=ERREURS_LECTURE)
    async def courant(self) -> Referentiel:
        """La grille de compétences en vigueur et la liste de ses versions."""
        return Referentiel(
            version_courante=GRILLE_COURANTE.version,
            versions=list(GRILLES),
            grille=GRILLE_COURANTE,
        )

    @get("/{version:str}", operation_id="lireVersionReferentiel", responses=ERREURS_LECTURE)
    async def version(self, version: FromPath[str]) -> Grille:
        """Une version de la grille (les niveaux passés gardent celle qui les a calculés)."""
        grille = GRILLES.get(version)
        if grille is None:
            raise NotFoundException()
        return grille


class DiagnosticsBeneficiaireController(Controller):
    path = "/beneficiaires/{beneficiaire_id:uuid}"
    tags = ["Diagnostics"]
    guards = [MEDIATION]

    @get(
        "/diagnostics",
        operation_id="listerDiagnostics",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        annules: Annotated[
            bool, QueryParameter(description="Inclure les diagnostics annulés")
        ] = False,
        apres: Apres = None,
    ) -> ListeDiagnostics:
        """Les diagnostics d'une personne que j'accompagne, du plus récent au plus ancien."""
        await verifier_acces(composition, request, beneficiaire_id)
        await wait_if_asked(request, apres)
        items = await diagnostics_du_beneficiaire(db, beneficiaire_id, inclure_annules=annules)
        return ListeDiagnostics(items=items, total=len(items))

    # Hand-written: a creation under its beneficiary's address, answered with the new
    # diagnostic's own (the table makes creations only from POSTs without an id).
    @post("/diagnostics", operation_id="realiserDiagnostic", responses=CREATION)
    async def realiser(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        data: JSONBody[ConstatDiagnostic],
    ) -> Response[Ecriture]:
        """Enregistrer un diagnostic : son niveau est calculé avec la grille en vigueur
        (lisible ensuite sur GET /diagnostics/{id})."""
        commande = RealiserDiagnostic(
            beneficiaire_id=beneficiaire_id, **msgspec.structs.asdict(data)
        )
        resultat = await asyncio.to_thread(
            composition.diagnostics.realiser, commande, utilisateur(request)
        )
        return reponse_creation(resultat, "diagnostics")

    @get("/niveaux", operation_id="historiqueNiveaux", responses=ERREURS_LECTURE_PROTEGEE)
    async def niveaux(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        apres: Apres = None,
    ) -> HistoriqueNiveaux:
        """L'évolution du niveau d'autonomie numérique (NAN 0–4), du plus ancien au plus
        récent, avec la version de grille de chaque niveau."""
        await verifier_acces(composition, request, beneficiaire_id)
        await wait_if_asked(request, apres)
        items = await historique_niveaux(db, beneficiaire_id)
        return HistoriqueNiveaux(beneficiaire_id=beneficiaire_id, items=items)


class DiagnosticsController(Controller):
    path = "/diagnostics"
    tags = ["Diagnostics"]
    guards = [MEDIATION]

    @get("/{diagnostic_id:uuid}", operation_id="lireDiagnostic", responses=ERREURS_LECTURE_PROTEGEE)
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        diagnostic_id: FromPath[UUID],
        apres: Apres = None,
    ) -> DiagnosticVue:
        """Un diagnostic, avec son niveau et la version de grille qui l'a calculé."""
        await wait_if_asked(request, apres)
        vue = ou_404(await lire_diagnostic(db, diagnostic_id))
        try:
            await verifier_acces(composition, request, vue.beneficiaire_id)
        except IntrouvableError:
            raise NotFoundException() from None
        return vue
