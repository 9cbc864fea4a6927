"""Coordinators' pages for aidants: list, register, detail (affiliations, qualifications,
habilitation, history), edit; the forms' writes are in web/cas_usage/acteurs.py."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Template

from domain.acteurs.referentiel import LIBELLES_LABEL, TYPES_AIDANT, TYPES_QUALIFICATION
from mednum.accounts import Role
from projections.acteurs_requetes import (
    FiltresAidants,
    lieux_des_structures,
    lieux_resumes,
    lire_aidant,
    lister_aidants,
    noms_structures,
)
from web.affichage import Affichage
from web.auth.guards import roles
from web.deps import Position, connexion, services, wait_if_asked
from web.errors import ou_404
from web.exposition import route_fiche, route_modification, route_nouveau
from web.formulaires import saisie_de, texte, version
from web.pages.acteurs_formulaires import fiche_saisie, historique, valeurs_saisies
from web.pagination import NumeroDePage, une_page
from web.templating import page

CHAMPS = ("prenom", "nom", "type_aidant", "email", "telephone", "compte")
OBLIGATOIRES = ("prenom", "nom", "type_aidant")
_OUI_NON = {"oui": True, "non": False}


def lire_fiche(form: dict[str, Any]) -> dict[str, Any]:
    return fiche_saisie(form, CHAMPS, OBLIGATOIRES)


def lire_modification(form: dict[str, Any]) -> dict[str, Any]:
    return lire_fiche(form) | {"version": version(form)}


async def page_detail(affichage: Affichage) -> Template:
    """The aidant and its forms; a refused form is shown again with what was typed."""
    aidant_id = affichage.fiche
    async with connexion(affichage.request) as db:
        aidant = ou_404(await lire_aidant(db, aidant_id))
        events = await asyncio.to_thread(services(affichage.request).hub.events, aidant_id)
        structures = await noms_structures(db)
        possibles = await lieux_des_structures(db, [s.id for s in aidant.structures])
        lieux = await lieux_resumes(db, list(set(possibles) | set(aidant.lieux)))
    noms: dict[UUID, str] = {lieu.id: f"{lieu.nom} ({lieu.commune})" for lieu in lieux}
    noms |= {a.structure_id: a.structure_nom for a in aidant.affiliations}
    noms |= {sid: nom for sid, nom, _ in structures}
    return affichage.page(
        "aidant.html",
        "aidants",
        aidant=aidant,
        lieux=lieux,
        structures=structures,
        historique=historique(events, noms),
        types_qualification=TYPES_QUALIFICATION,
        libelles_label=LIBELLES_LABEL,
        valeurs={k: texte(affichage.saisie, k) for k in affichage.saisie},
    )


async def page_formulaire(affichage: Affichage) -> Template:
    """A new aidant's form, or an existing one's (shown again by a refusal)."""
    return affichage.page(
        "aidant_form.html",
        "aidants",
        valeurs=valeurs_saisies(affichage.saisie, CHAMPS),
        aidant=await affichage.lue(lire_aidant),
        types=list(TYPES_AIDANT.items()),
    )


class AidantsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/aidants")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        type_aidant: Annotated[str | None, QueryParameter(max_length=50)] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        structure: Annotated[str | None, QueryParameter(max_length=36)] = None,
        actif: Annotated[str | None, QueryParameter(max_length=3)] = None,
        habilite: Annotated[str | None, QueryParameter(max_length=3)] = None,
        page_liste: NumeroDePage = 1,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        try:
            structure_id = UUID(structure) if structure else None
        except ValueError:
            structure_id = None
        filtres = FiltresAidants(
            q=q or None,
            type_aidant=type_aidant or None,
            departement=departement or None,
            structure_id=structure_id,
            actif=_OUI_NON.get(actif or ""),
            habilite=_OUI_NON.get(habilite or ""),
        )
        aidants, pagination = await une_page(page_liste, lister_aidants, db, filtres)
        requete = {
            "q": q or "",
            "type_aidant": type_aidant or "",
            "departement": departement or "",
            "structure": str(structure_id or ""),
            "actif": actif or "",
            "habilite": habilite or "",
        }
        return page(
            request,
            "aidants.html",
            nav_actif="aidants",
            aidants=aidants,
            requete=requete,
            types=TYPES_AIDANT,
            structures=await noms_structures(db),
            **pagination,
        )

    nouveau = route_nouveau("/aidants/nouveau", page_formulaire, "nouveau")

    detail = route_fiche("/aidants/{aidant_id:uuid}", page_detail)

    edition = route_modification(
        "/aidants/{aidant_id:uuid}/modifier", lire_aidant, saisie_de(CHAMPS), page_formulaire
    )
