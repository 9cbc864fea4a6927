"""Coordinators' pages for places: list, register, edit, close."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import asyncpg
import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Template

from domain.lieux.completude import completude
from domain.lieux.referentiel import SERVICES
from mednum.accounts import Role
from projections.lieux_requetes import FiltresLieux, LieuVue, lire_lieu, lister_lieux
from web.affichage import Affichage
from web.auth.guards import roles
from web.exposition import route_modification, route_nouveau
from web.formulaires import libelle_commune
from web.pages.lieux_formulaire import (
    CASES_STANDARD,
    LIGNES_STANDARD,
    TEXTES,
    TEXTES_STANDARD,
    valeurs_saisies,
)
from web.pagination import NumeroDePage, une_page
from web.templating import page


def _saisie(lieu: LieuVue) -> dict[str, Any]:
    return {
        **{k: getattr(lieu, k, "") or "" for k in (*TEXTES, *TEXTES_STANDARD)},
        "commune": libelle_commune(lieu.code_insee),
        **{k: getattr(lieu, k) for k in (*LIGNES_STANDARD, *CASES_STANDARD)},
        # A place at its commune's centre shows no coordinates: left so, it follows a change
        # of commune to the new one's centre.
        "latitude": "" if lieu.position_au_centre else str(lieu.latitude),
        "longitude": "" if lieu.position_au_centre else str(lieu.longitude),
        "services": lieu.services,
        "version": str(lieu.version),
    }


async def page_formulaire(affichage: Affichage) -> Template:
    """A new place's form, or an existing one's (shown again by a refusal)."""
    erreurs = affichage.erreurs
    if "code_insee" in erreurs:  # the rules name the command's field; the form asks a commune
        erreurs = {("commune" if c == "code_insee" else c): m for c, m in erreurs.items()}
    return replace(affichage, erreurs=erreurs).page(
        "lieu_form.html",
        "lieux",
        valeurs=valeurs_saisies(affichage.saisie),
        lieu=await affichage.lue(lire_lieu),
        services=SERVICES,
        cases_standard=CASES_STANDARD,
    )


class LieuxPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/lieux")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        fermes: FromQuery[bool] = False,
        a_verifier: FromQuery[bool] = False,
        tri: FromQuery[Literal["nom", "completude"]] = "nom",
        page_liste: NumeroDePage = 1,
    ) -> Template:
        lieux, pagination = await une_page(
            page_liste,
            lister_lieux,
            db,
            FiltresLieux(q=q or None, inclure_fermes=fermes, a_verifier=a_verifier),
            par_completude=tri == "completude",
        )
        return page(
            request,
            "lieux.html",
            nav_actif="lieux",
            lieux=[(lieu, completude(msgspec.structs.asdict(lieu))) for lieu in lieux],
            q=q or "",
            fermes=fermes,
            a_verifier=a_verifier,
            tri=tri,
            filtres_url=urlencode(
                {
                    "q": q or "",
                    "fermes": "true" if fermes else "",
                    "a_verifier": "true" if a_verifier else "",
                    "tri": tri,
                }
            ),
            **pagination,
        )

    nouveau = route_nouveau("/lieux/nouveau", page_formulaire, "nouveau")

    edition = route_modification(
        "/lieux/{lieu_id:uuid}/modifier", lire_lieu, _saisie, page_formulaire
    )
