"""Coordinators import places from a file in the national standard (v1.0.2 or the legacy
v0.1.x), with a report that lists the fixed and rejected rows."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import MultipartBody
from litestar.response import Template

from domain.errors import DomainError
from mednum.accounts import Role
from mednum.echanges.import_lieux import Statut, Verdict, importer_lieux, lire_lignes
from mednum.services.executeur import Hub
from web.auth.guards import roles
from web.deps import provide_hub
from web.templating import page

TAILLE_MAX = 8_000_000


@dataclass
class FormulaireImport:
    fichier: UploadFile | None = None
    source: str = ""
    essai: bool = False


class ImportPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {"hub": Provide(provide_hub, sync_to_thread=False)}
    include_in_schema = False

    @get("/lieux/import")
    async def formulaire(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "import.html", nav_actif="lieux", rapport=None, erreur=None)

    @post("/lieux/import", request_max_body_size=TAILLE_MAX + 100_000)
    async def importer(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        data: MultipartBody[FormulaireImport],
    ) -> Template:
        def refus(message: str) -> Template:
            return page(
                request,
                "import.html",
                status_code=422,
                nav_actif="lieux",
                rapport=None,
                erreur=message,
            )

        if data.fichier is None or not data.fichier.filename:
            return refus("Choisissez un fichier CSV ou JSON au standard national.")
        contenu = await data.fichier.read()
        if len(contenu) > TAILLE_MAX:
            return refus("Fichier trop gros (8 Mo au plus) : découpez-le ou utilisez la commande.")
        nom = data.fichier.filename
        source = " ".join(data.source.split())[:100] or nom.rsplit(".", 1)[0]
        try:
            lignes = lire_lignes(contenu, nom)
            rapport = await asyncio.to_thread(
                importer_lieux,
                hub,
                lignes,
                source,
                essai=data.essai,
                territoire=request.app.state.settings.rapports_territoire,
            )
        except DomainError as probleme:
            return refus(probleme.message)
        return page(
            request,
            "import.html",
            nav_actif="lieux",
            rapport=rapport,
            comptes={s.value: rapport.compte(s) for s in Statut},
            verdicts={v.value: rapport.compte(v) for v in Verdict},
            fichier=nom,
            erreur=None,
        )
