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
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.activites.commands import EnregistrerActivite
from domain.activites.regles import PARIS
from domain.activites.state import Activite
from domain.errors import DomainError
from domain.grille.thematiques import THEMATIQUES_MEDIATION
from mednum.accounts import Role
from mednum.composition import Services
from projections.activites_requetes import (
    FiltresActivites,
    beneficiaires_pour_saisie,
    lieux_pour_saisie,
    lire_activite,
    lister_activites,
    noms_beneficiaires,
    preferences_de,
    thematiques_frequentes,
)
from web.affichage import Affichage
from web.api.activites import lire_detail
from web.auth.guards import mediateur_vu, roles, utilisateur
from web.deps import Position, connexion, services, wait_if_asked
from web.exposition import route_fiche
from web.formulaires import (
    FormulaireInvalide,
    apres,
    command_id,
    convertir_tout,
    erreurs_de,
    texte,
    version,
)
from web.pages.activites_formulaire import (
    refus_des_regles,
    uuid_ou_none,
    valeurs_commande,
    valeurs_depuis,
    valeurs_habituelles,
    valeurs_postees,
    valeurs_vides,
)
from web.pages.activites_libelles import REFERENTIELS, THEMATIQUES_PAR_DEFAUT
from web.pages.activites_personne import (
    NOUVEAU,
    commande_personne,
    creer_personne,
    personne_choisie,
    personne_saisie,
    personnes_du_formulaire,
)
from web.pagination import NumeroDePage, une_page
from web.templating import page

NB_USUELLES = 8


def aujourdhui() -> dt.date:
    return dt.datetime.now(PARIS).date()


def _saisie_nouvelle(form: dict[str, Any]) -> dict[str, Any]:
    valeurs = valeurs_postees(form)
    valeurs["type"] = "collectif" if valeurs["type"] == "collectif" else "individuel"
    return valeurs


def lire_enregistrement(form: dict[str, Any]) -> dict[str, Any]:
    valeurs = _saisie_nouvelle(form)
    return valeurs_commande(valeurs) | {"type": valeurs["type"], "command_id": command_id(valeurs)}


def lire_correction(form: dict[str, Any]) -> dict[str, Any]:
    valeurs = valeurs_postees(form)
    return valeurs_commande(valeurs) | {
        "command_id": command_id(valeurs),
        "version": version(valeurs),
    }


def lire_suppression(form: dict[str, Any]) -> dict[str, Any]:
    return {
        "command_id": command_id(form),
        "version": version(form),
        "motif": texte(form, "motif")[:300],
    }


async def _activite_ou_404(request: Request[Any, Any, Any], activite_id: UUID) -> Activite:
    activites = services(request).activites
    activite = await asyncio.to_thread(activites.activite_de, activite_id, utilisateur(request))
    if activite is None:
        raise NotFoundException("Cette activité n'existe pas.")
    return activite


async def page_detail(affichage: Affichage) -> Template:
    """The activity, its history and the deletion form (shown again by a refused deletion)."""
    request = affichage.request
    user = utilisateur(request)
    async with connexion(request) as db:
        vue, activite, lignes = await lire_detail(
            db, services(request).activites, affichage.fiche, user
        )
        personnes = [*vue.beneficiaires, *([vue.beneficiaire_id] if vue.beneficiaire_id else [])]
        noms = await noms_beneficiaires(db, personnes, mediateur_vu(user))
    return affichage.page(
        "activite.html",
        "activites",
        activite=vue,
        compte_rendu=activite.compte_rendu,
        historique=lignes,
        noms=noms,
        motif=texte(affichage.saisie, "motif"),
        command_id=str(uuid4()),
        **REFERENTIELS,
    )


async def page_correction(affichage: Affichage) -> Template:
    """The correction form shown again with what was typed (its type is the activity's)."""
    request, activite_id, erreurs = affichage.request, affichage.fiche, affichage.erreurs
    activite = await _activite_ou_404(request, activite_id)
    valeurs = valeurs_postees(affichage.saisie) | {"type": activite.compte_rendu.type}
    async with connexion(request) as db:
        return await _formulaire(
            request, db, valeurs, erreurs, status=affichage.status, corrigee=activite_id
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
    doublons: list[Any] | None = None,
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
    # The mediator's usual thématiques (and any ticked) in view, the others one tap away.
    usuelles = [*await thematiques_frequentes(db, user.email, NB_USUELLES), *THEMATIQUES_PAR_DEFAUT]
    usuelles = [t for t in dict.fromkeys(usuelles) if t in THEMATIQUES_MEDIATION][:NB_USUELLES]
    usuelles += valeurs["thematiques"]
    principales = {k: v for k, v in THEMATIQUES_MEDIATION.items() if k in usuelles}
    autres = {k: v for k, v in THEMATIQUES_MEDIATION.items() if k not in principales}
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
        personnes=await personnes_du_formulaire(db, request, valeurs),
        doublons=doublons or [],
        thematiques_principales=principales,
        thematiques_autres=autres,
        enregistree=juste if juste and juste.mediateur == user.email else None,
        duplique_de=duplique_de,
        corrigee=corrigee,
        action=f"/activites/{corrigee}/corriger" if corrigee else "/activites/nouvelle",
        **REFERENTIELS,
    )


class ActivitesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]

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
        page_liste: NumeroDePage = 1,
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
        items, pagination = await une_page(page_liste, lister_activites, db, filtres)
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
            filtres=filtres,
            requete=requete,
            noms=await noms_beneficiaires(db, ids, mediateur_vu(user)),
            personnes=await beneficiaires_pour_saisie(db, user.email),
            lieux=lieux_recents,
            **pagination,
            **REFERENTIELS,
        )

    @get("/activites/nouvelle")
    async def nouvelle(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        type_activite: Annotated[str, QueryParameter(name="type", max_length=20)] = "individuel",
        enregistree: Annotated[str | None, QueryParameter(max_length=40)] = None,
        beneficiaire: Annotated[str | None, QueryParameter(max_length=40)] = None,
        apres_position: Position = None,
    ) -> Template:
        await wait_if_asked(request, apres_position)
        type_activite = "collectif" if type_activite == "collectif" else "individuel"
        prefs = await preferences_de(db, utilisateur(request).email)
        personne = await personne_choisie(db, request, beneficiaire)
        valeurs = valeurs_vides(type_activite, aujourdhui()) | {
            **valeurs_habituelles(prefs),
            "thematiques": list(prefs.thematiques),
            "duree": str(prefs.duree or ""),
        }
        if personne is not None:
            # Arriving from a person's page: the session is theirs (one person in a workshop).
            cle = "beneficiaires" if type_activite == "collectif" else "beneficiaire_id"
            valeurs[cle] = [str(personne)] if type_activite == "collectif" else str(personne)
            valeurs["retour_beneficiaire"] = str(personne)
        juste = uuid_ou_none(enregistree or "")
        return await _formulaire(request, db, valeurs, {}, enregistree=juste)

    @post("/activites/nouvelle")
    async def enregistrer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        """Hand-written: success shows the next blank form of the same type, with the
        recorded activity above it, rather than the activity's page (or, when the form was
        opened from a person's page, that page again). A new followed person typed in the
        form is created first, unless they resemble someone already followed."""
        if choisi := uuid_ou_none(texte(data, "choisir_personne")):
            data = data | {"beneficiaire_id": str(choisi)} | dict.fromkeys(NOUVEAU, "")
        erreurs: dict[str, str] = {}
        try:
            lire_enregistrement(data)
        except FormulaireInvalide as invalide:
            erreurs |= invalide.erreurs
            erreurs |= refus_des_regles(invalide.partiel or {}, invalide.erreurs)
        if personne_saisie(data):
            try:
                commande_personne(data)
            except FormulaireInvalide as invalide:
                erreurs |= invalide.erreurs
        if erreurs:
            return await _formulaire(request, db, _saisie_nouvelle(data), erreurs, status=422)
        try:
            if personne_saisie(data):
                creee = await creer_personne(request, db, composition, data)
                if isinstance(creee, list):
                    valeurs = _saisie_nouvelle(data)
                    return await _formulaire(request, db, valeurs, {}, doublons=creee)
                data = data | {"beneficiaire_id": str(creee)} | dict.fromkeys(NOUVEAU, "")
            commande = convertir_tout(lire_enregistrement(data), EnregistrerActivite)
            resultat = await asyncio.to_thread(
                composition.activites.enregistrer, commande, utilisateur(request)
            )
        except FormulaireInvalide as invalide:
            erreurs = invalide.erreurs
        except DomainError as refus:
            erreurs = erreurs_de(refus)
        else:
            retour = uuid_ou_none(texte(data, "retour_beneficiaire"))
            if retour is not None and retour in (commande.beneficiaire_id, *commande.beneficiaires):
                return Redirect(
                    path=f"/beneficiaires/{retour}",
                    query_params=apres(resultat.notification_id),
                    status_code=303,
                )
            return Redirect(
                path="/activites/nouvelle",
                query_params={"type": commande.type, "enregistree": str(resultat.id)}
                | apres(resultat.notification_id),
                status_code=303,
            )
        return await _formulaire(request, db, _saisie_nouvelle(data), erreurs, status=422)

    detail = route_fiche("/activites/{activite_id:uuid}", page_detail)

    @get("/activites/{activite_id:uuid}/dupliquer")
    async def dupliquer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        activite_id: FromPath[UUID],
    ) -> Template:
        activite = await _activite_ou_404(request, activite_id)
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
        activite_id: FromPath[UUID],
    ) -> Template:
        activite = await _activite_ou_404(request, activite_id)
        valeurs = valeurs_depuis(activite.compte_rendu) | {"version": str(activite.version)}
        return await _formulaire(request, db, valeurs, {}, corrigee=activite_id)
