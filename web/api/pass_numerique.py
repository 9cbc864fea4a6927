"""JSON API of the Pass numérique: orders, hand-overs to distributors, carnets given to
people, scans (one at a time or a CSV export). Every route is for coordinators (admins always
pass), as for funding applications."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from mednum.composition import Services
from mednum.services.pass_numerique import VerdictScan, importer_scans
from projections.pass_numerique import (
    CommandePassVue,
    RemiseVue,
    lire_commande,
    lister_commandes,
    remises_de_commande,
)
from projections.pass_numerique_requetes import IndicateursPass, indicateurs_commande
from web.api.ecritures import Apres, Decalage, Limite, page_de
from web.api.financements import COORDINATION, LECTURE
from web.api.schemas import ERREURS_ECRITURE, ERREURS_LECTURE_PROTEGEE, Page
from web.auth.guards import auteur
from web.deps import wait_if_asked
from web.errors import ou_404


class TauxPass(msgspec.Struct, frozen=True, kw_only=True):
    """Rates of section (c), None when their denominator is 0."""

    injection: float | None
    entame: float | None
    utilisation: float | None
    cout_par_beneficiaire: float | None
    """Centimes consumed per person with ≥ 1 scan."""


class CommandePassDetail(msgspec.Struct, frozen=True, kw_only=True):
    commande: CommandePassVue
    remises: list[RemiseVue]
    indicateurs: IndicateursPass
    """The order's whole life, wherever its pass went."""
    taux: TauxPass


class ImportScans(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    csv: Annotated[
        str,
        msgspec.Meta(
            max_length=2_000_000,
            description="Fichier CSV (séparateur « ; » ou « , ») avec l'en-tête "
            "numero_carnet;numero_pass;lieu_id;date_scan;service",
        ),
    ]


class VerdictsImport(msgspec.Struct, frozen=True, kw_only=True):
    enregistres: int
    deja_enregistres: int
    refuses: int
    position: int | None
    """The last recorded scan's place in the log (`apres` of a read that must show it)."""
    lignes: list[VerdictScan]


def taux_de(ind: IndicateursPass) -> TauxPass:
    return TauxPass(
        injection=ind.taux_injection,
        entame=ind.taux_entame,
        utilisation=ind.taux_utilisation,
        cout_par_beneficiaire=ind.cout_par_beneficiaire,
    )


class PassNumeriqueController(Controller):
    path = "/pass-numerique"
    tags = ["Pass numérique"]

    @get(
        "/commandes",
        guards=[LECTURE],
        operation_id="listerCommandesPass",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
    async def lister(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        annee: Annotated[int | None, QueryParameter(ge=2015, le=2100)] = None,
        limit: Limite = 50,
        offset: Decalage = 0,
        apres: Apres = None,
    ) -> Page[CommandePassVue]:
        """Lister les commandes de pass (les plus récentes d'abord)."""
        await wait_if_asked(request, apres)
        return await page_de(lister_commandes, db, annee, limit=limit, offset=offset)

    @get(
        "/commandes/{commande_id:uuid}",
        guards=[LECTURE],
        operation_id="lireCommandePass",
        responses=ERREURS_LECTURE_PROTEGEE,
    )
    async def lire(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        commande_id: FromPath[UUID],
        apres: Apres = None,
    ) -> CommandePassDetail:
        """Lire une commande, ses remises aux distributeurs et ses taux d'usage."""
        await wait_if_asked(request, apres)
        commande = ou_404(await lire_commande(db, commande_id))
        indicateurs = await indicateurs_commande(db, commande_id)
        return CommandePassDetail(
            commande=commande,
            remises=await remises_de_commande(db, commande_id),
            indicateurs=indicateurs,
            taux=taux_de(indicateurs),
        )

    @post(
        "/commandes/{commande_id:uuid}/scans/import",
        guards=[COORDINATION],
        operation_id="importerScans",
        status_code=200,
        responses=ERREURS_ECRITURE,
    )
    async def importer(
        self,
        request: Request[Any, Any, Any],
        composition: NamedDependency[Services],
        commande_id: FromPath[UUID],
        data: JSONBody[ImportScans],
    ) -> VerdictsImport:
        """Importer des scans (export APTIC) : un verdict par ligne, les refus n'arrêtent pas
        les autres lignes ; réimporter le même fichier n'enregistre rien deux fois."""
        lignes = await asyncio.to_thread(
            importer_scans, composition.pass_numerique, commande_id, data.csv, auteur(request)
        )
        statuts = [v.statut for v in lignes]
        return VerdictsImport(
            enregistres=statuts.count("enregistre"),
            deja_enregistres=statuts.count("deja_enregistre"),
            refuses=statuts.count("refuse"),
            position=max((v.position for v in lignes if v.position is not None), default=None),
            lignes=lignes,
        )
