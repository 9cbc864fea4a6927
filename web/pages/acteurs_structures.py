"""Coordinators' pages for structures: list, register, detail (places, aidants, history),
edit; the forms' writes are in web/cas_usage/acteurs.py."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from domain.acteurs.referentiel import TYPES_STRUCTURE
from mednum.accounts import Role
from projections.acteurs_requetes import (
    FiltresStructures,
    aidants_de_structure,
    lieux_du_departement,
    lieux_resumes,
    lire_structure,
    lister_structures,
)
from web.affichage import Affichage
from web.auth.guards import roles
from web.deps import Position, connexion, services, wait_if_asked
from web.errors import ou_404
from web.exposition import route_fiche, route_modification, route_nouveau
from web.formulaires import command_id, saisie_de, texte, version
from web.pages.acteurs_formulaires import fiche_saisie, fin_saisie, historique, valeurs_saisies
from web.pagination import NumeroDePage, une_page
from web.templating import page

CHAMPS = (
    "siret",
    "nom",
    "type_structure",
    "adresse",
    "code_postal",
    "code_insee",
    "numero_france_services",
    "site_web",
)
OBLIGATOIRES = ("siret", "nom", "type_structure", "adresse", "code_postal", "code_insee")


def lire_fiche(form: dict[str, Any]) -> dict[str, Any]:
    return fiche_saisie(form, CHAMPS, OBLIGATOIRES)


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return lire_fiche(form) | {"version": version(form)}


def lire_lieu(form: dict[str, Any]) -> dict[str, Any]:
    return {"command_id": command_id(form), "lieu_id": texte(form, "lieu_id")}


def lire_fermeture(form: dict[str, Any]) -> dict[str, Any]:
    return fin_saisie(form, "motif")


async def page_detail(affichage: Affichage) -> Template:
    """The structure, its places, aidants and history, and its forms (shown again by a
    refused one)."""
    structure_id = affichage.fiche
    async with connexion(affichage.request) as db:
        structure = ou_404(await lire_structure(db, structure_id))
        events = await asyncio.to_thread(services(affichage.request).hub.events, structure_id)
        lieu_ids = set(structure.lieux) | {e.lieu_id for e in events if hasattr(e, "lieu_id")}
        lieux = await lieux_resumes(db, list(lieu_ids))
        candidats = [
            lieu
            for lieu in await lieux_du_departement(db, structure.departement)
            if lieu.id not in structure.lieux
        ]
        aidants = await aidants_de_structure(db, structure_id)
    noms = {lieu.id: f"{lieu.nom} ({lieu.commune})" for lieu in lieux}
    return affichage.page(
        "structure.html",
        "structures",
        structure=structure,
        lieux=[lieu for lieu in lieux if lieu.id in structure.lieux],
        candidats=candidats,
        aidants=aidants,
        historique=historique(events, noms),
    )


async def page_formulaire(affichage: Affichage) -> Template:
    """A new structure's form, or an existing one's (shown again by a refusal)."""
    return affichage.page(
        "structure_form.html",
        "structures",
        valeurs=valeurs_saisies(affichage.saisie, CHAMPS),
        structure=await affichage.lue(lire_structure),
        types=TYPES_STRUCTURE,
    )


class StructuresPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/structures")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        type_structure: Annotated[str | None, QueryParameter(max_length=100)] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        fermees: FromQuery[bool] = False,
        page_liste: NumeroDePage = 1,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        filtres = FiltresStructures(
            q=q or None,
            type_structure=type_structure or None,
            departement=departement or None,
            inclure_fermees=fermees,
        )
        structures, pagination = await une_page(page_liste, lister_structures, db, filtres)
        return page(
            request,
            "structures.html",
            nav_actif="structures",
            structures=structures,
            filtres=filtres,
            types=TYPES_STRUCTURE,
            **pagination,
        )

    nouvelle = route_nouveau("/structures/nouvelle", page_formulaire, "nouvelle")

    detail = route_fiche("/structures/{structure_id:uuid}", page_detail)

    edition = route_modification(
        "/structures/{structure_id:uuid}/modifier",
        lire_structure,
        saisie_de(CHAMPS),
        page_formulaire,
    )
