"""Coordinators' pages for aidants: list, register, detail (affiliations, qualifications,
habilitation, history), edit, and the detail page's forms."""

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

from domain.acteurs.commands import (
    DesactiverAidant,
    EnregistrerAidant,
    ModifierAidant,
    RetirerHabilitation,
)
from domain.acteurs.referentiel import LIBELLES_LABEL, TYPES_AIDANT, TYPES_QUALIFICATION
from domain.errors import ConflitDeVersion, DomainError
from mednum.accounts import Role
from mednum.services.acteurs import Acteurs
from mednum.services.executeur import Resultat
from projections.acteurs_requetes import (
    AidantDetail,
    FiltresAidants,
    lieux_des_structures,
    lieux_resumes,
    lire_aidant,
    lister_aidants,
    noms_structures,
)
from web.api.acteurs import provide_acteurs
from web.auth.guards import auteur, roles
from web.deps import wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir,
    erreurs_de,
    liste,
    texte,
    version,
)
from web.pages.acteurs_formulaires import (
    affiliation_saisie,
    fin_affiliation_saisie,
    historique,
    qualification_saisie,
)
from web.templating import page

PAR_PAGE = 50
CHAMPS = ("prenom", "nom", "type_aidant", "email", "telephone", "compte")
_OUI_NON = {"oui": True, "non": False}


def _valeurs(form: dict[str, Any]) -> dict[str, str]:
    valeurs = {champ: texte(form, champ) for champ in CHAMPS}
    valeurs["command_id"] = texte(form, "command_id")[:36] or command_id({})
    valeurs["version"] = texte(form, "version")
    return valeurs


def _commande(valeurs: dict[str, str], cls: type[Any], **extra: Any) -> Any:
    manquants = {c: "Ce champ est obligatoire." for c in ("prenom", "nom", "type_aidant")}
    manquants = {c: m for c, m in manquants.items() if not valeurs[c]}
    if manquants:
        raise FormulaireInvalide(manquants)
    return convertir(
        {**{c: valeurs[c] or None for c in CHAMPS}, "command_id": command_id(valeurs), **extra},
        cls,
    )


class AidantsPages(Controller):
    guards = [roles(Role.COORDINATEUR)]
    dependencies = {
        "acteurs": Provide(provide_acteurs, sync_to_thread=False),
    }
    include_in_schema = False

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
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
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
        aidants, total = await lister_aidants(
            db, filtres, limit=PAR_PAGE, offset=(page_liste - 1) * PAR_PAGE
        )
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
            total=total,
            requete=requete,
            types=TYPES_AIDANT,
            structures=await noms_structures(db),
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
        )

    @get("/aidants/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, _valeurs({}), {}, aidant=None)

    @post("/aidants/nouveau")
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        acteurs: NamedDependency[Acteurs],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, EnregistrerAidant)
            resultat = await asyncio.to_thread(
                acteurs.enregistrer_aidant, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, None, status=422)
        except DomainError as refus:
            return _formulaire(request, valeurs, erreurs_de(refus), None, status=422)
        return Redirect(
            path=f"/aidants/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/aidants/{aidant_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        apres_position: Annotated[int | None, QueryParameter(name="apres")] = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _detail(request, db, acteurs, aidant_id)

    @get("/aidants/{aidant_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        aidant_id: FromPath[UUID],
    ) -> Template:
        aidant = await _aidant_ou_404(db, aidant_id)
        valeurs = _valeurs(
            {c: getattr(aidant, c) or "" for c in CHAMPS} | {"version": str(aidant.version)}
        )
        return _formulaire(request, valeurs, {}, aidant=aidant)

    @post("/aidants/{aidant_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        aidant = await _aidant_ou_404(db, aidant_id)
        valeurs = _valeurs(data)
        try:
            commande = _commande(valeurs, ModifierAidant, version=version(valeurs))
            resultat = await asyncio.to_thread(
                acteurs.modifier_aidant, aidant_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return _formulaire(request, valeurs, invalide.erreurs, aidant, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return _formulaire(request, valeurs, erreurs_de(refus), aidant, status=status)
        return Redirect(path=f"/aidants/{aidant_id}", query_params=apres(resultat.notification_id))

    @post("/aidants/{aidant_id:uuid}/affiliations")
    async def affilier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            aidant_id,
            data,
            lambda: acteurs.affilier_aidant(aidant_id, affiliation_saisie(data), auteur(request)),
        )

    @post("/aidants/{aidant_id:uuid}/affiliations/terminer")
    async def terminer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            aidant_id,
            data,
            lambda: acteurs.terminer_affiliation(
                aidant_id, fin_affiliation_saisie(data), auteur(request)
            ),
        )

    @post("/aidants/{aidant_id:uuid}/qualifications")
    async def qualifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        return await _action(
            request,
            db,
            acteurs,
            aidant_id,
            data,
            lambda: acteurs.enregistrer_qualification(
                aidant_id, qualification_saisie(data), auteur(request)
            ),
        )

    @post("/aidants/{aidant_id:uuid}/lieux")
    async def lieux(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def run() -> Resultat:
            commande = convertir(
                {
                    "command_id": command_id(data),
                    "version": version(data),
                    "lieux": liste(data, "lieux"),
                },
                ModifierAidant,
            )
            return acteurs.modifier_aidant(aidant_id, commande, auteur(request))

        return await _action(request, db, acteurs, aidant_id, data, run)

    @post("/aidants/{aidant_id:uuid}/habilitation/retirer")
    async def retirer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def run() -> Resultat:
            if not texte(data, "motif"):
                raise FormulaireInvalide({"motif": "Indiquez la raison du retrait."})
            commande = convertir(
                {"command_id": command_id(data), "motif": texte(data, "motif")},
                RetirerHabilitation,
            )
            return acteurs.retirer_habilitation(aidant_id, commande, auteur(request))

        return await _action(request, db, acteurs, aidant_id, data, run)

    @post("/aidants/{aidant_id:uuid}/desactiver")
    async def desactiver(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        acteurs: NamedDependency[Acteurs],
        aidant_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        def run() -> Resultat:
            commande = DesactiverAidant(
                command_id=UUID(command_id(data)),
                version=version(data),
                motif=texte(data, "motif_desactivation")[:500],
            )
            return acteurs.desactiver_aidant(aidant_id, commande, auteur(request))

        return await _action(request, db, acteurs, aidant_id, data, run)


async def _action(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    acteurs: Acteurs,
    aidant_id: UUID,
    data: dict[str, Any],
    run: Callable[[], Resultat],
) -> Template | Redirect:
    """Run a detail page's form; a refusal shows the page again with the error by its field
    and what was typed kept."""
    try:
        resultat = await asyncio.to_thread(run)
    except FormulaireInvalide as invalide:
        return await _detail(request, db, acteurs, aidant_id, invalide.erreurs, data, 422)
    except DomainError as refus:
        status = 409 if isinstance(refus, ConflitDeVersion) else 422
        return await _detail(request, db, acteurs, aidant_id, erreurs_de(refus), data, status)
    return Redirect(path=f"/aidants/{aidant_id}", query_params=apres(resultat.notification_id))


async def _detail(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    acteurs: Acteurs,
    aidant_id: UUID,
    erreurs: dict[str, str] | None = None,
    saisie: dict[str, Any] | None = None,
    status: int = 200,
) -> Template:
    aidant = await _aidant_ou_404(db, aidant_id)
    events = await asyncio.to_thread(acteurs.hub.events, aidant_id)
    structures = await noms_structures(db)
    possibles = await lieux_des_structures(db, [s.id for s in aidant.structures])
    lieux = await lieux_resumes(db, list(set(possibles) | set(aidant.lieux)))
    noms: dict[UUID, str] = {lieu.id: f"{lieu.nom} ({lieu.commune})" for lieu in lieux}
    noms |= {a.structure_id: a.structure_nom for a in aidant.affiliations}
    noms |= {sid: nom for sid, nom, _ in structures}
    return page(
        request,
        "aidant.html",
        status_code=status,
        nav_actif="aidants",
        aidant=aidant,
        lieux=lieux,
        structures=structures,
        historique=historique(events, noms),
        types_qualification=TYPES_QUALIFICATION,
        libelles_label=LIBELLES_LABEL,
        erreurs=erreurs or {},
        valeurs={k: texte(saisie, k) for k in saisie} if saisie else {},
    )


def _formulaire(
    request: Request[Any, Any, Any],
    valeurs: dict[str, str],
    erreurs: dict[str, str],
    aidant: AidantDetail | None,
    status: int = 200,
) -> Template:
    return page(
        request,
        "aidant_form.html",
        status_code=status,
        nav_actif="aidants",
        valeurs=valeurs,
        erreurs=erreurs,
        aidant=aidant,
        types=list(TYPES_AIDANT.items()),
    )


async def _aidant_ou_404(db: asyncpg.Connection, aidant_id: UUID) -> AidantDetail:
    aidant = await lire_aidant(db, aidant_id)
    if aidant is None:
        raise NotFoundException()
    return aidant
