"""The API's GET of one record by its id, where it is only that: wait for `?apres=`, read the
record, or 404. A Controller's body says it in one call, as web/exposition.py does for
pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import asyncpg
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler

from web.api.ecritures import Apres
from web.deps import wait_if_asked
from web.errors import ou_404
from web.exposition import Requete, get_de_fiche


def route_lecture(
    chemin: str,
    lire: Callable[[asyncpg.Connection, UUID], Awaitable[Any]],
    vue: type[Any],
    doc: str = "",
    **options: Any,
) -> HTTPRouteHandler:
    """`lire = route_lecture("/{aidant_id:uuid}", lire_aidant, AidantDetail, "Lire un
    aidant.", operation_id="lireAidant", responses=...)`: the handler is named `lire` (the
    OpenAPI summary is made from it), `doc` is its description, `options` go to `get`."""

    async def handler(self: Any, request: Requete, db: asyncpg.Connection, **params: Any) -> Any:
        await wait_if_asked(request, params.pop("apres"))
        (record_id,) = params.values()
        return ou_404(await lire(db, record_id))

    handler.__doc__ = doc or None
    dependance: Any = NamedDependency[asyncpg.Connection]  # type: ignore[misc]
    return get_de_fiche(
        chemin,
        "lire",
        handler,
        retour=vue,
        avant={"db": dependance},
        en_plus={"apres": (Apres, None)},
        **options,
    )
