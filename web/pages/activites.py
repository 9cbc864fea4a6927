"""The mediator's activity pages: the fast entry form (new, duplicate, correct), the list of
my activities with filters, an activity's detail with its history, and deletion.

A mediator reaches only their own activities: another's id answers 404."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any
from uuid import UUID, uuid4

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.activites.commands import CorrigerActivite, EnregistrerActivite, SupprimerActivite
from domain.activites.historique import historique
from domain.activites.regles import PARIS
from domain.errors import ConflitDeVersion, DomainError
from mednum.accounts import Role, User
from mednum.services.activites import Activites
from projections.activites_requetes import (
    FiltresActivites,
    beneficiaires_pour_saisie,
    lieux_pour_saisie,
    lire_activite,
    lister_activites,
    noms_beneficiaires,
    noms_lieux,
    preferences_de,
)
from web.api.activites import mediateur_vu, provide_activites, utilisateur
from web.auth.guards import roles
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
from web.pages.activites_formulaire import (
    uuid_ou_none,
    valeurs_commande,
    valeurs_depuis,
    valeurs_postees,
    valeurs_vides,
)
from web.pages.activites_libelles import REFERENTIELS
from web.templating import page

PAR_PAGE = 50
Position = Annotated[int | None, QueryParameter(name="apres")]


def aujourdhui() -> dt.date:
    return dt.datetime.now(PARIS).date()


class ActivitesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]
    dependencies = {
        "activites": Provide(provide_activites, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/activites")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        du: Annotated[dt.date | None, QueryParameter()] = None,
        au: Annotated[dt.date | None, QueryParameter()] = None,
        type_activite: Annotated[str | None, QueryParameter(name="type", max_length=20)] = None,
        thematique: Annotated[str | None, QueryParameter(max_length=60)] = None,
        lieu: Annotated[str | None, QueryParameter(max_length=40)] = None,
        beneficiaire: Annotated[str | None, QueryParameter(max_length=40)] = None,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        user = utilisateur(request)
        filtres = FiltresActivites(
            mediateur=mediateur_vu(user),
            du=du,
            au=au,
            type=type_activite or None,
            thematique=thematique or None,
            lieu_id=uuid_ou_none(lieu or ""),
            beneficiaire_id=uuid_ou_none(beneficiaire or ""),
        )
        items, total = await lister_activites(
            db, filtres, limit=PAR_PAGE, offset=(page_liste - 1) * PAR_PAGE
        )
        personnes = await beneficiaires_pour_saisie(db, user.email)
        ids = [a.beneficiaire_id for a in items if a.beneficiaire_id]
        lieux_recents, _tous = await lieux_pour_saisie(db, user.email)
        requete = {
            "du": du.isoformat() if du else "",
            "au": au.isoformat() if au else "",
            "type": filtres.type or "",
            "thematique": filtres.thematique or "",
            "lieu": lieu or "",
            "beneficiaire": beneficiaire or "",
        }
        return page(
            request,
            "activites.html",
            nav_actif="activites",
            activites=items,
            total=total,
            filtres=filtres,
            requete=requete,
            noms=await noms_beneficiaires(db, ids, mediateur_vu(user)),
            personnes=personnes,
            lieux=lieux_recents,
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
            **REFERENTIELS,
        )

    @get("/activites/nouvelle")
    async def nouvelle(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        type_activite: Annotated[str, QueryParameter(name="type", max_length=20)] = "individuel",
        enregistree: Annotated[str | None, QueryParameter(max_length=40)] = None,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        type_activite = "collectif" if type_activite == "collectif" else "individuel"
        prefs = await preferences_de(db, utilisateur(request).email)
        valeurs = valeurs_vides(type_activite, aujourdhui()) | {
            "type_lieu": prefs.type_lieu,
            "lieu_id": str(prefs.lieu_id or ""),
            "commune": prefs.commune or "",
            "materiel": list(prefs.materiel),
            "thematiques": list(prefs.thematiques),
            "duree": str(prefs.duree or ""),
        }
        juste = uuid_ou_none(enregistree or "")
        return await _formulaire(request, db, valeurs, {}, enregistree=juste)

    @post("/activites/nouvelle")
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = valeurs_postees(data)
        valeurs["type"] = "collectif" if valeurs["type"] == "collectif" else "individuel"
        try:
            commande = convertir(
                valeurs_commande(valeurs)
                | {"type": valeurs["type"], "command_id": command_id(valeurs)},
                EnregistrerActivite,
            )
            resultat = await asyncio.to_thread(
                activites.enregistrer, commande, utilisateur(request)
            )
        except FormulaireInvalide as invalide:
            return await _formulaire(request, db, valeurs, invalide.erreurs, status=422)
        except DomainError as refus:
            return await _formulaire(request, db, valeurs, erreurs_de(refus), status=422)
        return Redirect(
            path="/activites/nouvelle",
            query_params={"type": valeurs["type"], "enregistree": str(resultat.id)}
            | apres(resultat.notification_id),
            status_code=303,
        )

    @get("/activites/{activite_id:uuid}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        return await _detail(request, db, activites, activite_id)

    @get("/activites/{activite_id:uuid}/dupliquer")
    async def dupliquer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
    ) -> Template:
        activite = await _activite_ou_404(activites, activite_id, utilisateur(request))
        valeurs = valeurs_depuis(activite.compte_rendu) | {
            "date": aujourdhui().isoformat(),
            "notes": "",
            "motif_retard": "",
        }
        return await _formulaire(request, db, valeurs, {}, duplique_de=activite_id)

    @get("/activites/{activite_id:uuid}/corriger")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
    ) -> Template:
        activite = await _activite_ou_404(activites, activite_id, utilisateur(request))
        valeurs = valeurs_depuis(activite.compte_rendu) | {"version": str(activite.version)}
        return await _formulaire(request, db, valeurs, {}, corrigee=activite_id)

    @post("/activites/{activite_id:uuid}/corriger")
    async def corriger(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        user = utilisateur(request)
        activite = await _activite_ou_404(activites, activite_id, user)
        valeurs = valeurs_postees(data)
        valeurs["type"] = activite.compte_rendu.type
        try:
            champs = valeurs_commande(valeurs)
            commande = convertir(
                champs | {"command_id": command_id(valeurs), "version": version(valeurs)},
                CorrigerActivite,
            )
            resultat = await asyncio.to_thread(activites.corriger, activite_id, commande, user)
        except FormulaireInvalide as invalide:
            return await _formulaire(
                request, db, valeurs, invalide.erreurs, corrigee=activite_id, status=422
            )
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return await _formulaire(
                request, db, valeurs, erreurs_de(refus), corrigee=activite_id, status=status
            )
        return Redirect(
            path=f"/activites/{activite_id}",
            query_params=apres(resultat.notification_id),
            status_code=303,
        )

    @post("/activites/{activite_id:uuid}/supprimer")
    async def supprimer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activites: NamedDependency[Activites],
        activite_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        user = utilisateur(request)
        try:
            commande = SupprimerActivite(
                command_id=UUID(command_id(data)),
                version=version(data),
                motif=texte(data, "motif")[:300],
            )
            resultat = await asyncio.to_thread(activites.supprimer, activite_id, commande, user)
        except DomainError as refus:
            # Another's or a missing activity: _detail answers 404 itself.
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return await _detail(
                request, db, activites, activite_id, erreurs_de(refus), status, data
            )
        return Redirect(
            path=f"/activites/{activite_id}",
            query_params=apres(resultat.notification_id),
            status_code=303,
        )


async def _activite_ou_404(activites: Activites, activite_id: UUID, user: User) -> Any:
    activite = await asyncio.to_thread(activites.activite_de, activite_id, user)
    if activite is None:
        raise NotFoundException("Cette activité n'existe pas.")
    return activite


async def _detail(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    activites: Activites,
    activite_id: UUID,
    erreurs: dict[str, str] | None = None,
    status: int = 200,
    saisie: dict[str, Any] | None = None,
) -> Template:
    user = utilisateur(request)
    events = await asyncio.to_thread(activites.evenements_de, activite_id, user)
    vue = await lire_activite(db, activite_id) if events else None
    if events is None or vue is None:
        raise NotFoundException("Cette activité n'existe pas.")
    activite = await _activite_ou_404(activites, activite_id, user)
    lieux = [e.compte_rendu.lieu_id for e in events if getattr(e, "compte_rendu", None)]
    personnes = list(vue.beneficiaires) + ([vue.beneficiaire_id] if vue.beneficiaire_id else [])
    return page(
        request,
        "activite.html",
        status_code=status,
        nav_actif="activites",
        activite=vue,
        compte_rendu=activite.compte_rendu,
        historique=historique(events, await noms_lieux(db, [x for x in lieux if x])),
        noms=await noms_beneficiaires(db, personnes, mediateur_vu(user)),
        erreurs=erreurs or {},
        motif=texte(saisie or {}, "motif"),
        command_id=str(uuid4()),
        **REFERENTIELS,
    )


async def _formulaire(
    request: Request[Any, Any, Any],
    db: asyncpg.Connection,
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    *,
    status: int = 200,
    enregistree: UUID | None = None,
    duplique_de: UUID | None = None,
    corrigee: UUID | None = None,
) -> Template:
    user = utilisateur(request)
    if not valeurs.get("command_id"):
        valeurs = valeurs | {"command_id": str(uuid4())}
    prefs = await preferences_de(db, user.email)
    durees = list(prefs.durees)
    if valeurs["duree"].isdigit() and int(valeurs["duree"]) not in durees:
        # A duration off the quick picks (a duplicate, a correction) is shown typed in.
        valeurs = valeurs | {"duree_autre": valeurs["duree"], "duree": ""}
    lieux_recents, lieux_tous = await lieux_pour_saisie(db, user.email)
    juste = await lire_activite(db, enregistree) if enregistree else None
    return page(
        request,
        "activite_form.html",
        status_code=status,
        nav_actif="activites",
        valeurs=valeurs,
        erreurs=erreurs,
        durees=durees,
        lieux_recents=lieux_recents,
        lieux_tous=lieux_tous,
        personnes=await beneficiaires_pour_saisie(db, user.email),
        enregistree=juste if juste and juste.mediateur == user.email else None,
        duplique_de=duplique_de,
        corrigee=corrigee,
        action=f"/activites/{corrigee}/corriger" if corrigee else "/activites/nouvelle",
        **REFERENTIELS,
    )
