"""Coordinators' pages for the Pass numérique: orders, and on an order's page its usage
rates (by distributor and by place) and the forms that record hand-overs, carnets given to
people, scans and an import of scans."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Template

from domain.errors import DomainError
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.referentiel import NIVEAUX_PERIMETRE
from mednum.accounts import Role
from mednum.composition import Services
from mednum.services.financements import euros
from mednum.services.pass_numerique import VerdictScan, importer_scans
from projections.acteurs_requetes import FiltresStructures, lister_structures
from projections.pass_numerique import (
    lieux_du_perimetre,
    lire_commande,
    lister_commandes,
    remises_de_commande,
)
from projections.pass_numerique_requetes import indicateurs_commande
from web.affichage import Affichage
from web.auth.guards import auteur, roles
from web.deps import Position, connexion, wait_if_asked
from web.errors import ou_404
from web.exposition import route_fiche, route_nouveau
from web.formulaires import FormulaireInvalide, command_id, convertir_tout, erreurs_de, texte
from web.pages.acteurs_formulaires import date_saisie
from web.pagination import NumeroDePage, une_page
from web.templating import page

CHAMPS_COMMANDE = (
    "commanditaire",
    "perimetre_niveau",
    "perimetre_code",
    "nb_carnets",
    "pass_par_carnet",
)


def _champs(
    form: dict[str, Any], dates: tuple[str, ...], autres: tuple[str, ...], erreurs: dict[str, str]
) -> dict[str, Any]:
    """The form's fields for a command: dates read as people type them, empty ones dropped."""
    champs: dict[str, Any] = {"command_id": command_id(form)}
    for champ in dates:
        if (jour := date_saisie(form, champ, erreurs)) is not None:
            champs[champ] = jour
    for champ in autres:
        if valeur := texte(form, champ):
            champs[champ] = valeur
    return champs


def _tous(champs: dict[str, Any], erreurs: dict[str, str], cls: type[Any]) -> dict[str, Any]:
    """The fields, or FormulaireInvalide with their own errors and the command's at once."""
    if erreurs:
        try:
            convertir_tout(champs, cls)
        except FormulaireInvalide as invalide:
            erreurs = invalide.erreurs | erreurs
        raise FormulaireInvalide(erreurs)
    return champs


def _lecteur(
    cls: type[Any], dates: tuple[str, ...], autres: tuple[str, ...]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def lire(form: dict[str, Any]) -> dict[str, Any]:
        erreurs: dict[str, str] = {}
        return _tous(_champs(form, dates, autres, erreurs), erreurs, cls)

    return lire


lire_remise = _lecteur(
    RemettreCarnets,
    ("date_remise",),
    ("numero_debut", "numero_fin", "distributeur_structure_id", "distributeur_nom"),
)
lire_injection = _lecteur(InjecterCarnet, ("date_injection",), ("numero_carnet", "beneficiaire_id"))
lire_scan = _lecteur(
    ScannerPass, ("date_scan",), ("numero_carnet", "numero_pass", "lieu_id", "service")
)


def lire_nouvelle_commande(form: dict[str, Any]) -> dict[str, Any]:
    """The fields of PasserCommande; the face value is typed in euros, stored in centimes."""
    erreurs: dict[str, str] = {}
    champs = _champs(form, ("date_commande", "date_validite"), CHAMPS_COMMANDE, erreurs)
    if euros_saisis := texte(form, "valeur_faciale").replace(",", "."):
        try:
            champs["valeur_faciale"] = round(float(euros_saisis) * 100)
        except ValueError:
            erreurs["valeur_faciale"] = "Valeur illisible : écrivez-la en euros (ex. 10)."
    return _tous(champs, erreurs, PasserCommande)


def _pourcent(taux: float | None) -> str:
    return "—" if taux is None else f"{taux * 100:.1f}".replace(".", ",") + " %"


async def page_detail(affichage: Affichage, verdicts: list[VerdictScan] | None = None) -> Template:
    """The order, its rates and its forms (shown again by a refused hand-over, carnet or scan)."""
    commande_id = affichage.fiche
    async with connexion(affichage.request) as db:
        commande = ou_404(await lire_commande(db, commande_id))
        indicateurs = await indicateurs_commande(db, commande_id)
        structures, _ = await lister_structures(db, FiltresStructures(), limit=500, offset=0)
        remises = await remises_de_commande(db, commande_id)
        lieux = await lieux_du_perimetre(db, commande.perimetre_niveau, commande.perimetre_code)
    return affichage.page(
        "pass_numerique_detail.html",
        "pass_numerique",
        c=commande,
        ind=indicateurs,
        remises=remises,
        niveaux=NIVEAUX_PERIMETRE,
        structures=[(str(s.id), f"{s.nom} ({s.commune})") for s in structures],
        lieux=[(str(i), n) for i, n in lieux],
        euros=euros,
        pourcent=_pourcent,
        verdicts=verdicts,
        valeurs={},
    )


async def page_formulaire(affichage: Affichage) -> Template:
    """A new order's form (shown again by a refusal, with what was typed)."""
    champs = (*CHAMPS_COMMANDE, "valeur_faciale", "date_commande", "date_validite")
    valeurs = {c: texte(affichage.saisie, c) for c in champs}
    valeurs["command_id"] = texte(affichage.saisie, "command_id")[:36] or command_id({})
    return affichage.page(
        "pass_numerique_form.html",
        "pass_numerique",
        valeurs=valeurs,
        niveaux=list(NIVEAUX_PERIMETRE.items()),
    )


class PassNumeriquePages(Controller):
    guards = [roles(Role.COORDINATEUR)]

    @get("/pass-numerique")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        annee: Annotated[int | None, QueryParameter(ge=2015, le=2100)] = None,
        page_liste: NumeroDePage = 1,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        commandes, pagination = await une_page(page_liste, lister_commandes, db, annee)
        return page(
            request,
            "pass_numerique.html",
            nav_actif="pass_numerique",
            commandes=commandes,
            annee=annee,
            niveaux=NIVEAUX_PERIMETRE,
            euros=euros,
            **pagination,
        )

    nouvelle = route_nouveau(
        "/pass-numerique/nouvelle",
        page_formulaire,
        "nouvelle",
        {"pass_par_carnet": "10", "valeur_faciale": "10"},
    )

    detail = route_fiche("/pass-numerique/{commande_id:uuid}", page_detail)

    @post("/pass-numerique/{commande_id:uuid}/scans/import")
    async def importer(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        commande_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        """A verdict per row, shown on the order's page (no redirect: they are not stored)."""
        try:
            verdicts = await asyncio.to_thread(
                importer_scans,
                composition.pass_numerique,
                commande_id,
                texte(data, "csv")[:2_000_000],
                auteur(request),
            )
        except DomainError as refus:
            return await page_detail(Affichage(request, commande_id, data, erreurs_de(refus), 422))
        position = max((v.position for v in verdicts if v.position is not None), default=None)
        if position is not None:
            await wait_if_asked(request, position)
        return await page_detail(Affichage(request, commande_id, data), verdicts)
