"""Pages of the evaluation reports: the list (with a form to freeze one), a report with its
downloads, its byte-for-byte verification and what changed since it was frozen."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.evaluation.periodes import lire_periode
from domain.evaluation.rapport import Territoire
from mednum.jobs.rapports_planifies import RATTRAPAGE_MOIS, rapports_du_perimetre
from mednum.rapports import figes, telechargements, verifications
from mednum.settings import Settings
from web.api.rapports import (
    AUTORISE,
    LECTEURS,
    Autorise,
    comparer_a_aujourdhui,
    lire_territoire_code,
    perimetre_lecteur,
    territoire_autorise,
)
from web.auth.guards import auteur
from web.pages.activites import aujourdhui
from web.rapports_choix import (
    FORMES,
    choisir_periode,
    choisir_territoire,
    dernier_mois,
    libelle_territoire,
    periodes_proposees,
)
from web.rapports_travaux import FORMATS, format_connu, lancer_verification, preparer_fichier
from web.templating import page


async def _territoires(db: asyncpg.Connection, request: Request[Any, Any, Any]) -> list[Territoire]:
    """What the reader may pick: its perimeter (a financeur) or the hub's territory."""
    settings: Settings = request.app.state.settings
    perimetre = perimetre_lecteur(request)
    niveau, code = perimetre or lire_territoire_code(settings.rapports_territoire)
    return await figes.territoires_du_perimetre(db, niveau, code)


async def _preparer_les_premiers(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    perimetre: tuple[str, str] | None,
    rapports: list[figes.RapportFige],
) -> bool:
    """A funder none of whose perimeter's monthly or quarterly reports is frozen yet (a new
    account): the scheduler's work for that perimeter starts now, in the background. Whether
    it is running, for the page to say so."""
    if perimetre is None or perimetre[0] == "aucun":
        return False
    if any(
        r.nature != "ponctuel" and (r.territoire.niveau, r.territoire.code) == perimetre
        for r in rapports
    ):
        return False
    debut_du_mois = aujourdhui().replace(day=1)
    if not await db.fetchval(
        "SELECT EXISTS (SELECT 1 FROM cube_activites WHERE niveau = $1 AND code = $2 "
        "AND dimension = 'total' AND activites > 0 AND jour < $3 "
        "AND jour >= $3 - make_interval(months => $4))",
        *perimetre,
        debut_du_mois,
        RATTRAPAGE_MOIS,
    ):
        return False  # no complete month with sessions to freeze (the job's own window)
    taches = request.app.state.taches
    nom = "premiers rapports " + ":".join(perimetre)
    if not taches.en_cours(nom):
        settings: Settings = request.app.state.settings
        travail = rapports_du_perimetre(
            request.app.state.pool, ":".join(perimetre), settings.seuil_secret
        )
        taches.lancer(travail(), nom)
    return True


class RapportsPages(Controller):
    guards = [LECTEURS]
    dependencies = AUTORISE

    @get("/rapports")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        erreur: Annotated[str | None, QueryParameter(max_length=300)] = None,
    ) -> Template:
        perimetre = perimetre_lecteur(request)
        territoires = await _territoires(db, request)
        jour = aujourdhui()
        rapports = await figes.lister(db, perimetre)
        return page(
            request,
            "rapports.html",
            nav_actif="rapports",
            rapports=rapports,
            en_preparation=await _preparer_les_premiers(request, db, perimetre, rapports),
            territoires=[libelle_territoire(t) for t in territoires],
            territoire=libelle_territoire(territoires[0]) if territoires else "",
            periodes=periodes_proposees(jour),
            formes=FORMES,
            dernier_mois=dernier_mois(jour),
            erreur=erreur,
        )

    @post("/rapports")
    async def generer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        try:
            choisi = choisir_territoire(
                str(data.get("territoire", "")), await _territoires(db, request)
            )
            t = await territoire_autorise(db, request, choisi)
            code = choisir_periode(data)
            lire_periode(code)
            settings: Settings = request.app.state.settings
            fige = await figes.figer(
                request.app.state.pool,
                t,
                code,
                nature="ponctuel",
                seuil=settings.seuil_secret,
                auteur=auteur(request),
            )
        except DomainError as refus:
            return Redirect(
                path="/rapports", query_params={"erreur": refus.message}, status_code=303
            )
        return Redirect(path=f"/rapports/{fige.id}", status_code=303)

    @get("/rapports/{rapport_id:uuid}")
    async def rapport(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        autorise: Autorise,
    ) -> Template:
        fige, rapport = autorise
        return page(
            request,
            "rapport.html",
            nav_actif="rapports",
            fige=fige,
            rapport=rapport,
            verification=await verifications.derniere(db, fige.id),
        )

    @post("/rapports/{rapport_id:uuid}/verification")
    async def verifier(self, request: Request[Any, Any, Any], autorise: Autorise) -> Redirect:
        """Start the verification in the background; the report page shows its progress."""
        fige, rapport = autorise
        await lancer_verification(request, fige, rapport)
        return Redirect(path=f"/rapports/{fige.id}#verification", status_code=303)

    @get("/rapports/{rapport_id:uuid}/telecharger/{format:str}")
    async def telecharger(
        self,
        request: Request[Any, Any, Any],
        autorise: Autorise,
        format: FromPath[str],
        attente: Annotated[bool, QueryParameter()] = False,
        relancer: Annotated[bool, QueryParameter()] = False,
    ) -> Template | Redirect:
        """A file that is ready is downloaded at once; otherwise a page follows its
        production (it reloads itself every 2 s) and starts the download once it is ready."""
        fige, rapport = autorise
        fichier = await preparer_fichier(
            request, fige, rapport, format_connu(format), relancer=relancer
        )
        if fichier.pret and not attente:
            return Redirect(path=f"/api/v1/rapports/{fige.id}/{format}", status_code=303)
        return page(
            request,
            "rapport_telechargement.html",
            nav_actif="rapports",
            fige=fige,
            rapport=rapport,
            fichier=fichier,
            libelle=FORMATS[format][2],
            secondes=_secondes_depuis(fichier),
            status_code=503 if fichier.erreur else 200,
        )

    @get("/rapports/{rapport_id:uuid}/controle")
    async def controle(self, request: Request[Any, Any, Any], autorise: Autorise) -> Template:
        fige, rapport = autorise
        return page(
            request,
            "rapport_controle.html",
            nav_actif="rapports",
            fige=fige,
            rapport=rapport,
            comparaison=await comparer_a_aujourdhui(request, rapport),
        )


def _secondes_depuis(fichier: telechargements.Fichier) -> int:
    fin = fichier.produit_le or dt.datetime.now(dt.UTC)
    return max(0, int((fin - fichier.demande_le).total_seconds()))
