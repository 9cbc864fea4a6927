"""Coordinators' pages of training sessions: the form to schedule or change one, and its
page with the enrolment, the attendance sheet (one checkbox per aidant and per slot),
completion, cancelling, and its history. What the forms post is declared in
web/cas_usage/formations.py."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from mednum.accounts import Role
from projections.formations_requetes import (
    FiltresParcours,
    SessionVue,
    aidants_inscriptibles,
    inscriptions_de_session,
    lieux_ouverts,
    lire_parcours,
    lire_session,
    lister_parcours,
    noms_aidants,
)
from web.affichage import Affichage
from web.auth.guards import roles
from web.deps import connexion, services
from web.errors import ou_404
from web.exposition import PageErreur, route_fiche, route_modification
from web.pages.formations import REFERENTIELS, aujourdhui
from web.pages.formations_formulaires import creneaux_en_texte, valeurs_session
from web.pages.formations_historique import raconter


def fiche_avec_erreur(bloc: str) -> PageErreur:
    """The session's page shown again after one of its forms was refused: the message goes
    by that form's block (`bloc`)."""

    async def montrer(affichage: Affichage) -> Template:
        return await page_detail(
            replace(affichage, erreurs={bloc: " ".join(affichage.erreurs.values())})
        )

    return montrer


async def page_detail(affichage: Affichage) -> Template:
    """The session, its enrolments and history; `erreurs` go by the block of the form that
    was refused."""
    session_id = affichage.fiche
    async with connexion(affichage.request) as db:
        session = ou_404(await lire_session(db, session_id))
        parcours = await lire_parcours(db, session.parcours_id)
        inscriptions = await inscriptions_de_session(db, session_id)
        eligibles = await aidants_inscriptibles(
            db, parcours.types_aidant if parcours else [], session_id
        )
        events = await asyncio.to_thread(
            services(affichage.request).formations.historique, session_id
        )
        aidants = list({e.aidant_id for e in events if hasattr(e, "aidant_id")})
        noms = await noms_aidants(db, aidants)
    return affichage.page(
        "session.html",
        "formations",
        session=session,
        parcours=parcours,
        inscrits=[i for i in inscriptions if i.statut == "inscrit"],
        attente=[i for i in inscriptions if i.statut == "en_attente"],
        annulees=[i for i in inscriptions if i.statut == "annulee"],
        eligibles=eligibles,
        historique=raconter(events, noms),
        aujourdhui=aujourdhui(),
        **REFERENTIELS,
    )


async def page_formulaire(affichage: Affichage) -> Template:
    """A new session's form, or an existing one's (shown again by a refusal)."""
    async with connexion(affichage.request) as db:
        parcours, _ = await lister_parcours(db, FiltresParcours(), limit=500, offset=0)
        lieux = await lieux_ouverts(db)
    return affichage.page(
        "session_form.html",
        "formations",
        valeurs=valeurs_session(affichage.saisie),
        session=await affichage.lue(lire_session),
        parcours=parcours,
        lieux=lieux,
        **REFERENTIELS,
    )


def _saisie(session: SessionVue) -> dict[str, Any]:
    return {
        "parcours_id": str(session.parcours_id),
        "debut": session.debut.isoformat(),
        "fin": session.fin.isoformat(),
        "creneaux": creneaux_en_texte(session.creneaux, session.debut, session.fin),
        "mode": session.mode,
        "lieu_id": str(session.lieu_id or ""),
        "modalites_distance": session.modalites_distance or "",
        "formateur": session.formateur,
        "organisme": session.organisme or "",
        "capacite": str(session.capacite),
        "version": str(session.version),
    }


class SessionsFormationPages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/formations/sessions/nouvelle")
    async def nouvelle(
        self,
        request: Request[Any, Any, Any],
        parcours_id: Annotated[str | None, QueryParameter(max_length=36)] = None,
    ) -> Template:
        saisie = {"parcours_id": parcours_id or "", "mode": "presentiel"}
        return await page_formulaire(Affichage(request, saisie=saisie))

    edition = route_modification(
        "/formations/sessions/{session_id:uuid}/modifier", lire_session, _saisie, page_formulaire
    )

    detail = route_fiche("/formations/sessions/{session_id:uuid}", page_detail)
