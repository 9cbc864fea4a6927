"""Mediators import their La Coop XLSX export, so that no session is entered twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import MultipartBody
from litestar.response import Template

from mednum.accounts import Role
from mednum.composition import Services
from mednum.echanges.coop_xlsx import lire_classeur
from mednum.echanges.import_coop import Statut, importer_activites
from projections.lieux_par_nom_requetes import trouveur_de_lieux
from web.auth.guards import roles, utilisateur
from web.templating import page

TAILLE_MAX = 8_000_000


async def activites_existantes(conn: asyncpg.Connection, ids: Iterable[object]) -> set[str]:
    """Which « ID CRA » are already MedNum activities (our own export, brought back)."""
    uuids = set()
    for valeur in ids:
        try:
            uuids.add(UUID(str(valeur).strip()))
        except ValueError:
            continue  # La Coop's ids are UUIDs too, but a hand-edited file may hold anything
    lignes = await conn.fetch(
        "SELECT id FROM activites WHERE id = ANY($1::uuid[]) AND NOT supprimee", list(uuids)
    )
    return {str(ligne["id"]) for ligne in lignes}


@dataclass
class FormulaireImportCoop:
    fichier: UploadFile | None = None


class ImportCoopPages(Controller):
    guards = [roles(Role.MEDIATEUR)]

    @get("/activites/import-coop")
    async def formulaire(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "import_coop.html", nav_actif="activites", rapport=None, erreur=None)

    @post("/activites/import-coop", request_max_body_size=TAILLE_MAX + 100_000)
    async def importer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        data: MultipartBody[FormulaireImportCoop],
    ) -> Template:
        def refus(message: str) -> Template:
            return page(
                request,
                "import_coop.html",
                status_code=422,
                nav_actif="activites",
                rapport=None,
                erreur=message,
            )

        if data.fichier is None or not data.fichier.filename:
            return refus("Choisissez le fichier XLSX exporté de La Coop.")
        contenu = await data.fichier.read()
        if len(contenu) > TAILLE_MAX:
            return refus("Fichier trop gros (8 Mo au plus) : exportez une période plus courte.")
        try:
            lu = lire_classeur(contenu)
        except Exception:  # openpyxl raises many kinds of errors on a file that is no XLSX
            return refus("Ce fichier n'est pas un classeur XLSX lisible : exportez-le de La Coop.")
        if not lu.lignes:
            return refus(
                "Aucune activité trouvée : il faut une ligne d'en-têtes avec « Date » et « ID CRA »"
                " (celle de l'export de La Coop)."
            )
        trouver = await trouveur_de_lieux(
            db, (str(ligne.get("Code Insee") or "") for ligne in lu.lignes)
        )
        deja_la = await activites_existantes(db, (ligne.get("ID CRA") for ligne in lu.lignes))
        rapport = await asyncio.to_thread(
            importer_activites,
            composition.activites,
            lu,
            utilisateur(request),
            trouver,
            dt.date.today(),
            deja_la,
        )
        return page(
            request,
            "import_coop.html",
            nav_actif="activites",
            rapport=rapport,
            comptes={s.value: rapport.compte(s) for s in Statut},
            fichier=data.fichier.filename,
            erreur=None,
        )
