"""`GET /carte/script/<empreinte>?<search>`: a map's markers, apart from its page (see
web.carte_script)."""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Response

from web.auth.guards import public
from web.filtres_carte import CriteresStandard, avec_services, provide_criteres
from web.pages.carte_recherche import RAYON_PAR_DEFAUT
from web.pages.public import recherche_lue, resultats_et_carte, scripts_carte

# Read by the compression middleware (web.app.compression): the body is compressed already.
DEJA_COMPRESSE = "deja_compresse"


class CarteScript(Controller):
    guards = [public]

    @get(
        "/carte/script/{empreinte:str}",
        dependencies={"criteres": Provide(provide_criteres)},
        opt={DEJA_COMPRESSE: True},
    )
    async def script(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        criteres: NamedDependency[CriteresStandard],
        empreinte: FromPath[str],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        commune: Annotated[str | None, QueryParameter(max_length=5)] = None,
        rayon: Annotated[int, QueryParameter(ge=1, le=50)] = RAYON_PAR_DEFAUT,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        service: Annotated[list[str] | None, QueryParameter()] = None,
    ) -> Response[bytes]:
        scripts = scripts_carte(request.app.state)
        gardee = scripts.lire(empreinte)
        if gardee is None:
            # Another process drew the page, or this one has dropped it since: draw it again.
            recherche = recherche_lue(
                q, commune, None, None, rayon, departement, avec_services(criteres, service), 1
            )
            _, carte, _ = await resultats_et_carte(request, db, recherche)
            if carte is None:
                raise NotFoundException("Aucun lieu ne correspond à cette recherche.")
            gardee = scripts.lire(carte.empreinte)
            assert gardee is not None
            a_jour = carte.empreinte == empreinte
        else:
            a_jour = True
        encodage, corps = gardee.dans(request.headers.get("accept-encoding", ""))
        entetes = {
            "Vary": "Accept-Encoding",
            # Named by its content: the same address never changes, so the browser keeps it.
            "Cache-Control": "public, max-age=31536000, immutable" if a_jour else "no-cache",
        }
        if encodage is not None:
            entetes["Content-Encoding"] = encodage
        return Response(corps, media_type="text/javascript; charset=utf-8", headers=entetes)
