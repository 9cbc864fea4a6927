"""« Signaler une erreur » (public, no account) and the coordinators' queue of reports."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.signalements.antispam import CHAMP_PIEGE, verifier_envoi
from domain.signalements.commands import SignalerErreur, TraiterSignalement
from domain.signalements.decide import CHAMPS_SIGNALES
from domain.signalements.events import ISSUES
from mednum.accounts import Role
from mednum.services.executeur import Hub
from mednum.services.signalements import Signalements
from projections.signalements import envois_recents, lister_signalements, noter_envoi
from web.auth.guards import auteur, public, roles
from web.deps import provide_hub, wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    erreurs_de,
    texte,
    version,
)
from web.pages.public import page_lieu
from web.templating import page

STATUTS = {"a_traiter": "À traiter", **{k: v.capitalize() for k, v in ISSUES.items()}}


def _adresse_hash(request: Request[Any, Any, Any], secret: str) -> str:
    """The caller's address as a keyed hash: enough to count posts, useless to anyone else."""
    adresse = request.client.host if request.client else "inconnue"
    return hmac.new(secret.encode(), adresse.encode(), hashlib.sha256).hexdigest()


class SignalementPublicPages(Controller):
    guards = [public]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }
    include_in_schema = False

    @post("/lieux/{lieu_id:uuid}/signalement")
    async def signaler(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        hub: NamedDependency[Hub],
        lieu_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = {c: texte(data, c) for c in ("champ", "message", "courriel")}
        secret: str = request.app.state.settings.secret_key
        empreinte = _adresse_hash(request, secret)
        try:
            verifier_envoi(
                secret=secret,
                jeton=texte(data, "jeton"),
                piege=texte(data, CHAMP_PIEGE),
                maintenant=datetime.now(UTC),
                envois_recents=await envois_recents(db, empreinte),
            )
            commande = convertir(
                {
                    "command_id": command_id(data),
                    "lieu_id": str(lieu_id),
                    "champ": valeurs["champ"],
                    "message": valeurs["message"],
                    "courriel": valeurs["courriel"] or None,
                },
                SignalerErreur,
            )
            await asyncio.to_thread(Signalements(hub).signaler, commande)
        except FormulaireInvalide as invalide:
            return await _refus(request, db, hub, lieu_id, valeurs, invalide.erreurs)
        except DomainError as refus:
            return await _refus(request, db, hub, lieu_id, valeurs, erreurs_de(refus))
        await noter_envoi(db, empreinte)
        return Redirect(
            path=f"/lieux/{lieu_id}", query_params={"signalement": "envoye"}, status_code=303
        )


async def _refus(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    hub: Hub,
    lieu_id: UUID,
    valeurs: dict[str, str],
    erreurs: dict[str, str],
) -> Template | Redirect:
    return await page_lieu(
        request,
        db,
        hub,
        lieu_id,
        status_code=422,
        signalement=valeurs,
        erreurs_signalement=erreurs,
    )


class SignalementsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "hub": Provide(provide_hub, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/lieux/signalements")
    async def file(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        statut: Annotated[str, QueryParameter(max_length=20)] = "a_traiter",
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
        erreur: Annotated[str | None, QueryParameter(max_length=300)] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        if statut not in (*STATUTS, "tous"):
            raise DomainError("Statut inconnu : choisissez dans la liste.", "statut")
        signalements, comptes = await lister_signalements(db, None if statut == "tous" else statut)
        return page(
            request,
            "signalements.html",
            nav_actif="lieux",
            signalements=signalements,
            comptes=comptes,
            statut=statut,
            statuts=STATUTS,
            champs=CHAMPS_SIGNALES,
            erreur=erreur,
        )

    @post("/lieux/signalements/{signalement_id:uuid}/traitement")
    async def traiter(
        self,
        request: Request[Any, Any, Any],
        hub: NamedDependency[Hub],
        signalement_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        try:
            commande = convertir(
                {
                    "command_id": command_id(data),
                    "version": version(data),
                    "issue": texte(data, "issue"),
                    "note": texte(data, "note") or None,
                },
                TraiterSignalement,
            )
            resultat = await asyncio.to_thread(
                Signalements(hub).traiter, signalement_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _retour({"erreur": next(iter(invalide.erreurs.values()))})
        except DomainError as refus:  # a version conflict included: the list shows it anew
            return _retour({"erreur": refus.message})
        return _retour(apres(resultat.notification_id))


def _retour(query: dict[str, str]) -> Redirect:
    return Redirect(path="/lieux/signalements", query_params=query, status_code=303)
