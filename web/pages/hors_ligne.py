"""Offline entry for mediators (home visits, itinerant mediation): the installable web app's
manifest and service worker, and the « en attente d'envoi » page.

- `GET /sw.js`: the service worker (web/static/js/hors_ligne_sw.js), served at the root so
  that its scope is the whole site; never fingerprinted, always revalidated.
- `GET /manifest.webmanifest`: name, icons, start page (the entry form).
- `GET /activites/hors-ligne`: the outbox, filled by web/static/js/hors_ligne_envois.js from
  the browser's IndexedDB (the server knows nothing of what has not been sent).

What the browser keeps to check and complete an entry offline is web/api/hors_ligne.py.
Sessions recorded offline are sent to `POST /api/v1/activites` as the same command the form
would make, with the `command_id` chosen at entry: a command sent twice is applied once.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.response import Template

from web.auth.guards import MEDIATION, public
from web.static_assets import STATIC_DIR, url_statique
from web.templating import page

SERVICE_WORKER = STATIC_DIR / "js" / "hors_ligne_sw.js"


def manifeste() -> dict[str, Any]:
    icones = [
        {"src": url_statique(f"icones/mednum-{t}.png"), "sizes": f"{t}x{t}", "type": "image/png"}
        for t in (192, 512)
    ]
    return {
        "name": "MedNum — saisie des accompagnements",
        "short_name": "MedNum",
        "description": "Enregistrer ses accompagnements, même sans réseau.",
        "lang": "fr",
        "start_url": "/activites/nouvelle",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#000091",
        "icons": [*icones, *({**i, "purpose": "maskable"} for i in icones)],
    }


class HorsLignePages(Controller):
    @get("/sw.js", guards=[public], media_type="text/javascript")
    async def service_worker(self) -> Response[bytes]:
        return Response(
            SERVICE_WORKER.read_bytes(),
            media_type="text/javascript",
            headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
        )

    @get("/manifest.webmanifest", guards=[public])
    async def manifeste(self) -> Response[dict[str, Any]]:
        return Response(
            manifeste(),
            media_type="application/manifest+json",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @get("/activites/hors-ligne", guards=[MEDIATION])
    async def en_attente(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "hors_ligne.html", nav_actif="activites")
