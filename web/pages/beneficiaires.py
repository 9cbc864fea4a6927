"""Mediators' pages for the people they accompany: list, record (warned of duplicates before
creating), detail with history, change, and erasure for admins."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import asyncpg
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from domain.activites.referentiel import AUTONOMIES, TYPES_ACTIVITE
from domain.beneficiaires.commands import (
    AnonymiserBeneficiaire,
)
from domain.beneficiaires.doublons import doublons_probables
from domain.beneficiaires.events import Identite
from domain.beneficiaires.referentiel import GENRES, STATUTS_SOCIAUX, TRANCHES_AGE
from domain.errors import ConflitDeVersion, DomainError
from domain.grille.thematiques import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION
from domain.lieux.standard import valider_telephone
from mednum.accounts import Role
from mednum.services.beneficiaires import Beneficiaires
from projections.activites_requetes import FiltresActivites, lister_activites
from projections.beneficiaires_requetes import (
    BeneficiaireVue,
    identites_suivies,
    lire_beneficiaire,
    lister_beneficiaires,
)
from projections.diagnostics import historique_niveaux
from web.api.beneficiaires import portee, provide_beneficiaires, utilisateur, vue_accessible
from web.auth.guards import auteur, roles
from web.deps import wait_if_asked
from web.formulaires import FormulaireInvalide, apres, command_id_lu, erreurs_de, texte
from web.pages.beneficiaires_formulaire import (
    CHAMPS,
    commande_enregistrer,
    commande_modifier,
    historique_beneficiaire,
    valeurs_de,
)
from web.templating import page

PAR_PAGE = 50
LISTES: dict[str, Any] = {"genres": GENRES, "tranches": TRANCHES_AGE, "statuts": STATUTS_SOCIAUX}
LIBELLES_ACTIVITES = {
    "types": TYPES_ACTIVITE,
    "thematiques": THEMATIQUES_MEDIATION | THEMATIQUES_ADMINISTRATIVES,
    "autonomies": AUTONOMIES,
}


class BeneficiairesPages(Controller):
    guards = [roles(Role.MEDIATEUR)]
    dependencies = {
        "beneficiaires": Provide(provide_beneficiaires, sync_to_thread=False),
    }
    include_in_schema = False

    @get("/beneficiaires")
    async def liste(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        suivis: FromQuery[bool | None] = None,
        page_liste: Annotated[int, QueryParameter(name="page", ge=1, le=10_000)] = 1,
    ) -> Template:
        user = utilisateur(request)
        items, total = await lister_beneficiaires(
            db,
            mediateur=portee(user),
            q=q or None,
            suivis=suivis,
            limit=PAR_PAGE,
            offset=(page_liste - 1) * PAR_PAGE,
        )
        filtres = {"q": q or "", "suivis": "" if suivis is None else str(suivis).lower()}
        return page(
            request,
            "beneficiaires.html",
            nav_actif="beneficiaires",
            beneficiaires=items,
            total=total,
            q=q or "",
            suivis=suivis,
            requete=urlencode(filtres),
            page_liste=page_liste,
            pages=max(1, -(-total // PAR_PAGE)),
            **LISTES,
        )

    @get("/beneficiaires/nouveau")
    async def nouveau(self, request: Request[Any, Any, Any]) -> Template:
        return self._formulaire(request, valeurs_de({}), {}, None)

    @post("/beneficiaires/nouveau")
    async def creer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaires: NamedDependency[Beneficiaires],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        valeurs = valeurs_de(data)
        try:
            commande = commande_enregistrer(valeurs)
            if commande.suivi and not texte(data, "aucun_doublon"):
                # Warn before creating, not in a batch afterwards: the mediator looks at the
                # people who resemble this one and confirms it is someone else.
                saisie = Identite(
                    prenom=commande.prenom or "",
                    nom=commande.nom or "",
                    telephone=_telephone(commande.telephone),
                    courriel=commande.courriel,
                )
                suivis = await identites_suivies(db, utilisateur(request).email)
                if proches := doublons_probables(saisie, suivis):
                    vues = [await lire_beneficiaire(db, p.id) for p in proches]
                    doublons = [(v, p) for v, p in zip(vues, proches, strict=True) if v]
                    return self._formulaire(request, valeurs, {}, None, doublons=doublons)
            resultat = await asyncio.to_thread(beneficiaires.enregistrer, commande, auteur(request))
        except FormulaireInvalide as invalide:
            return self._formulaire(request, valeurs, invalide.erreurs, None, status=422)
        except DomainError as refus:
            return self._formulaire(request, valeurs, erreurs_de(refus), None, status=422)
        return Redirect(
            path=f"/beneficiaires/{resultat.id}", query_params=apres(resultat.notification_id)
        )

    @get("/beneficiaires/{beneficiaire_id:uuid}")
    async def fiche(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaires: NamedDependency[Beneficiaires],
        beneficiaire_id: FromPath[UUID],
        apres: FromQuery[int | None] = None,
    ) -> Template:
        await wait_if_asked(request, apres)
        vue = await vue_accessible(db, beneficiaire_id, utilisateur(request), "page")
        events = await asyncio.to_thread(beneficiaires.hub.events, beneficiaire_id)
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
        return self._formulaire(request, valeurs_de(vue_en_formulaire(vue)), {}, vue)

    @post("/beneficiaires/{beneficiaire_id:uuid}/modifier")
    async def modifier(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaires: NamedDependency[Beneficiaires],
        beneficiaire_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Template | Redirect:
        vue = await vue_accessible(db, beneficiaire_id, utilisateur(request), "modification")
        valeurs = valeurs_de(data)
        try:
            commande = commande_modifier(valeurs, vue)
            resultat = await asyncio.to_thread(
                beneficiaires.modifier, beneficiaire_id, commande, auteur(request)
            )
        except FormulaireInvalide as invalide:
            return self._formulaire(request, valeurs, invalide.erreurs, vue, status=422)
        except DomainError as refus:
            status = 409 if isinstance(refus, ConflitDeVersion) else 422
            return self._formulaire(request, valeurs, erreurs_de(refus), vue, status=status)
        return Redirect(
            path=f"/beneficiaires/{beneficiaire_id}", query_params=apres(resultat.notification_id)
        )

    @post("/beneficiaires/{beneficiaire_id:uuid}/effacer", guards=[roles(Role.ADMIN)])
    async def effacer(
        self,
        request: Request[Any, Any, Any],
        db: NamedDependency[asyncpg.Connection],
        beneficiaires: NamedDependency[Beneficiaires],
        beneficiaire_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Redirect:
        await vue_accessible(db, beneficiaire_id, utilisateur(request), "effacement")
        commande = AnonymiserBeneficiaire(command_id=command_id_lu(data.get("command_id")))
        resultat = await asyncio.to_thread(
            beneficiaires.anonymiser, beneficiaire_id, commande, auteur(request)
        )
        return Redirect(
            path=f"/beneficiaires/{beneficiaire_id}", query_params=apres(resultat.notification_id)
        )

    def _formulaire(
        self,
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


def vue_en_formulaire(vue: BeneficiaireVue) -> dict[str, Any]:
    valeurs = {champ: getattr(vue, champ, None) for champ in CHAMPS}
    valeurs["suivi"] = "true" if vue.suivi else ""
    valeurs["version"] = vue.version
    return {k: "" if v is None else v for k, v in valeurs.items()}


def _telephone(brut: str | None) -> str | None:
    try:
        return valider_telephone(brut)
    except DomainError:
        return None
