"""Coordinators import places from a file in the national standard (v1.0.2 or the legacy
v0.1.x), with a report that lists the fixed and rejected rows."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from typing import Any

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import MultipartBody
from litestar.response import Template

from domain.errors import DomainError
from mednum.accounts import Role
from mednum.echanges.fichiers_tabulaires import decoder, lire_lignes
from mednum.echanges.import_lieux import Statut, Verdict, importer_lieux
from mednum.services.executeur import Hub
from web.auth.guards import current_user, roles
from web.deps import provide_hub
from web.templating import page

TAILLE_MAX = 8_000_000


@dataclass
class FormulaireImport:
    fichier: UploadFile | None = None
    source: str = ""
    essai: bool = False
    # Set by « Importer pour de bon » after a dry run: the file checked then, kept server-side.
    jeton: str = ""


class FichierEnAttente(msgspec.Struct):
    nom: str
    source: str
    contenu: bytes


async def garder(
    db: asyncpg.Connection, proprietaire: Any, nom: str, source: str, contenu: bytes
) -> str:
    jeton = secrets.token_urlsafe(24)
    async with db.transaction():
        await db.execute("DELETE FROM imports_en_attente WHERE cree_le < now() - interval '1 day'")
        await db.execute(
            "INSERT INTO imports_en_attente (jeton, proprietaire, nom, source, contenu) "
            "VALUES ($1, $2, $3, $4, $5)",
            jeton,
            proprietaire,
            nom,
            source,
            contenu,
        )
    return jeton


async def reprendre(
    db: asyncpg.Connection, jeton: str, proprietaire: Any
) -> FichierEnAttente | None:
    """The file a dry run kept, for the same coordinator only; it is used once."""
    ligne = await db.fetchrow(
        "DELETE FROM imports_en_attente WHERE jeton = $1 AND proprietaire = $2 "
        "AND cree_le >= now() - interval '1 day' RETURNING nom, source, contenu",
        jeton,
        proprietaire,
    )
    return (
        None if ligne is None else FichierEnAttente(ligne["nom"], ligne["source"], ligne["contenu"])
    )


class ImportPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {"hub": Provide(provide_hub, sync_to_thread=False)}

    @get("/lieux/import")
    async def formulaire(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "import.html", nav_actif="lieux", rapport=None, erreur=None)

    @post("/lieux/import", request_max_body_size=TAILLE_MAX + 100_000)
    async def importer(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        db: NamedDependency[asyncpg.Connection],
        data: MultipartBody[FormulaireImport],
    ) -> Template:
        source_saisie = " ".join(data.source.split())[:100]

        def refus(message: str) -> Template:
            return page(
                request,
                "import.html",
                status_code=422,
                nav_actif="lieux",
                rapport=None,
                erreur=message,
                source=source_saisie,
            )

        utilisateur = current_user(request)
        proprietaire = utilisateur.id if utilisateur else None
        if data.jeton and not (data.fichier and data.fichier.filename):
            attente = await reprendre(db, data.jeton, proprietaire)
            if attente is None:
                return refus(
                    "Le fichier vérifié n'est plus disponible (plus d'un jour, ou déjà importé) : "
                    "choisissez-le à nouveau."
                )
            nom, contenu, source = attente.nom, attente.contenu, attente.source
            essai = False
        else:
            if data.fichier is None or not data.fichier.filename:
                return refus("Fichier : choisissez un fichier CSV ou JSON au standard national.")
            contenu = await data.fichier.read()
            if len(contenu) > TAILLE_MAX:
                return refus(
                    "Fichier : trop gros (8 Mo au plus) ; découpez-le ou utilisez la commande."
                )
            nom = data.fichier.filename
            source = source_saisie or nom.rsplit(".", 1)[0]
            essai = data.essai
        try:
            lignes = lire_lignes(contenu, nom)
            rapport = await asyncio.to_thread(
                importer_lieux,
                hub,
                lignes,
                source,
                essai=essai,
                territoire=request.app.state.settings.rapports_territoire,
            )
        except DomainError as probleme:
            return refus(probleme.message)
        jeton = await garder(db, proprietaire, nom, source, contenu) if essai else None
        return page(
            request,
            "import.html",
            nav_actif="lieux",
            rapport=rapport,
            comptes={s.value: rapport.compte(s) for s in Statut},
            verdicts={v.value: rapport.compte(v) for v in Verdict},
            fichier=nom,
            encodage=decoder(contenu)[1],
            jeton=jeton,
            source=source,
            erreur=None,
        )
