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
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.signalements.antispam import CHAMP_PIEGE, verifier_envoi
from domain.signalements.commands import SignalerErreur
from domain.signalements.decide import CHAMPS_SIGNALES
from domain.signalements.events import ISSUES
from mednum.accounts import Role
from mednum.composition import Services
from projections.signalements import envois_recents, lister_signalements, noter_envoi
from web.affichage import Affichage
from web.auth.guards import public, roles
from web.deps import Position, connexion, wait_if_asked
from web.formulaires import FormulaireInvalide, command_id, convertir, erreurs_de, texte
from web.pages.lieux_formulaire import caches
from web.pages.public import page_lieu
from web.templating import page

STATUTS = {"a_traiter": "À traiter", **{k: v.capitalize() for k, v in ISSUES.items()}}


def _adresse_hash(request: Request[Any, Any, Any], secret: str) -> str:
    """The caller's address as a keyed hash: enough to count posts, useless to anyone else."""
    adresse = request.client.host if request.client else "inconnue"
    return hmac.new(secret.encode(), adresse.encode(), hashlib.sha256).hexdigest()


class SignalementPublicPages(Controller):
    """Anonymous, so not in the table of use cases: a honeypot, a signed minimum fill time
    and a rate limit per address come before the command."""

    guards = [public]

    @post("/lieux/{lieu_id:uuid}/signalement")
    async def signaler(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
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
            await asyncio.to_thread(composition.signalements.signaler, commande)
        except (FormulaireInvalide, DomainError) as refus:
            erreurs = refus.erreurs if isinstance(refus, FormulaireInvalide) else erreurs_de(refus)
            return await page_lieu(
                request,
                db,
                composition.hub,
                lieu_id,
                status_code=422,
                signalement=valeurs,
                erreurs_signalement=erreurs,
            )
        await noter_envoi(db, empreinte)
        # Straight to the thank-you message (it takes the focus), not to the top of the page.
        return Redirect(
            path=f"/lieux/{lieu_id}?signalement=envoye#signalement-envoye", status_code=303
        )


def lire_traitement(form: dict[str, Any]) -> dict[str, Any]:
    return caches(form, "command_id", "version") | {
        "issue": texte(form, "issue"),
        "note": texte(form, "note") or None,
    }


class SignalementsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/lieux/signalements")
    async def file(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        statut: Annotated[str, QueryParameter(max_length=20)] = "a_traiter",
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _file(request, db, statut, None)


async def page_file(affichage: Affichage) -> Template:
    """The queue shown again with the refusal of a report's handling."""
    erreur = next(iter(affichage.erreurs.values()))
    async with connexion(affichage.request) as db:
        return await _file(affichage.request, db, "a_traiter", erreur, affichage.status)


async def _file(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    statut: str,
    erreur: str | None,
    status: int = 200,
) -> Template:
    if statut not in (*STATUTS, "tous"):
        raise DomainError("Statut inconnu : choisissez dans la liste.", "statut")
    signalements, comptes = await lister_signalements(db, None if statut == "tous" else statut)
    return page(
        request,
        "signalements.html",
        status_code=status,
        nav_actif="lieux",
        signalements=signalements,
        comptes=comptes,
        statut=statut,
        statuts=STATUTS,
        champs=CHAMPS_SIGNALES,
        erreur=erreur,
    )
