"""Mediators' pages for the people they accompany: list, record (warned of duplicates before
creating), detail with history, change, and erasure for admins."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.activites.referentiel import AUTONOMIES, TYPES_ACTIVITE
from domain.beneficiaires.commands import EnregistrerBeneficiaire
from domain.beneficiaires.doublons import doublons_probables
from domain.beneficiaires.events import Identite
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.errors import DomainError
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION
from domain.lieux.standard import valider_telephone
from mednum.accounts import Role
from mednum.composition import Services
from projections.activites_requetes import FiltresActivites, lister_activites
from projections.beneficiaires_requetes import (
    BeneficiaireVue,
    identites_suivies,
    lire_beneficiaire,
    lister_beneficiaires,
)
from projections.diagnostics import historique_niveaux
from web.affichage import Affichage
from web.api.beneficiaires import vue_accessible
from web.auth.guards import auteur, mediateur_vu, roles, utilisateur
from web.deps import connexion, wait_if_asked
from web.formulaires import (
    FormulaireInvalide,
    apres,
    convertir_tout,
    erreurs_de,
    libelle_commune,
    texte,
)
from web.pages.beneficiaires_formulaire import (
    CHAMPS,
    historique_beneficiaire,
    lire_enregistrement,
    valeurs_de,
)
from web.pagination import NumeroDePage, une_page
from web.templating import page

_JOURNALISE = "mednum_acces_journalise"
LISTES: dict[str, Any] = {"genres": GENRES, "tranches": TRANCHES_AGE, "statuts": STATUTS_SOCIAUX}
LIBELLES_ACTIVITES = {
    "types": TYPES_ACTIVITE,
    "thematiques": THEMATIQUES_MEDIATION | THEMATIQUES_ADMINISTRATIVES,
    "autonomies": AUTONOMIES,
}


class BeneficiairesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]

    @get("/beneficiaires")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        suivis: FromQuery[bool | None] = None,
        page_liste: NumeroDePage = 1,
    ) -> Template:
        user = utilisateur(request)
        items, pagination = await une_page(
            page_liste,
            lister_beneficiaires,
            db,
            mediateur=mediateur_vu(user),
            q=q or None,
            suivis=suivis,
        )
        filtres = {"q": q or "", "suivis": "" if suivis is None else str(suivis).lower()}
        return page(
            request,
            "beneficiaires.html",
            nav_actif="beneficiaires",
            beneficiaires=items,
            q=q or "",
            suivis=suivis,
            requete=urlencode(filtres),
            **pagination,
            **LISTES,
        )

    @get("/beneficiaires/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return _formulaire(request, valeurs_de({}), {}, None)

    @post("/beneficiaires/nouveau")
    async def creer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        """Hand-written: a probable duplicate shows the form again (200) with the people who
        resemble this one, before anything is created."""
        try:
            commande = convertir_tout(lire_enregistrement(data), EnregistrerBeneficiaire)
            verifier = commande.suivi and not texte(data, "aucun_doublon")
            if verifier and (doublons := await _doublons(db, request, commande)) is not None:
                return _formulaire(request, valeurs_de(data), {}, None, doublons=doublons)
            resultat = await asyncio.to_thread(
                composition.beneficiaires.enregistrer, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return await page_formulaire(Affichage(request, None, data, invalide.erreurs, 422))
        except DomainError as refus:
            return await page_formulaire(Affichage(request, None, data, erreurs_de(refus), 422))
        return Redirect(
            path=f"/beneficiaires/{resultat.id}",
            query_params=apres(resultat.notification_id),
            status_code=303,
        )

    @get("/beneficiaires/{beneficiaire_id:uuid}")
    async def fiche(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        composition: NamedDependency[Services],
        beneficiaire_id: FromPath[UUID],
        apres: FromQuery[int | None] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        vue = await vue_accessible(db, beneficiaire_id, utilisateur(request), "page")
        events = await asyncio.to_thread(composition.hub.events, beneficiaire_id)
        return page(
            request,
            "beneficiaire.html",
            nav_actif="beneficiaires",
            beneficiaire=vue,
            historique=historique_beneficiaire(events),
            niveaux=await historique_niveaux(db, beneficiaire_id),
            activites=await lister_activites(
                db, FiltresActivites(beneficiaire_id=beneficiaire_id), limit=20, offset=0
            ),
            libelles_activites=LIBELLES_ACTIVITES,
            **LISTES,
        )

    @get("/beneficiaires/{beneficiaire_id:uuid}/modifier")
    async def edition(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaire_id: FromPath[UUID],
    ) -> Template:
        vue = await vue_accessible(db, beneficiaire_id, utilisateur(request), "modification")
        return _formulaire(request, valeurs_de(vue_en_formulaire(vue)), {}, vue)


def acces_journalise(action: str) -> Callable[[Request[Any, Any, Any], Any, UUID], Awaitable[None]]:
    """Before a form's write: "not found" unless the caller may reach this person, and the
    access logged, once for the request (a form shown again does not log it twice)."""

    async def avant(request: Request[Any, Any, Any], _services: Any, beneficiaire_id: UUID) -> None:
        async with connexion(request) as db:
            await vue_accessible(db, beneficiaire_id, utilisateur(request), action)
        request.state[_JOURNALISE] = True

    return avant


async def page_formulaire(affichage: Affichage) -> Template:
    """The form shown again after a refusal, with what was typed (the person's, if changed)."""
    request, vue = affichage.request, None
    if affichage.id is not None:
        action = None if request.state.get(_JOURNALISE) else "modification"
        async with connexion(request) as db:
            vue = await vue_accessible(db, affichage.id, utilisateur(request), action)
    valeurs = valeurs_de(affichage.saisie)
    return _formulaire(request, valeurs, affichage.erreurs, vue, status=affichage.status)


async def page_refus(affichage: Affichage) -> Template:
    """A refused erasure: the error page, as the record's page has no form to show it by."""
    return affichage.page_d_erreur(" ".join(affichage.erreurs.values()))


def _formulaire(
    request: Request[Any, Any, Any],
    valeurs: dict[str, Any],
    erreurs: dict[str, str],
    beneficiaire: BeneficiaireVue | None,
    *,
    status: int = 200,
    doublons: list[Any] | None = None,
) -> Template:
    return page(
        request,
        "beneficiaire_form.html",
        status_code=status,
        nav_actif="beneficiaires",
        valeurs=valeurs,
        erreurs=erreurs,
        beneficiaire=beneficiaire,
        doublons=doublons or [],
        **LISTES,
    )


async def _doublons(
    db: asyncpg.Connection, request: Request[Any, Any, Any], commande: EnregistrerBeneficiaire
) -> list[Any] | None:
    """The people this mediator follows who resemble the one typed, with why; None if none."""
    saisie = Identite(
        prenom=commande.prenom or "",
        nom=commande.nom or "",
        telephone=_telephone(commande.telephone),
        courriel=commande.courriel,
    )
    proches = doublons_probables(saisie, await identites_suivies(db, utilisateur(request).email))
    if not proches:
        return None
    vues = [await lire_beneficiaire(db, p.id) for p in proches]
    return [(v, p) for v, p in zip(vues, proches, strict=True) if v]


def vue_en_formulaire(vue: BeneficiaireVue) -> dict[str, Any]:
    valeurs = {champ: getattr(vue, champ, None) for champ in CHAMPS}
    valeurs["commune_residence"] = libelle_commune(vue.commune_residence)
    # La Coop's « non communiqué » is shown as the empty « Non renseigné » choice.
    valeurs |= {c: "" for c in ("genre", "statut_social") if valeurs[c] == "non_communique"}
    if vue.annee_naissance or valeurs["tranche_age"] == "non_communique":
        valeurs["tranche_age"] = ""  # derived from the year, or not known
    valeurs["suivi"] = "true" if vue.suivi else ""
    valeurs["version"] = vue.version
    return {k: "" if v is None else v for k, v in valeurs.items()}


def _telephone(brut: str | None) -> str | None:
    try:
        return valider_telephone(brut)
    except DomainError:
        return None
