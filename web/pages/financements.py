"""Coordinators' pages for funding applications: list with filters, file one, detail with
history and decision forms, correct one. Amounts are typed in euros, stored in centimes."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import ConflitDeVersion, DomainError
from domain.financements.commands import (
    AccorderFinancement,
    DeposerFinancement,
    ModifierFinancement,
    RefuserFinancement,
)
from domain.financements.referentiel import SOURCES, STATUTS
from mednum.accounts import Role
from mednum.services.executeur import Resultat
from mednum.services.financements import Financements, euros, historique
from projections.acteurs_requetes import FiltresStructures, lister_structures
from projections.financements import FinancementVue, lire_financement, lister_financements
from web.api.financements import filtres_valides, provide_financements
from web.auth.guards import auteur, roles
from web.deps import provide_connection, wait_if_asked
from web.pages.acteurs_formulaires import date_saisie
from web.pages.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    erreurs_de,
    texte,
    version,
)
from web.templating import page

PAR_PAGE = 50
CHAMPS_TEXTE = ("source", "financeur", "objet", "structure_id")
CHAMPS_DATE = ("date_depot", "periode_debut", "periode_fin")
CASES = ("fonctionnement_hub", "fleche_accompagnement")


def centimes_saisis(form: dict[str, Any], champ: str, erreurs: dict[str, str]) -> int | None:
    """Euros as people type them (« 25 000 », « 1234,50 ») → centimes; None when empty."""
    saisie = re.sub(r"[\s\u202f€]", "", texte(form, champ)).replace(",", ".")
    if not saisie:
        return None
    if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", saisie):
        erreurs[champ] = (
            f"Montant illisible : « {texte(form, champ)} ». Écrivez-le en euros (ex. 25000 "
            "ou 25 000,50)."
        )
        return None
    return round(float(saisie) * 100)


def _en_euros(centimes: int | None) -> str:
    if centimes is None:
        return ""
    return f"{centimes // 100}" + (f",{centimes % 100:02d}" if centimes % 100 else "")


def _valeurs(form: dict[str, Any]) -> dict[str, Any]:
    valeurs: dict[str, Any] = {c: texte(form, c) for c in (*CHAMPS_TEXTE, *CHAMPS_DATE)}
    valeurs |= {c: texte(form, c) for c in ("montant_demande", "command_id", "version")}
    valeurs |= {c: texte(form, c) in ("on", "true", "1") for c in CASES}
    return valeurs


def _dossier(valeurs: dict[str, Any]) -> dict[str, Any]:
    """The fields of DeposerFinancement from the form, or FormulaireInvalide."""
    erreurs: dict[str, str] = {}
    champs: dict[str, Any] = {c: valeurs[c] for c in (*CHAMPS_TEXTE, *CASES)}
    for c in CHAMPS_DATE:
        champs[c] = date_saisie(valeurs, c, erreurs)
    champs["montant_demande"] = centimes_saisis(valeurs, "montant_demande", erreurs)
    for c in (*CHAMPS_TEXTE, *CHAMPS_DATE, "montant_demande"):
        if not champs[c] and c not in erreurs:
            erreurs[c] = "Ce champ est obligatoire."
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return champs


def _decision(form: dict[str, Any], accord: bool) -> dict[str, Any]:
    erreurs: dict[str, str] = {}
    jour = date_saisie(form, "date_decision", erreurs)
    if jour is None and not erreurs:
        erreurs["date_decision"] = "Indiquez la date de la décision."
    champs: dict[str, Any] = {
        "command_id": command_id(form),
        "version": version(form),
        "date_decision": jour,
        "correction": texte(form, "correction") in ("on", "true", "1"),
    }
    if accord:
        champs["montant_accorde"] = centimes_saisis(form, "montant_accorde", erreurs)
        if champs["montant_accorde"] is None and "montant_accorde" not in erreurs:
            erreurs["montant_accorde"] = "Indiquez le montant accordé, en euros."
    else:
        champs["motif"] = texte(form, "motif")[:1000]
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return champs


class FinancementsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "db": Provide(provide_connection),
        "financements": Provide(provide_financements, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/financements")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        source: Annotated[str | None, QueryParameter(max_length=40)] = None,
        statut: Annotated[str | None, QueryParameter(max_length=20)] = None,
        annee: Annotated[int | None, QueryParameter(ge=2000, le=2100)] = None,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        filtres = filtres_valides(source, statut, None, annee)
        items, total = await lister_financements(
            db, filtres, limit=PAR_PAGE, offset=(page_liste - 1) * PAR_PAGE
        )
        return page(
            request,
            "financements.html",
            nav_actif="financements",
            financements=items,
            total=total,
            filtres=filtres,
            sources=SOURCES,
            statuts=STATUTS,
            euros=euros,
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
        )

    @get("/financements/nouveau")
    async def nouveau(
        self, request: Request[Any, Any, Any], db: NamedDependency[asyncpg.Connection]
    ) -> Template:
        return await _formulaire(request, db, {"source": "region"}, {}, None)

    @post("/financements/nouveau")
    async def deposer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financements: NamedDependency[Financements],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = _valeurs(data)
        try:
            commande = convertir(
                _dossier(valeurs) | {"command_id": command_id(valeurs)}, DeposerFinancement
            )
            resultat = await asyncio.to_thread(financements.deposer, commande, auteur(request))
        except FormulaireInvalide as invalide:
            return await _formulaire(request, db, valeurs, invalide.erreurs, None, 422)
        except DomainError as refus:
            return await _formulaire(request, db, valeurs, erreurs_de(refus), None, 422)
        return _vers(resultat.id, resultat)

    @get("/financements/{financement_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _detail(request, db, financements, financement_id)

    @get("/financements/{financement_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financement_id: FromPath[UUID],
    ) -> Template:
        vue = await _ou_404(db, financement_id)
        valeurs: dict[str, Any] = {c: str(getattr(vue, c)) for c in (*CHAMPS_TEXTE, *CHAMPS_DATE)}
        valeurs |= {c: getattr(vue, c) for c in CASES}
        valeurs |= {"montant_demande": _en_euros(vue.montant_demande), "version": vue.version}
        return await _formulaire(request, db, valeurs, {}, vue)

    @post("/financements/{financement_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        vue = await _ou_404(db, financement_id)
        valeurs = _valeurs(data)
        try:
            commande = convertir(
                _dossier(valeurs)
                | {"command_id": command_id(valeurs), "version": version(valeurs)},
                ModifierFinancement,
            )
            resultat = await asyncio.to_thread(
                financements.modifier, financement_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return await _formulaire(request, db, valeurs, invalide.erreurs, vue, 422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return await _formulaire(request, db, valeurs, erreurs_de(refus), vue, status)
        return _vers(financement_id, resultat)

    @post("/financements/{financement_id:uuid}/accord")
    async def accorder(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            financements,
            financement_id,
            lambda: financements.accorder(
                financement_id,
                convertir(_decision(data, True), AccorderFinancement),
                auteur(request),
            ),
        )

    @post("/financements/{financement_id:uuid}/refus")
    async def refuser(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        financements: NamedDependency[Financements],
        financement_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            financements,
            financement_id,
            lambda: financements.refuser(
                financement_id,
                convertir(_decision(data, False), RefuserFinancement),
                auteur(request),
            ),
        )


def _vers(financement_id: UUID, resultat: Resultat) -> Redirect:
    return Redirect(
        path=f"/financements/{financement_id}",
        query_params=apres(resultat.notification_id),
        status_code=303,
    )


async def _action(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    financements: Financements,
    financement_id: UUID,
    run: Callable[[], Resultat],
) -> Template | Redirect:
    """Run a decision form; a refusal shows the page again with the error by the form."""
    try:
        resultat = await asyncio.to_thread(run)
    except FormulaireInvalide as invalide:
        return await _detail(request, db, financements, financement_id, invalide.erreurs, 422)
    except DomainError as refus:
        status = 409 if isinstance(refus, ConflitDeVersion) else 422
        return await _detail(request, db, financements, financement_id, erreurs_de(refus), status)
    return _vers(financement_id, resultat)


async def _detail(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    financements: Financements,
    financement_id: UUID,
    erreurs: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    vue = await _ou_404(db, financement_id)
    events = await asyncio.to_thread(financements.hub.events, financement_id)
    return page(
        request,
        "financements_detail.html",
        status_code=status,
        nav_actif="financements",
        f=vue,
        sources=SOURCES,
        statuts=STATUTS,
        euros=euros,
        historique=historique(events),
        erreurs=erreurs or {},
        valeurs={},
    )


async def _formulaire(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    vue: FinancementVue | None,
    status: int = 200,
) -> Template:
    if not valeurs.get("command_id"):
        valeurs = valeurs | {"command_id": command_id({})}
    structures, _ = await lister_structures(db, FiltresStructures(), limit=500, offset=0)
    return page(
        request,
        "financements_form.html",
        status_code=status,
        nav_actif="financements",
        valeurs=valeurs,
        erreurs=erreurs,
        f=vue,
        sources=list(SOURCES.items()),
        structures=[(str(s.id), f"{s.nom} ({s.commune})") for s in structures],
    )


async def _ou_404(db: asyncpg.Connection, financement_id: UUID) -> FinancementVue:
    vue = await lire_financement(db, financement_id)
    if vue is None:
        raise NotFoundException()
    return vue
