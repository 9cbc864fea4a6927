"""Response shapes of the JSON API shared by several controllers."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec
from litestar.openapi.datastructures import ResponseSpec


class ErreurChamp(msgspec.Struct, frozen=True, kw_only=True):
    champ: str | None
    message: str


class Erreur(msgspec.Struct, frozen=True, kw_only=True):
    """Every 4xx and 5xx of the API: a French message, and the fields concerned."""

    status_code: int
    detail: str
    erreurs: list[ErreurChamp] | None = None


def _reponses(*codes: int) -> dict[int, ResponseSpec]:
    descriptions = {
        400: "Requête mal formée (JSON, types, champs inconnus) : les champs sont nommés",
        401: "Authentification requise (jeton `Authorization: Bearer` ou session)",
        403: "Rôle insuffisant, ou jeton CSRF manquant pour une session de navigateur",
        404: "Ressource introuvable",
        409: "Conflit de version : la fiche a changé depuis ; l'état actuel est joint",
        422: "Refus d'une règle métier, avec le champ concerné",
        503: "Base de données momentanément indisponible : réessayer",
    }
    return {
        code: ResponseSpec(data_container=Erreur, description=descriptions[code]) for code in codes
    }


ERREURS_LECTURE = _reponses(400, 404, 503)
# A search whose criteria are well-formed but mean nothing (unknown value, unknown commune).
ERREURS_RECHERCHE = _reponses(400, 404, 422, 503)
ERREURS_ECRITURE = _reponses(400, 401, 403, 404, 409, 422, 503)
# A read reserved to some roles: a stranger is told who may, bad filters are a 422.
ERREURS_LECTURE_PROTEGEE = _reponses(400, 401, 403, 404, 422, 503)

T = TypeVar("T")


class Page(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    """One page of a list: its items, how many there are in all, where the page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Ecriture(msgspec.Struct, frozen=True, kw_only=True):
    """The answer to a command: the record's id and version, and where the event sits."""

    id: str
    version: int
    position: int | None
    deja_traitee: bool
