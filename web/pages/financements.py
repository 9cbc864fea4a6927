"""Coordinators' pages for funding applications: list with filters, file one, detail with
history and decision forms, correct one. Amounts are typed in euros, stored in centimes."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from domain.financements.referentiel import SOURCES, STATUTS
from mednum.accounts import Role
from mednum.services.financements import euros, historique
from projections.acteurs_requetes import FiltresStructures, lister_structures
from projections.financements import FinancementVue, lire_financement, lister_financements
from web.affichage import Affichage
from web.api.financements import filtres_valides
from web.auth.guards import roles
from web.deps import Position, connexion, services, wait_if_asked
from web.errors import ou_404
from web.exposition import route_fiche, route_modification, route_nouveau
from web.formulaires import (
    FormulaireInvalide,
    command_id,
    texte,
    version,
)
from web.pages.acteurs_formulaires import date_saisie
from web.pagination import NumeroDePage, une_page
from web.templating import page

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


def lire_dossier(form: dict[str, Any]) -> dict[str, Any]:
    """The fields of DeposerFinancement from the form, or FormulaireInvalide."""
    valeurs = _valeurs(form)
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
    return champs | {"command_id": command_id(valeurs)}


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return lire_dossier(form) | {"version": version(form)}


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


def lire_accord(form: dict[str, Any]) -> dict[str, Any]:
    return _decision(form, True)


def lire_refus(form: dict[str, Any]) -> dict[str, Any]:
    return _decision(form, False)


async def page_detail(affichage: Affichage) -> Template:
    """The record, its history and its decision forms (shown again by a refused decision)."""
    async with connexion(affichage.request) as db:
        vue = ou_404(await lire_financement(db, affichage.fiche))
    events = await asyncio.to_thread(services(affichage.request).hub.events, affichage.fiche)
    return affichage.page(
        "financements_detail.html",
        "financements",
        f=vue,
        sources=SOURCES,
        statuts=STATUTS,
        euros=euros,
        historique=historique(events),
        valeurs={},
    )


async def page_formulaire(affichage: Affichage) -> Template:
    """A new application's form, or an existing one's (shown again by a refusal)."""
    valeurs = _valeurs(affichage.saisie)
    if not valeurs.get("command_id"):
        valeurs["command_id"] = command_id({})
    async with connexion(affichage.request) as db:
        structures, _ = await lister_structures(db, FiltresStructures(), limit=500, offset=0)
    return affichage.page(
        "financements_form.html",
        "financements",
        valeurs=valeurs,
        f=await affichage.lue(lire_financement),
        sources=list(SOURCES.items()),
        structures=[(str(s.id), f"{s.nom} ({s.commune})") for s in structures],
    )


def _saisie(vue: FinancementVue) -> dict[str, Any]:
    valeurs: dict[str, Any] = {c: str(getattr(vue, c)) for c in (*CHAMPS_TEXTE, *CHAMPS_DATE)}
    valeurs |= {c: "on" for c in CASES if getattr(vue, c)}
    return valeurs | {"montant_demande": _en_euros(vue.montant_demande), "version": vue.version}


class FinancementsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/financements")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        source: Annotated[str | None, QueryParameter(max_length=40)] = None,
        statut: Annotated[str | None, QueryParameter(max_length=20)] = None,
        annee: Annotated[int | None, QueryParameter(ge=2000, le=2100)] = None,
        page_liste: NumeroDePage = 1,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        filtres = filtres_valides(source, statut, None, annee)
        items, pagination = await une_page(page_liste, lister_financements, db, filtres)
        return page(
            request,
            "financements.html",
            nav_actif="financements",
            financements=items,
            filtres=filtres,
            sources=SOURCES,
            statuts=STATUTS,
            euros=euros,
            **pagination,
        )

    nouveau = route_nouveau(
        "/financements/nouveau", page_formulaire, "nouveau", {"source": "region"}
    )

    detail = route_fiche("/financements/{financement_id:uuid}", page_detail)

    edition = route_modification(
        "/financements/{financement_id:uuid}/modifier", lire_financement, _saisie, page_formulaire
    )
