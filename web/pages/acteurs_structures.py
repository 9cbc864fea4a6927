"""Coordinators' pages for structures: list, register, detail (places, aidants, history),
edit, attach and detach places, close."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.acteurs.commands import (
    DetacherLieu,
    FermerStructure,
    ModifierStructure,
    RattacherLieu,
    RecenserStructure,
)
from domain.acteurs.referentiel import TYPES_STRUCTURE
from domain.errors import ConflitDeVersion, DomainError
from mednum.accounts import Role
from mednum.services.acteurs import Acteurs
from projections.acteurs_requetes import (
    FiltresStructures,
    StructureVue,
    aidants_de_structure,
    lieux_du_departement,
    lieux_resumes,
    lire_structure,
    lister_structures,
)
from web.api.acteurs import provide_acteurs, verifier_siret_libre
from web.auth.guards import auteur, roles
from web.deps import wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    erreurs_de,
    texte,
    version,
)
from web.pages.acteurs_formulaires import historique
from web.templating import page

PAR_PAGE = 50
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


def _valeurs(form: dict[str, Any]) -> dict[str, str]:
    valeurs = {champ: texte(form, champ) for champ in CHAMPS}
    valeurs["command_id"] = texte(form, "command_id")[:36]
    valeurs["version"] = texte(form, "version")
    return valeurs


def _commande(valeurs: dict[str, str], cls: type[Any], **extra: Any) -> Any:
    manquants = {c: "Ce champ est obligatoire." for c in OBLIGATOIRES if not valeurs[c]}
    if manquants:
        raise FormulaireInvalide(manquants)
    return convertir(
        {
            **{c: valeurs[c] or None for c in CHAMPS},
            "command_id": command_id(valeurs),
            **extra,
        },
        cls,
    )


class StructuresPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "acteurs": Provide(provide_acteurs, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/structures")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        type_structure: Annotated[str | None, QueryParameter(max_length=100)] = None,
        departement: Annotated[str | None, QueryParameter(max_length=3)] = None,
        fermees: FromQuery[bool] = False,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        filtres = FiltresStructures(
            q=q or None,
            type_structure=type_structure or None,
            departement=departement or None,
            inclure_fermees=fermees,
        )
        structures, total = await lister_structures(
            db, filtres, limit=PAR_PAGE, offset=(page_liste - 1) * PAR_PAGE
        )
        return page(
            request,
            "structures.html",
            nav_actif="structures",
            structures=structures,
            total=total,
            filtres=filtres,
            types=TYPES_STRUCTURE,
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
        )

    @get("/structures/nouvelle")
    async def nouvelle(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, _valeurs({}), {}, structure=None)

    @post("/structures/nouvelle")
    async def recenser(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, RecenserStructure)
            await verifier_siret_libre(db, commande.siret)
            resultat = await asyncio.to_thread(
                acteurs.recenser_structure, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, None, status=422)
        except DomainError as refus:
            return _formulaire(request, valeurs, erreurs_de(refus), None, status=422)
        return Redirect(
            path=f"/structures/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/structures/{structure_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _detail(request, db, acteurs, structure_id)

    @get("/structures/{structure_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        structure_id: FromPath[UUID],
    ) -> Template:
        structure = await _structure_ou_404(db, structure_id)
        valeurs = _valeurs(
            {c: getattr(structure, c) or "" for c in CHAMPS} | {"version": str(structure.version)}
        )
        return _formulaire(request, valeurs, {}, structure=structure)

    @post("/structures/{structure_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        structure = await _structure_ou_404(db, structure_id)
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, ModifierStructure, version=version(valeurs))
            await verifier_siret_libre(db, commande.siret, sauf=structure_id)
            resultat = await asyncio.to_thread(
                acteurs.modifier_structure, structure_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, structure, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return _formulaire(request, valeurs, erreurs_de(refus), structure, status=status)
        return Redirect(
            path=f"/structures/{structure_id}", query_params=apres(resultat.notification_id)
        )

    @post("/structures/{structure_id:uuid}/lieux")
    async def rattacher(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            structure_id,
            data,
            lambda: acteurs.rattacher_lieu(
                structure_id,
                convertir(
                    {"command_id": command_id(data), "lieu_id": texte(data, "lieu_id")},
                    RattacherLieu,
                ),
                auteur(request),
            ),
        )

    @post("/structures/{structure_id:uuid}/lieux/detacher")
    async def detacher(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            structure_id,
            data,
            lambda: acteurs.detacher_lieu(
                structure_id,
                convertir(
                    {"command_id": command_id(data), "lieu_id": texte(data, "lieu_id")},
                    DetacherLieu,
                ),
                auteur(request),
            ),
        )

    @post("/structures/{structure_id:uuid}/fermer")
    async def fermer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        structure_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            structure_id,
            data,
            lambda: acteurs.fermer_structure(
                structure_id,
                FermerStructure(
                    command_id=UUID(command_id(data)),
                    version=version(data),
                    motif=texte(data, "motif")[:500],
                ),
                auteur(request),
            ),
        )


async def _action(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    acteurs: Acteurs,
    structure_id: UUID,
    data: dict[str, Any],
    run: Any,
) -> Template | Redirect:
    """Run a detail page's form; a refusal shows the page again with the error by the form."""
    try:
        resultat = await asyncio.to_thread(run)
    except FormulaireInvalide as invalide:
        return await _detail(request, db, acteurs, structure_id, invalide.erreurs, 422)
    except DomainError as refus:
        status = 409 if isinstance(refus, ConflitDeVersion) else 422
        return await _detail(request, db, acteurs, structure_id, erreurs_de(refus), status)
    return Redirect(
        path=f"/structures/{structure_id}", query_params=apres(resultat.notification_id)
    )


async def _detail(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    acteurs: Acteurs,
    structure_id: UUID,
    erreurs: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    structure = await _structure_ou_404(db, structure_id)
    events = await asyncio.to_thread(acteurs.hub.events, structure_id)
    lieu_ids = list(set(structure.lieux) | {e.lieu_id for e in events if hasattr(e, "lieu_id")})
    lieux = await lieux_resumes(db, lieu_ids)
    noms = {lieu.id: f"{lieu.nom} ({lieu.commune})" for lieu in lieux}
    rattaches = [lieu for lieu in lieux if lieu.id in structure.lieux]
    candidats = [
        lieu
        for lieu in await lieux_du_departement(db, structure.departement)
        if lieu.id not in structure.lieux
    ]
    return page(
        request,
        "structure.html",
        status_code=status,
        nav_actif="structures",
        structure=structure,
        lieux=rattaches,
        candidats=candidats,
        aidants=await aidants_de_structure(db, structure_id),
        historique=historique(events, noms),
        erreurs=erreurs or {},
    )


def _formulaire(
    request: Request[Any, Any, Any],
    valeurs: dict[str, str],
    erreurs: dict[str, str],
    structure: StructureVue | None,
    status: int = 200,
) -> Template:
    if not valeurs.get("command_id"):
        valeurs = valeurs | {"command_id": command_id({})}
    return page(
        request,
        "structure_form.html",
        status_code=status,
        nav_actif="structures",
        valeurs=valeurs,
        erreurs=erreurs,
        structure=structure,
        types=TYPES_STRUCTURE,
    )


async def _structure_ou_404(db: asyncpg.Connection, structure_id: UUID) -> StructureVue:
    structure = await lire_structure(db, structure_id)
    if structure is None:
        raise NotFoundException()
    return structure
