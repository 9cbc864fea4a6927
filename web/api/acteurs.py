"""JSON API of structures and aidants.

Structures are public information (reading them is open); aidants are people, so every
route about them is for coordinators (and admins). Writes are for coordinators.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter

from domain.acteurs.commands import (
    DetacherLieu,
    FermerStructure,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
)
from domain.acteurs.validation import siret_valide
from domain.errors import DomainError
from mednum.accounts import Role
from mednum.services.acteurs import Acteurs
from projections.acteurs_requetes import (
    AidantVue,
    FiltresStructures,
    StructureVue,
    lire_structure,
    lister_structures,
    structure_avec_siret,
)
from web.api.ecritures import (
    CREATION,
    Apres,
    Decalage,
    Limite,
    ecriture,
    executer,
    reponse_creation,
)
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE, Ecriture
from web.auth.guards import auteur, public, roles
from web.deps import wait_if_asked

COORDINATION = roles(Role.COORDINATEUR)
ERREURS_LECTURE_PROTEGEE = {
    **ERREURS_LECTURE,
    **{code: spec for code, spec in ERREURS_ECRITURE.items() if code in (401, 403)},
}


class PageStructures(msgspec.Struct, frozen=True, kw_only=True):
    items: list[StructureVue]
    total: int
    limit: int
    offset: int


class PageAidants(msgspec.Struct, frozen=True, kw_only=True):
    items: list[AidantVue]
    total: int
    limit: int
    offset: int


def provide_acteurs(state: State) -> Acteurs:
    return Acteurs(state.hub)


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


DEPENDANCES = {
    "acteurs": Provide(provide_acteurs, sync_to_thread=False),
}


class StructuresController(Controller):
    path = "/structures"
    tags = ["Structures"]
    dependencies = DEPENDANCES

    @get("/", guards=[public], operation_id="listerStructures", responses=ERREURS_LECTURE)
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
    ) -> PageStructures:
        """Lister les structures (porteuses ou employeuses)."""
        await wait_if_asked(request, apres)
        filtres = FiltresStructures(
            q=q, type_structure=type_structure, departement=departement, inclure_fermees=fermees
        )
        items, total = await lister_structures(db, filtres, limit=limit, offset=offset)
        return PageStructures(items=items, total=total, limit=limit, offset=offset)

    @get(
        "/{structure_id:uuid}",
        guards=[public],
        operation_id="lireStructure",
        responses=ERREURS_LECTURE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        structure_id: FromPath[UUID],
        apres: Apres = None,
    ) -> StructureVue:
        """Lire une structure."""
        await wait_if_asked(request, apres)
        structure = await lire_structure(db, structure_id)
        if structure is None:
            raise NotFoundException()
        return structure

    @post("/", guards=[COORDINATION], operation_id="recenserStructure", responses=CREATION)
    async def recenser(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        data: JSONBody[RecenserStructure],
    ) -> Response[Ecriture]:
        """Recenser une structure ; son SIRET ne doit être celui d'aucune structure ouverte."""
        await verifier_siret_libre(db, data.siret)
        resultat = await asyncio.to_thread(acteurs.recenser_structure, data, auteur(request))
        return reponse_creation(resultat, "structures")

    @patch(
        "/{structure_id:uuid}",
        guards=[COORDINATION],
        operation_id="modifierStructure",
        responses=ERREURS_ECRITURE,
    )
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: JSONBody[ModifierStructure],
    ) -> Ecriture:
        """Modifier une structure : seuls les champs présents changent ; `version` obligatoire."""
        if isinstance(data.siret, str):
            await verifier_siret_libre(db, data.siret, sauf=structure_id)
        return ecriture(
            await executer(
                acteurs.modifier_structure, acteurs.structure, structure_id, data, auteur(request)
            )
        )

    @post(
        "/{structure_id:uuid}/fermeture",
        guards=[COORDINATION],
        operation_id="fermerStructure",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def fermer(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: JSONBody[FermerStructure],
    ) -> Ecriture:
        """Fermer une structure (elle reste dans l'historique)."""
        return ecriture(
            await executer(
                acteurs.fermer_structure, acteurs.structure, structure_id, data, auteur(request)
            )
        )

    @post(
        "/{structure_id:uuid}/lieux",
        guards=[COORDINATION],
        operation_id="rattacherLieu",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def rattacher(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: JSONBody[RattacherLieu],
    ) -> Ecriture:
        """Rattacher un lieu du registre à la structure (qui le porte)."""
        return ecriture(
            await executer(
                acteurs.rattacher_lieu, acteurs.structure, structure_id, data, auteur(request)
            )
        )

    @post(
        "/{structure_id:uuid}/lieux/detachement",
        guards=[COORDINATION],
        operation_id="detacherLieu",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def detacher(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: JSONBody[DetacherLieu],
    ) -> Ecriture:
        """Détacher un lieu de la structure."""
        return ecriture(
            await executer(
                acteurs.detacher_lieu, acteurs.structure, structure_id, data, auteur(request)
            )
        )
