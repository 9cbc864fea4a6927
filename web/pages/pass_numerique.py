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
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from domain.pass_numerique.commands import (
    InjecterCarnet,
    PasserCommande,
    RemettreCarnets,
    ScannerPass,
)
from domain.pass_numerique.referentiel import NIVEAUX_PERIMETRE
from mednum.accounts import Role
from mednum.services.executeur import Resultat
from mednum.services.financements import euros
from mednum.services.pass_numerique import PassNumerique, VerdictScan, importer_scans
from projections.acteurs_requetes import FiltresStructures, lister_structures
from projections.pass_numerique import (
    lieux_du_perimetre,
    lire_commande,
    lister_commandes,
    remises_de_commande,
)
from projections.pass_numerique_requetes import indicateurs_commande
from web.api.pass_numerique import provide_pass
from web.auth.guards import auteur, roles
from web.deps import wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    erreurs_de,
    texte,
)
from web.pages.acteurs_formulaires import date_saisie
from web.templating import page

PAR_PAGE = 50


def _lire(form: dict[str, Any], dates: tuple[str, ...], autres: tuple[str, ...]) -> dict[str, Any]:
    """The form's fields for a command: dates read as people type them, empty ones dropped."""
    erreurs: dict[str, str] = {}
    champs: dict[str, Any] = {"command_id": command_id(form)}
    for champ in dates:
        if (jour := date_saisie(form, champ, erreurs)) is not None:
            champs[champ] = jour
    for champ in autres:
        if valeur := texte(form, champ):
            champs[champ] = valeur
    if erreurs:
        raise FormulaireInvalide(erreurs)
    return champs


def _pourcent(taux: float | None) -> str:
    return "—" if taux is None else f"{taux * 100:.1f}".replace(".", ",") + " %"


class PassNumeriquePages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "pass_numerique": Provide(provide_pass, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/pass-numerique")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        annee: Annotated[int | None, QueryParameter(ge=2015, le=2100)] = None,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        commandes, total = await lister_commandes(
            db, annee, limit=PAR_PAGE, offset=(page_liste - 1) * PAR_PAGE
        )
        return page(
            request,
            "pass_numerique.html",
            nav_actif="pass_numerique",
            commandes=commandes,
            total=total,
            annee=annee,
            niveaux=NIVEAUX_PERIMETRE,
            euros=euros,
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
        )

    @get("/pass-numerique/nouvelle")
    async def nouvelle(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, {"pass_par_carnet": "10", "valeur_faciale": "10"}, {})

    @post("/pass-numerique/nouvelle")
    async def passer(
        self,
        request: Request[Any, Any, Any],
        pass_numerique: NamedDependency[PassNumerique],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        champs = (
            "commanditaire",
            "perimetre_niveau",
            "perimetre_code",
            "nb_carnets",
            "pass_par_carnet",
        )
        valeurs = {c: texte(data, c) for c in (*champs, "valeur_faciale", "date_commande")}
        valeurs |= {
            "date_validite": texte(data, "date_validite"),
            "command_id": texte(data, "command_id")[:36],
        }
        try:
            lu = _lire(data, ("date_commande", "date_validite"), champs)
            if euros_saisis := texte(data, "valeur_faciale").replace(",", "."):
                try:
                    lu["valeur_faciale"] = round(float(euros_saisis) * 100)
                except ValueError:
                    raise FormulaireInvalide(
                        {"valeur_faciale": "Valeur illisible : écrivez-la en euros (ex. 10)."}
                    ) from None
            commande = convertir(
                {
                    k: int(v) if k.startswith(("nb_", "pass_")) and v.isdigit() else v
                    for k, v in lu.items()
                },
                PasserCommande,
            )
            resultat = await asyncio.to_thread(
                pass_numerique.passer_commande, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, 422)
        except DomainError as refus:
            return _formulaire(request, valeurs, erreurs_de(refus), 422)
        return _vers(resultat.id, resultat)

    @get("/pass-numerique/{commande_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        commande_id: FromPath[UUID],
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _detail(request, db, commande_id)

    @post("/pass-numerique/{commande_id:uuid}/remises")
    async def remettre(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        pass_numerique: NamedDependency[PassNumerique],
        commande_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            commande_id,
            lambda: pass_numerique.remettre_carnets(
                commande_id,
                convertir(
                    _entiers(
                        _lire(
                            data,
                            ("date_remise",),
                            (
                                "numero_debut",
                                "numero_fin",
                                "distributeur_structure_id",
                                "distributeur_nom",
                            ),
                        )
                    ),
                    RemettreCarnets,
                ),
                auteur(request),
            ),
        )

    @post("/pass-numerique/{commande_id:uuid}/injections")
    async def injecter(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        pass_numerique: NamedDependency[PassNumerique],
        commande_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            commande_id,
            lambda: pass_numerique.injecter_carnet(
                commande_id,
                convertir(
                    _entiers(
                        _lire(data, ("date_injection",), ("numero_carnet", "beneficiaire_id"))
                    ),
                    InjecterCarnet,
                ),
                auteur(request),
            ),
        )

    @post("/pass-numerique/{commande_id:uuid}/scans")
    async def scanner(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        pass_numerique: NamedDependency[PassNumerique],
        commande_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            commande_id,
            lambda: pass_numerique.scanner_pass(
                commande_id,
                convertir(
                    _entiers(
                        _lire(
                            data,
                            ("date_scan",),
                            ("numero_carnet", "numero_pass", "lieu_id", "service"),
                        )
                    ),
                    ScannerPass,
                ),
                auteur(request),
            ),
        )

    @post("/pass-numerique/{commande_id:uuid}/scans/import")
    async def importer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        pass_numerique: NamedDependency[PassNumerique],
        commande_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template:
        try:
            verdicts = await asyncio.to_thread(
                importer_scans,
                pass_numerique,
                commande_id,
                texte(data, "csv")[:2_000_000],
                auteur(request),
            )
        except DomainError as refus:
            return await _detail(request, db, commande_id, erreurs_de(refus), 422)
        position = max((v.position for v in verdicts if v.position is not None), default=None)
        if position is not None:
            await wait_if_asked(request, position)
        return await _detail(request, db, commande_id, verdicts=verdicts)


def _entiers(champs: dict[str, Any]) -> dict[str, Any]:
    return {
        k: int(v) if k.startswith("numero_") and isinstance(v, str) and v.isdigit() else v
        for k, v in champs.items()
    }


def _vers(commande_id: UUID, resultat: Resultat) -> Redirect:
    return Redirect(
        path=f"/pass-numerique/{commande_id}",
        query_params=apres(resultat.notification_id),
        status_code=303,
    )


async def _action(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    commande_id: UUID,
    run: Callable[[], Resultat],
) -> Template | Redirect:
    try:
        resultat = await asyncio.to_thread(run)
    except FormulaireInvalide as invalide:
        return await _detail(request, db, commande_id, invalide.erreurs, 422)
    except DomainError as refus:
        return await _detail(request, db, commande_id, erreurs_de(refus), 422)
    return _vers(commande_id, resultat)


async def _detail(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    commande_id: UUID,
    erreurs: dict[str, str] | None = None,
    status: int = 200,
    verdicts: list[VerdictScan] | None = None,
) -> Template:
    commande = await lire_commande(db, commande_id)
    if commande is None:
        raise NotFoundException()
    indicateurs = await indicateurs_commande(db, commande_id)
    structures, _ = await lister_structures(db, FiltresStructures(), limit=500, offset=0)
    return page(
        request,
        "pass_numerique_detail.html",
        status_code=status,
        nav_actif="pass_numerique",
        c=commande,
        ind=indicateurs,
        remises=await remises_de_commande(db, commande_id),
        niveaux=NIVEAUX_PERIMETRE,
        structures=[(str(s.id), f"{s.nom} ({s.commune})") for s in structures],
        lieux=[
            (str(i), n)
            for i, n in await lieux_du_perimetre(
                db, commande.perimetre_niveau, commande.perimetre_code
            )
        ],
        euros=euros,
        pourcent=_pourcent,
        verdicts=verdicts,
        erreurs=erreurs or {},
        valeurs={},
    )


def _formulaire(
    request: Request[Any, Any, Any],
    valeurs: dict[str, str],
    erreurs: dict[str, str],
    status: int = 200,
) -> Template:
    if not valeurs.get("command_id"):
        valeurs = valeurs | {"command_id": command_id({})}
    return page(
        request,
        "pass_numerique_form.html",
        status_code=status,
        nav_actif="pass_numerique",
        valeurs=valeurs,
        erreurs=erreurs,
        niveaux=list(NIVEAUX_PERIMETRE.items()),
    )
