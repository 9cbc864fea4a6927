"""What every controller of the API shares: query parameters, and how a write answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from domain.errors import ConflitDeVersion
from mednum.services.executeur import Resultat
from web.api.schemas import ERREURS_ECRITURE, Ecriture, Page

T = TypeVar("T")

Limite = Annotated[int, QueryParameter(ge=1, le=500)]
Decalage = Annotated[int, QueryParameter(ge=0, le=1_000_000_000)]
Apres = Annotated[
    int | None,
    QueryParameter(
        ge=0,
        le=2**63 - 1,
        description="Attendre (2 s au plus) que cette position du journal soit projetée : "
        "pour relire aussitôt ce qu'on vient d'écrire",
    ),
]
CREATION = {
    200: ResponseSpec(
        data_container=Ecriture,
        description="Demande déjà traitée (même command_id) : la première réponse",
    ),
    **ERREURS_ECRITURE,
}


def ecriture(resultat: Resultat) -> Ecriture:
    return Ecriture(
        id=str(resultat.id),
        version=resultat.version,
        position=resultat.notification_id,
        deja_traitee=resultat.rejoue,
    )


def reponse_creation(resultat: Resultat, chemin: str) -> Response[Ecriture]:
    """201 with the new record's address; 200 for a retry of the same command."""
    return Response(
        ecriture(resultat),
        status_code=200 if resultat.rejoue else 201,
        headers={"Location": f"/api/v1/{chemin}/{resultat.id}"},
    )


async def executer(
    action: Callable[..., Resultat], etat: Callable[[UUID], object], record_id: UUID, *args: Any
) -> Resultat:
    """Run a command on a record; on a version conflict, attach the current record to the 409."""
    try:
        return await asyncio.to_thread(action, record_id, *args)
    except ConflitDeVersion as conflit:
        conflit.etat_actuel = await asyncio.to_thread(etat, record_id)
        raise


async def page_de(
    lister: Callable[..., Awaitable[tuple[list[T], int]]], *args: Any, limit: int, offset: int
) -> Page[T]:
    """A list's page as the API answers it: the rows and count of `lister(*args, limit=,
    offset=)`, and where the page starts."""
    items, total = await lister(*args, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)
