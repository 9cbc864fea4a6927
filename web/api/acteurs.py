"""JSON API of structures (reads; writes are in web/cas_usage/acteurs.py), and the SIRET check
that structures' creation and change share with their forms.

Structures are public information (reading them is open); aidants are people, so every
route about them is for coordinators (and admins). Writes are for coordinators.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.acteurs.validation import siret_valide
from domain.errors import DomainError
from mednum.accounts import Role
from projections.acteurs_requetes import (
    FiltresStructures,
    StructureVue,
    lire_structure,
    lister_structures,
    structure_avec_siret,
)
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.lectures import route_lecture
from web.api.schemas import ERREURS_LECTURE, Page
from web.auth.guards import public, roles
from web.deps import connexion, wait_if_asked

COORDINATION = roles(Role.COORDINATEUR)


async def verifier_siret_libre(
    db: asyncpg.Connection, siret: str, sauf: UUID | None = None
) -> None:
    """SIRET are unique among open structures: checked on the read model, so two structures
    registered in the same instant could still share one (a coordinator then closes one)."""
    autre = await structure_avec_siret(db, siret_valide(siret), sauf)
    if autre is not None:
        raise DomainError(
            f"Le SIRET {siret_valide(siret)} est déjà celui de la structure « {autre[1]} » : "
            f"vérifiez-le, ou modifiez la fiche existante (/structures/{autre[0]}).",
            "siret",
        )


async def siret_libre(
    request: Request[Any, Any, Any], commande: Any, structure_id: UUID | None
) -> None:
    """Before a structure is recorded or changed: the SIRET it gives is no other's."""
    if isinstance(commande.siret, str):
        async with connexion(request) as db:
            await verifier_siret_libre(db, commande.siret, structure_id)


class StructuresController(Controller):
    path = "/structures"
    tags = ["Structures"]
    guards = [public]

    @get("/", operation_id="listerStructures", responses=ERREURS_LECTURE)
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[
            str | None, QueryParameter(description="Nom, commune ou SIRET", max_length=100)
        ] = None,
        type_structure: Annotated[str | None, QueryParameter(max_length=100)] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        fermees: Annotated[bool, QueryParameter(description="Inclure les fermées")] = False,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[StructureVue]:
        """Lister les structures (porteuses ou employeuses)."""
        await wait_if_asked(request, apres)
        filtres = FiltresStructures(
            q=q, type_structure=type_structure, departement=departement, inclure_fermees=fermees
        )
        return await page_de(lister_structures, db, filtres, limit=limit, offset=offset)

    lire = route_lecture(
        "/{structure_id:uuid}",
        lire_structure,
        StructureVue,
        "Lire une structure.",
        operation_id="lireStructure",
        responses=ERREURS_LECTURE,
    )
